/**
 * Disaster test (issue 16 acceptance 1): 2,000 documents with files; back up to two targets; the data directory is
 * deleted and the database dropped; restore into an empty database and data directory; the audit chains verify,
 * every blob's hash matches, the server starts and the documents open with their bytes. Then 100 more documents,
 * an incremental backup, restore full + incremental → 2,100.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestSystem, Client, type TestSystem } from '../../../test/factory';
import { createTestDatabase } from '../../../../../test-support/pg';
import { loadConfig } from '../../config';
import { startSystem, type System } from '../../system';
import { spawnSync } from 'node:child_process';
import { backup, readManifest, restore, verifyBackup } from './preservation.backup';

const SEED = 2000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-backup-'));
const targets = [path.join(tmp, 'target-a'), path.join(tmp, 'target-b')];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

const B = '----vanthu-backup';
const pdf = (tag: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${tag} ${randomBytes(2048).toString('base64')}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
  );
async function register(c: Client, n: number): Promise<string> {
  const meta = {
    docTypeCode: 'cong_van',
    number: String(n),
    notation: 'SL-VP',
    issuedDate: '2026-01-05',
    issuingOrganName: 'Bộ Tài chính',
    subject: `Văn bản sao lưu số ${n}`,
    urgency: 'thuong',
    confidentiality: 'thuong',
  };
  const body = Buffer.concat([
    Buffer.from(
      `--${B}\r\nContent-Disposition: form-data; name="meta"\r\n\r\n${JSON.stringify(meta)}\r\n--${B}\r\nContent-Disposition: form-data; name="files"; filename="scan-${n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    pdf(`api-${n}`),
    Buffer.from(`\r\n--${B}--\r\n`),
  ]);
  const r = await c.request('POST', '/api/incoming', body, { 'content-type': `multipart/form-data; boundary=${B}` });
  if (r.statusCode !== 200) throw new Error(`register ${n}: ${r.statusCode} ${r.body}`);
  return (r.json() as { id: string }).id;
}

/** Copies a registered document SEED-1 times in SQL, each with its own file (blob written to the store). */
async function seed(sys: TestSystem, templateId: string, count: number) {
  const root = path.join(sys.dataDir, 'blobs');
  const rows: { sha: string; size: number }[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = pdf(`seed-${i}`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const p = path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, bytes);
    rows.push({ sha, size: bytes.length });
  }
  await sys.deps.pool.query(
    `WITH t AS (SELECT * FROM incoming_documents WHERE id = $1),
          s AS (SELECT u.sha, u.size, u.ord FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS u(sha, size, ord)),
          b AS (INSERT INTO blobs (sha256, size, mime) SELECT sha, size, 'application/pdf' FROM s RETURNING sha256),
          f AS (INSERT INTO files (organ_id, sha256, name, mime, size) SELECT t.organ_id, s.sha, 'seed-' || s.ord || '.pdf', 'application/pdf', s.size FROM s, t RETURNING id, sha256),
          top AS (SELECT max(i.arrival_number) AS hi FROM incoming_documents i, t WHERE i.register_id = t.register_id AND i.arrival_year = t.arrival_year),
          d AS (INSERT INTO incoming_documents (id, organ_id, status, source, register_id, arrival_year, arrival_number, arrival_date, registered_at, received_at, doc_type_code, type_name, number, notation, issued_date,
                  issuing_organ_name, subject, urgency, confidentiality, conf_rank, dup_key, search_text, search_fold)
                SELECT gen_random_uuid(), t.organ_id, t.status, t.source, t.register_id, t.arrival_year, top.hi + s.ord, t.arrival_date, t.registered_at, t.received_at, t.doc_type_code, t.type_name, 'S' || s.ord, t.notation, t.issued_date,
                  t.issuing_organ_name, 'Văn bản mẫu ' || s.ord, t.urgency, t.confidentiality, t.conf_rank, 'seed|' || s.ord, t.search_text, t.search_fold
                FROM s, t, top RETURNING id, number)
     INSERT INTO incoming_files (document_id, file_id, kind)
       SELECT d.id, f.id, 'main' FROM d JOIN s ON d.number = 'S' || s.ord JOIN f ON f.sha256 = s.sha`,
    [templateId, rows.map((r) => r.sha), rows.map((r) => String(r.size))],
  );
  await sys.deps.pool.query(
    `UPDATE register_counters rc SET last_number = m.hi FROM (SELECT register_id, arrival_year, max(arrival_number) AS hi FROM incoming_documents WHERE arrival_number IS NOT NULL GROUP BY 1, 2) m
      WHERE rc.register_id = m.register_id AND rc.year = m.arrival_year`,
  );
}

/** A system on a given database and data directory (after a restore), with the web role in process. */
async function startOn(dbUrl: string, dataDir: string): Promise<System> {
  const config = loadConfig({
    DATABASE_URL: dbUrl,
    VANTHU_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    VANTHU_ROLES: 'web',
    VANTHU_DEMO: '1',
    WEB_DIST: path.join(dataDir, 'no-web'),
  });
  const sys = await startSystem(config, { listen: false });
  cleanups.push(() => sys.close());
  return sys;
}
async function loginOn(sys: System): Promise<Client> {
  const c = new Client(sys.app!);
  const r = await c.post('/api/auth/login', { username: 'vanthu', password: 'Demo@2026' });
  expect(r.statusCode).toBe(200);
  return c;
}
const countDocs = async (pool: pg.Pool) =>
  Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM incoming_documents')).rows[0]!.n);

/** Every blob row has its file on disk and the file hashes to its name. */
function checkBlobs(root: string, shas: string[]) {
  const bad = shas.filter((s) => {
    const p = path.join(root, s.slice(0, 2), s.slice(2, 4), s);
    return !fs.existsSync(p) || createHash('sha256').update(fs.readFileSync(p)).digest('hex') !== s;
  });
  expect(bad).toEqual([]);
}

describe('backup and restore (issue 16 acceptance 1)', () => {
  it('2,000 documents survive the loss of data directory and database; an incremental brings 2,100', async () => {
    let sys: TestSystem | null = await createTestSystem();
    const clerk = await sys.login('vanthu');
    const apiIds: string[] = [];
    for (let i = 1; i <= 10; i++) apiIds.push(await register(clerk, i));
    await seed(sys, apiIds[0]!, SEED - apiIds.length);
    expect(await countDocs(sys.deps.pool)).toBe(SEED);
    const shas = (await sys.deps.pool.query<{ sha256: string }>('SELECT sha256 FROM blobs ORDER BY 1')).rows.map(
      (r) => r.sha256,
    );
    expect(shas.length).toBeGreaterThanOrEqual(SEED);

    const full = await backup(sys.deps.pool, path.join(sys.dataDir, 'blobs'), { targets, kind: 'full' });
    expect(full.dirs).toHaveLength(2);
    expect(full.manifest.blobs.length).toBe(shas.length);
    expect(full.manifest.tables.find((t) => t.name === 'incoming_documents')!.rows).toBe(SEED);
    expect(readManifest(full.dirs[1]!).id).toBe(full.manifest.id); // the second target holds a verified copy
    expect((await verifyBackup(full.dirs[1]!)).ok).toBe(true);

    // disaster: data directory deleted, database dropped
    const first = { dataDir: sys.dataDir };
    await sys.stop();
    sys = null;
    expect(fs.existsSync(first.dataDir)).toBe(false);

    const db2 = await createTestDatabase('restore');
    cleanups.push(db2.drop);
    const data2 = fs.mkdtempSync(path.join(tmp, 'data2-'));
    const pool2 = new pg.Pool({ connectionString: db2.url, max: 2 });
    const report = await restore(pool2, path.join(data2, 'blobs'), full.dirs[0]!);
    expect(report.ok).toBe(true);
    expect(report.tables.find((t) => t.name === 'incoming_documents')!.rows).toBe(SEED);
    expect(report.blobs.restored).toBe(shas.length);
    checkBlobs(path.join(data2, 'blobs'), shas);
    // a second restore over live data is refused
    await expect(restore(pool2, path.join(data2, 'blobs'), full.dirs[0]!)).rejects.toMatchObject({
      code: 'restore.live_data',
    });
    await pool2.end();

    const sys2 = await startOn(db2.url, data2);
    // npm run audit:verify on the restored database
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db2.url,
      VANTHU_DATA_DIR: data2,
      LOG_LEVEL: 'silent',
    };
    const audit = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.resolve(import.meta.dirname, '../../cli/audit-verify.ts')],
      { env, encoding: 'utf8' },
    );
    expect(audit.status, audit.stderr).toBe(0);
    const verdict = JSON.parse(audit.stdout.trim().split('\n').at(-1)!) as { ok: boolean; checked: number };
    expect(verdict.ok).toBe(true);
    expect(verdict.checked).toBeGreaterThan(10);
    const clerk2 = await loginOn(sys2);
    const doc = await clerk2.request('GET', `/api/incoming/${apiIds[3]}`);
    expect(doc.statusCode).toBe(200);
    const seeded = (
      await sys2.deps.pool.query<{ id: string; file_id: string; sha256: string }>(
        "SELECT d.id, f.id AS file_id, f.sha256 FROM incoming_documents d JOIN incoming_files x ON x.document_id = d.id JOIN files f ON f.id = x.file_id WHERE d.dup_key = 'seed|1500'",
      )
    ).rows[0]!;
    expect((await clerk2.request('GET', `/api/incoming/${seeded.id}`)).statusCode).toBe(200);
    const bytes = await clerk2.request('GET', `/api/incoming/${seeded.id}/files/${seeded.file_id}`);
    expect(bytes.statusCode).toBe(200);
    expect(createHash('sha256').update(bytes.rawPayload).digest('hex')).toBe(seeded.sha256);

    // 100 more, an incremental backup holding only the new blobs
    for (let i = 0; i < 100; i++) await register(clerk2, 1000 + i);
    expect(await countDocs(sys2.deps.pool)).toBe(SEED + 100);
    const incr = await backup(sys2.deps.pool, path.join(data2, 'blobs'), { targets, kind: 'incremental' });
    expect(incr.manifest.kind).toBe('incremental');
    expect(incr.manifest.base).toBe(full.manifest.id);
    expect(incr.manifest.blobs.length).toBe(100);
    const shas2 = (await sys2.deps.pool.query<{ sha256: string }>('SELECT sha256 FROM blobs')).rows.map(
      (r) => r.sha256,
    );

    const db3 = await createTestDatabase('restore');
    cleanups.push(db3.drop);
    const data3 = fs.mkdtempSync(path.join(tmp, 'data3-'));
    const pool3 = new pg.Pool({ connectionString: db3.url, max: 2 });
    cleanups.push(() => pool3.end());
    const report2 = await restore(pool3, path.join(data3, 'blobs'), incr.dirs[1]!); // from the second target
    expect(report2.chain).toEqual([full.manifest.id, incr.manifest.id]);
    expect(await countDocs(pool3)).toBe(SEED + 100);
    checkBlobs(path.join(data3, 'blobs'), shas2);
    // numbering goes on after the restore: the counters came back with the rows
    const sys3 = await startOn(db3.url, data3);
    const id = await register(await loginOn(sys3), 5000);
    const n = (
      await pool3.query<{ arrival_number: number; hi: number }>(
        'SELECT arrival_number, (SELECT max(arrival_number) FROM incoming_documents) AS hi FROM incoming_documents WHERE id = $1',
        [id],
      )
    ).rows[0]!;
    expect(n.arrival_number).toBe(n.hi);
    expect(n.arrival_number).toBe(SEED + 101);
  }, 120_000);

  it('a damaged file in a backup is found by verification and refused by the restore', async () => {
    const sys = await createTestSystem();
    cleanups.push(() => sys.stop());
    const target = path.join(tmp, 'damaged');
    const b = await backup(sys.deps.pool, path.join(sys.dataDir, 'blobs'), { targets: [target], kind: 'full' });
    const t = b.manifest.tables.find((x) => x.name === 'users')!;
    const file = path.join(b.dirs[0]!, t.file);
    const bytes = fs.readFileSync(file);
    bytes[10] = bytes[10]! ^ 1;
    fs.writeFileSync(file, bytes);
    const v = await verifyBackup(b.dirs[0]!);
    expect(v.ok).toBe(false);
    expect(v.problems).toContain(`${b.manifest.id}/${t.file}`);
    const db = await createTestDatabase('restore');
    cleanups.push(db.drop);
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    cleanups.push(() => pool.end());
    await expect(restore(pool, path.join(tmp, 'dmg-blobs'), b.dirs[0]!)).rejects.toMatchObject({
      code: 'restore.file_damaged',
    });
    // checked before anything is written: the target database is still empty
    expect(
      Number((await pool.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n),
    ).toBe(0);
  }, 60_000);
});
