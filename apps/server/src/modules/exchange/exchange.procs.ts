/**
 * Test support for the two-instance tests: real server processes on their own databases and a hub process
 * that can be killed and restarted on the same port. Spawns `node --import tsx` directly so SIGKILL reaches
 * the process itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../../../../..');

export type MakeDb = (prefix: string) => Promise<{ url: string; drop: () => Promise<void> }>;
/** The test cluster's databases (vitest's provided cluster); benches pass their own. */
const testDb: MakeDb = async (prefix) => (await import('../../../../../test-support/pg')).createTestDatabase(prefix);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, out: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process exited during start:\n${out()}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`not ready in time:\n${out()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function spawnNode(script: string, env: Record<string, string>): { child: ChildProcess; out: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buf = '';
  const keep = (d: Buffer) => (buf = (buf + d.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, out: () => buf };
}

const stopChild = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

export interface HubProc {
  endpoint: string;
  kill: () => Promise<void>;
  restart: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function startHubProcess(
  systems: { systemId: string; secret: string; organs: string[] }[],
  makeDb: MakeDb = testDb,
): Promise<HubProc> {
  const db = await makeDb('exhub');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-exhub-'));
  const env = {
    HUB_DATABASE_URL: db.url,
    HUB_HOST: '127.0.0.1',
    HUB_PORT: String(port),
    HUB_DATA_DIR: dataDir,
    HUB_LOG_LEVEL: 'warn',
    HUB_SYSTEMS: JSON.stringify(systems),
  };
  const endpoint = `http://127.0.0.1:${port}`;
  let p = spawnNode('apps/hub/src/main.ts', env);
  await waitReady(`${endpoint}/readyz`, p.child, p.out);
  return {
    endpoint,
    kill: () => stopChild(p.child, 'SIGKILL'),
    restart: async () => {
      p = spawnNode('apps/hub/src/main.ts', env);
      await waitReady(`${endpoint}/readyz`, p.child, p.out);
    },
    stop: async () => {
      await stopChild(p.child);
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ServerProc {
  url: string;
  dbUrl: string;
  login: (username: string) => Promise<Http>;
  stop: () => Promise<void>;
}

export async function startServerProc(env: Record<string, string> = {}, makeDb: MakeDb = testDb): Promise<ServerProc> {
  const db = await makeDb('exsrv');
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-exsrv-'));
  const url = `http://127.0.0.1:${port}`;
  const p = spawnNode('apps/server/src/main.ts', {
    DATABASE_URL: db.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    VANTHU_DEMO: '1',
    VANTHU_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WEB_DIST: path.join(dataDir, 'no-web'),
    ...env,
  });
  await waitReady(`${url}/readyz`, p.child, p.out);
  return {
    url,
    dbUrl: db.url,
    login: async (username) => {
      const h = new Http(url);
      const r = await h.post('/api/auth/login', { username, password: 'Demo@2026' });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return h;
    },
    stop: async () => {
      await stopChild(p.child);
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fetch client keeping the session cookie and sending the CSRF token. */
export class Http {
  private cookie = '';
  private csrf = '';
  constructor(readonly base: string) {}
  async request(method: string, p: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + p, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('vanthu_sid='));
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (json && typeof json === 'object' && 'csrfToken' in json)
      this.csrf = String((json as { csrfToken: string }).csrfToken);
    return { status: res.status, body: json };
  }
  get = <T = unknown>(p: string) => this.request('GET', p).then((r) => r.body as T);
  post = (p: string, body: unknown = {}) => this.request('POST', p, body);
  put = (p: string, body: unknown = {}) => this.request('PUT', p, body);
  /** multipart upload of one file field named `file` */
  async upload(
    p: string,
    name: string,
    bytes: Buffer,
    mime = 'application/pdf',
  ): Promise<{ status: number; body: unknown }> {
    const fd = new FormData();
    fd.append('file', new Blob([new Uint8Array(bytes)], { type: mime }), name);
    const res = await fetch(this.base + p, {
      method: 'POST',
      body: fd,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf },
    });
    return { status: res.status, body: await res.json() };
  }
}

/** Polls `fn` until it returns a truthy value (no fixed sleeps in the assertions). */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
