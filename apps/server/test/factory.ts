import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import { createTestDatabase } from '../../../test-support/pg';
import { loadConfig } from '../src/config';
import { startSystem, type System } from '../src/system';
import { DEMO_PASSWORD } from '../src/seed/demo';

export interface TestSystem extends System {
  app: FastifyInstance;
  dataDir: string;
  dbUrl: string;
  /** Shifts the clock the services see (sessions, lock-out, TOTP). */
  setNow: (d: Date) => void;
  login: (username: string, password?: string, totp?: string) => Promise<Client>;
  anon: () => Client;
  stop: () => Promise<void>;
}

/** One isolated system per test file: a fresh database, migrations, the demo seed, and an in-process app. */
export async function createTestSystem(
  env: Record<string, string> = {},
  opts: { log?: Logger } = {},
): Promise<TestSystem> {
  const tdb = await createTestDatabase('srv');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-test-'));
  const config = loadConfig({
    DATABASE_URL: tdb.url,
    VANTHU_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    VANTHU_ROLES: 'web',
    VANTHU_DEMO: '1',
    WEB_DIST: path.join(dataDir, 'no-web'),
    ...env,
  });
  const sys = await startSystem(config, { listen: false, ...(opts.log ? { log: opts.log } : {}) });
  let now: Date | null = null;
  sys.deps.now = () => now ?? new Date();
  const app = sys.app!;
  const ts: TestSystem = {
    ...sys,
    app,
    dataDir,
    dbUrl: tdb.url,
    setNow: (d) => {
      now = d;
    },
    anon: () => new Client(app),
    login: async (username, password = DEMO_PASSWORD, totp) => {
      const c = new Client(app);
      const r = await c.post('/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
      if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
      return c;
    },
    stop: async () => {
      await sys.close();
      await tdb.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return ts;
}

/** A browser-like client over app.inject: keeps the session cookie and sends the CSRF header. */
export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  bearer: string | null = null;
  sendCsrf = true;
  constructor(private readonly app: FastifyInstance) {}

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.csrf && this.sendCsrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    const r = await this.app.inject({
      method,
      url,
      headers: h,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    const set = r.cookies.find((c) => c.name === 'vanthu_sid');
    if (set) this.cookie = set.value ? `vanthu_sid=${set.value}` : null;
    if (r.statusCode === 200 && r.headers['content-type']?.toString().includes('json')) {
      const j = r.json() as { csrfToken?: string };
      if (j && typeof j === 'object' && 'csrfToken' in j && j.csrfToken) this.csrf = j.csrfToken;
    }
    return r;
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body?: unknown) => this.request('PATCH', url, body ?? {});
  del = (url: string) => this.request('DELETE', url);
}
