import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { startEmbeddedPostgres } from '../apps/server/src/db/embedded';

/**
 * The PostgreSQL server tests use: DATABASE_URL's server when it is set (CI, this machine's 5432),
 * otherwise a throw-away embedded PostgreSQL. Returns an admin URL and a stop function.
 */
export async function startTestCluster(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = '/postgres';
    return { url: u.toString(), stop: async () => {} };
  }
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-pg-'));
  fs.chmodSync(base, 0o755);
  const cluster = await startEmbeddedPostgres({ dir: path.join(base, 'db') });
  return {
    url: cluster.url('postgres'),
    stop: async () => {
      await cluster.stop();
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
