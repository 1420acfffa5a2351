/**
 * Backup CLI (issue 16): node --import tsx apps/server/src/cli/backup.ts <target> [<second target>] [--full|--incremental]
 * Backs up DATABASE_URL's database (or the embedded one under VANTHU_DATA_DIR) and the blob store; prints the
 * manifest summary as JSON. Exit 0 on success, 1 when blobs were damaged or missing at backup time, 2 on error.
 */
import path from 'node:path';
import { loadConfig } from '../config';
import { startSystem } from '../system';
import { backup } from '../modules/preservation';

const args = process.argv.slice(2);
const targets = args.filter((a) => !a.startsWith('--'));
const kind = args.includes('--full') ? 'full' : args.includes('--incremental') ? 'incremental' : 'auto';
if (!targets.length) {
  console.error('Cách dùng: backup <thư mục đích> [<thư mục đích thứ hai>] [--full|--incremental]');
  process.exit(2);
}
const config = loadConfig({ ...process.env, VANTHU_ROLES: '', VANTHU_DEMO: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const sys = await startSystem(config, { listen: false });
let code = 2;
try {
  const r = await backup(sys.deps.pool, path.join(config.dataDir, 'blobs'), { targets, kind });
  const m = r.manifest;
  console.log(JSON.stringify({ ok: !m.damaged.length && !m.missing.length, id: m.id, kind: m.kind, base: m.base, dirs: r.dirs, tables: m.tables.length, rows: m.tables.reduce((s, t) => s + t.rows, 0), blobs: m.blobs.length, blobsTotal: m.blobsTotal, damaged: m.damaged, missing: m.missing, mb: +(r.bytes / 1048576).toFixed(1), seconds: +(r.ms / 1000).toFixed(1) }));
  code = m.damaged.length || m.missing.length ? 1 : 0;
} catch (e) {
  const err = e as { message?: string; code?: string };
  console.error(`Sao lưu không thành công: ${err.message ?? String(e)}${err.code ? ` [${err.code}]` : ''}`);
} finally {
  await sys.close();
}
process.exit(code);
