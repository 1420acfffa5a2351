/**
 * The backup and restore commands (issue 16 acceptance 1, as an operator runs them): `npm run backup` and
 * `npm run restore` as child processes against scratch databases — 50 documents backed up to two targets, restored
 * into a fresh database and data directory with the audit chain, every blob and the row counts verified; a second
 * restore over the live data refused (Vietnamese message, exit 3) until --force; 5 more documents, an incremental,
 * restore full + --incremental → 55.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../test-support/pg';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';

const CLI = path.resolve(import.meta.dirname, '../../cli');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-cli-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function run(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(CLI, script), ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const lastJson = <T>(r: Run): T => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as T;

const B = '----vanthu-cli';
const pdf = (tag: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${tag} ${randomBytes(1024).toString('base64')}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
  );
async function register(c: Client, n: number): Promise<string> {
  const meta = {
    docTypeCode: 'cong_van',
    number: String(n),
    notation: 'CLI-VP',
    issuedDate: '2026-01-05',
    issuingOrganName: 'Bộ Tài chính',
    subject: `Văn bản lệnh sao lưu số ${n}`,
    urgency: 'thuong',
    confidentiality: 'thuong',
  };
  const body = Buffer.concat([
    Buffer.from(
      `--${B}\r\nContent-Disposition: form-data; name="meta"\r\n\r\n${JSON.stringify(meta)}\r\n--${B}\r\nContent-Disposition: form-data; name="files"; filename="cli-${n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    pdf(`cli-${n}`),
    Buffer.from(`\r\n--${B}--\r\n`),
  ]);
  const r = await c.request('POST', '/api/incoming', body, { 'content-type': `multipart/form-data; boundary=${B}` });
  if (r.statusCode !== 200) throw new Error(`register ${n}: ${r.statusCode} ${r.body}`);
  return (r.json() as { id: string }).id;
}
const count = async (url: string, sql: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return Number((await c.query<{ n: string }>(sql)).rows[0]!.n);
  } finally {
    await c.end();
  }
};
async function scratch(): Promise<{ url: string; dataDir: string }> {
  const db = await createTestDatabase('cli');
  cleanups.push(db.drop);
  return { url: db.url, dataDir: fs.mkdtempSync(path.join(tmp, 'data-')) };
}

interface BackupOut {
  ok: boolean;
  id: string;
  kind: string;
  base: string | null;
  dirs: string[];
  blobs: number;
}
interface RestoreOut {
  ok: boolean;
  chain: string[];
  rows: number;
  audit: { ok: boolean; checked: number };
  verify: { blobs: number; missing: string[]; damaged: string[] };
}

describe('npm run backup / npm run restore (issue 16 acceptance 1)', () => {
  it('back up 50 documents, restore into a scratch database, refuse live data without --force, full + incremental → 55', async () => {
    const sys: TestSystem = await createTestSystem();
    cleanups.push(() => sys.stop());
    const clerk = await sys.login('vanthu');
    for (let i = 1; i <= 50; i++) await register(clerk, i);
    const docs = await count(sys.dbUrl, 'SELECT count(*) AS n FROM incoming_documents');
    expect(docs).toBeGreaterThanOrEqual(50);
    const shas = (await sys.deps.pool.query<{ sha256: string }>('SELECT sha256 FROM blobs')).rows.map((r) => r.sha256);
    const src = { DATABASE_URL: sys.dbUrl, VANTHU_DATA_DIR: sys.dataDir };
    const [ta, tb] = [path.join(tmp, 'a'), path.join(tmp, 'b')];

    const full = await run('backup.ts', ['--full', '--target', ta, '--target', tb], src);
    expect(full.code, full.stderr).toBe(0);
    const fm = lastJson<BackupOut>(full);
    expect(fm).toMatchObject({ ok: true, kind: 'full', base: null, blobs: shas.length });
    expect(fm.dirs).toEqual([path.join(ta, fm.id), path.join(tb, fm.id)]);
    // the backup is logged in the source database with its replication event
    expect(
      await count(sys.dbUrl, `SELECT count(*) AS n FROM preservation_backups WHERE id = '${fm.id}' AND verify_ok`),
    ).toBe(1);
    expect(
      await count(
        sys.dbUrl,
        `SELECT count(*) AS n FROM preservation_events WHERE object = 'backup:${fm.id}' AND event_type = 'replication'`,
      ),
    ).toBe(1);

    // restore the second target's copy into a fresh database and data directory
    const d2 = await scratch();
    const dst2 = { DATABASE_URL: d2.url, VANTHU_DATA_DIR: d2.dataDir };
    const r1 = await run('restore.ts', [fm.dirs[1]!], dst2);
    expect(r1.code, r1.stderr).toBe(0);
    const rep = lastJson<RestoreOut>(r1);
    expect(rep.ok).toBe(true);
    expect(rep.audit.ok).toBe(true);
    expect(rep.audit.checked).toBeGreaterThan(50);
    expect(rep.verify).toMatchObject({ blobs: shas.length, missing: [], damaged: [] });
    expect(r1.stdout).toContain('khớp bản kê');
    expect(await count(d2.url, 'SELECT count(*) AS n FROM incoming_documents')).toBe(docs);
    for (const s of shas.slice(0, 5)) {
      const bytes = fs.readFileSync(path.join(d2.dataDir, 'blobs', s.slice(0, 2), s.slice(2, 4), s));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(s);
    }
    // npm run audit:verify passes on the restored database
    const audit = await run('audit-verify.ts', [], dst2);
    expect(audit.code, audit.stderr).toBe(0);

    // again over the live data: refused, nothing changed; --force replaces it
    const marker = await count(d2.url, 'SELECT count(*) AS n FROM preservation_restores');
    const refused = await run('restore.ts', [fm.dirs[0]!], dst2);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('đang có dữ liệu');
    expect(refused.stderr).toContain('--force');
    expect(refused.stderr).toContain('[restore.live_data]');
    expect(await count(d2.url, 'SELECT count(*) AS n FROM preservation_restores')).toBe(marker);
    const forced = await run('restore.ts', [fm.dirs[0]!, '--force'], dst2);
    expect(forced.code, forced.stderr).toBe(0);
    expect(lastJson<RestoreOut>(forced).ok).toBe(true);

    // 5 more documents, an incremental (automatic: a full one is recent), restore full + --incremental
    for (let i = 51; i <= 55; i++) await register(clerk, i);
    const incr = await run('backup.ts', ['--target', ta, '--target', tb], src);
    expect(incr.code, incr.stderr).toBe(0);
    const im = lastJson<BackupOut>(incr);
    expect(im).toMatchObject({ ok: true, kind: 'incremental', base: fm.id, blobs: 5 });
    const d3 = await scratch();
    const r2 = await run('restore.ts', [fm.dirs[0]!, '--incremental', im.dirs[1]!], {
      DATABASE_URL: d3.url,
      VANTHU_DATA_DIR: d3.dataDir,
    });
    expect(r2.code, r2.stderr).toBe(0);
    const rep2 = lastJson<RestoreOut>(r2);
    expect(rep2.chain).toEqual([fm.id, im.id]);
    expect(rep2.verify.blobs).toBe(shas.length + 5);
    expect(await count(d3.url, 'SELECT count(*) AS n FROM incoming_documents')).toBe(docs + 5);

    // an incremental given out of order is refused with a clear message
    const d4 = await scratch();
    const wrong = await run('restore.ts', [im.dirs[0]!, '--incremental', fm.dirs[0]!], {
      DATABASE_URL: d4.url,
      VANTHU_DATA_DIR: d4.dataDir,
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('[restore.chain_order]');
  }, 120_000);
});
