/**
 * Crash restart (issue 10 hole 11, acceptance 6): a real server process on an embedded PostgreSQL in a fresh data
 * directory takes concurrent incoming registrations and is killed with SIGKILL mid-way. Its postgres survives,
 * orphaned. The next start finds it through postmaster.pid, shuts it down and comes up (readyz); the registration
 * numbers have no gaps (per register and year: count = max, min = 1) and after the orphan sweep every blob file on
 * disk is named by a blobs row.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedPasswordFile, freePort } from './embedded';
import { storedBlobs } from '../modules/blobs/blobs.sweep';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-crash-'));
fs.chmodSync(dataDir, 0o755); // as root, postgres runs as the postgres user
const children: ChildProcess[] = [];
let pgPort = 0;
let httpPort = 0;

function startServer(): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VANTHU_DATA_DIR: dataDir,
    PORT: String(httpPort),
    HOST: '127.0.0.1',
    VANTHU_PG_PORT: String(pgPort),
    VANTHU_DEMO: '1',
    VANTHU_DEMO_OFFICE: '0',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL; // the embedded database, as `npm start` runs it
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'apps/server/src/main.ts')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  children.push(child);
  return { child, output: () => out };
}

async function ready(s: { child: ChildProcess; output: () => string }, ms = 50_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (s.child.exitCode !== null) throw new Error(`server exited ${s.child.exitCode}: ${s.output().slice(-2000)}`);
    if (
      await fetch(`http://127.0.0.1:${httpPort}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > until) throw new Error(`not ready: ${s.output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function login() {
  const r = await fetch(`http://127.0.0.1:${httpPort}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'vanthu', password: 'Demo@2026' }),
  });
  if (r.status !== 200) throw new Error(`login: ${r.status}`);
  return {
    cookie: r.headers.get('set-cookie')!.split(';')[0]!,
    csrf: ((await r.json()) as { csrfToken: string }).csrfToken,
  };
}

const B = '----vanthu-crash';
function registration(n: number): Buffer {
  const meta = {
    docTypeCode: 'cong_van',
    number: String(n),
    notation: 'CRASH',
    issuedDate: '2026-01-05',
    issuingOrganName: 'Bộ Tài chính',
    subject: `Văn bản thử khởi động lại số ${n}`,
    urgency: 'thuong',
    confidentiality: 'thuong',
  };
  const pdf = `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${randomBytes(48 * 1024).toString('base64')}\ntrailer <</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(
    `--${B}\r\nContent-Disposition: form-data; name="meta"\r\n\r\n${JSON.stringify(meta)}\r\n--${B}\r\nContent-Disposition: form-data; name="files"; filename="scan-${n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n${pdf}\r\n--${B}--\r\n`,
  );
}

async function register(auth: { cookie: string; csrf: string }, n: number): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${httpPort}/api/incoming`, {
    method: 'POST',
    headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': `multipart/form-data; boundary=${B}` },
    body: new Uint8Array(registration(n)),
  });
  await r.arrayBuffer();
  return r.status;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  await Promise.all(
    children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)),
  );
  // a postgres still running (a failed assertion before the restart) is stopped by its pid file
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && alive(pid)) process.kill(pid, 'SIGQUIT');
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('crash restart (issue 10 hole 11, acceptance 6)', () => {
  it('kill -9 during registrations: the next start stops the orphaned postgres, numbers have no gaps, the sweep leaves no orphan blob', async () => {
    pgPort = await freePort();
    httpPort = await freePort();
    const first = startServer();
    await ready(first);
    const auth = await login();

    // 6 clients register until the kill; the kill comes once 30 have been acknowledged
    let n = 0;
    let acknowledged = 0;
    let killed = false;
    const clients = Array.from({ length: 6 }, async () => {
      while (!killed) {
        const status = await register(auth, ++n).catch(() => 0);
        if (status === 200) acknowledged++;
        else if (!killed) throw new Error(`registration refused before the kill: ${status}`);
        if (acknowledged >= 30 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(clients);
    await new Promise((r) => (first.child.signalCode ? r(null) : first.child.once('exit', r)));
    expect(first.child.signalCode).toBe('SIGKILL');

    // today's hole: the embedded postgres outlives its server
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    const orphan = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    expect(alive(orphan)).toBe(true);

    const second = startServer();
    await ready(second);
    expect(second.output()).not.toContain('undefined');
    expect(alive(orphan)).toBe(false);
    const newPostmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    expect(newPostmaster).not.toBe(orphan);

    // registrations go on after the restart
    const auth2 = await login();
    for (let i = 0; i < 5; i++) expect(await register(auth2, ++n)).toBe(200);

    const db = new pg.Client({
      connectionString: `postgres://postgres:${encodeURIComponent(fs.readFileSync(embeddedPasswordFile(path.join(dataDir, 'pg')), 'utf8').trim())}@127.0.0.1:${pgPort}/vanthu`,
    });
    await db.connect();
    try {
      const per = await db.query<{ register_id: string; arrival_year: number; n: string; lo: number; hi: number }>(
        'SELECT register_id, arrival_year, count(*) AS n, min(arrival_number) AS lo, max(arrival_number) AS hi FROM incoming_documents WHERE arrival_number IS NOT NULL GROUP BY 1, 2',
      );
      const total = per.rows.reduce((s, r) => s + Number(r.n), 0);
      expect(total).toBeGreaterThanOrEqual(acknowledged + 5); // every acknowledged registration survived the kill
      for (const r of per.rows) {
        expect(r.lo).toBe(1);
        expect(Number(r.n)).toBe(r.hi); // no gaps
      }

      // the orphan sweep, through the restarted server's job queue (grace 0: nothing is in flight now)
      const job = await db.query<{ id: string }>(
        "INSERT INTO jobs (kind, payload) VALUES ('blobs.sweep', '{\"graceMinutes\": 0}') RETURNING id",
      );
      const until = Date.now() + 20_000;
      let state = 'pending';
      while (state !== 'done' && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
        state = (
          await db.query<{ state: string; last_error: string | null }>(
            'SELECT state, last_error FROM jobs WHERE id = $1',
            [job.rows[0]!.id],
          )
        ).rows[0]!.state;
        expect(state).not.toBe('dead');
      }
      expect(state).toBe('done');
      const onDisk: string[] = [];
      for await (const b of storedBlobs(path.join(dataDir, 'blobs'))) onDisk.push(b.sha256);
      const known = new Set((await db.query<{ sha256: string }>('SELECT sha256 FROM blobs')).rows.map((r) => r.sha256));
      expect(onDisk.filter((s) => !known.has(s))).toEqual([]);
      expect([...known].filter((s) => !onDisk.includes(s))).toEqual([]); // and nothing referenced was taken
      expect(onDisk.length).toBeGreaterThanOrEqual(acknowledged + 5);
    } finally {
      await db.end();
    }
  }, 110_000);
});
