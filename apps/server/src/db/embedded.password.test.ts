import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedPasswordFile, startEmbeddedPostgres } from './embedded';

// As root, postgres runs as the postgres OS user: the temporary directory must be traversable.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-pgpw-'));
fs.chmodSync(base, 0o755);
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

describe('embedded PostgreSQL superuser password (issue 10, hole 10)', () => {
  it('is generated per installation, kept in a 0600 file, refuses the old fixed password, survives a restart; an old installation keeps working', async () => {
    const dir = path.join(base, 'pg');
    const first = await startEmbeddedPostgres({ dir });
    const file = embeddedPasswordFile(dir);
    const password = fs.readFileSync(file, 'utf8').trim();
    try {
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(password).not.toBe('postgres');
      expect(password.length).toBeGreaterThanOrEqual(40);
      expect(path.dirname(file)).toBe(base); // beside the data directory, not inside it
      expect(await canConnect(first.url())).toBe(true);
      expect(await canConnect(`postgres://postgres:postgres@127.0.0.1:${first.port}/postgres`)).toBe(false);
      expect(await canConnect(`postgres://postgres:wrong@127.0.0.1:${first.port}/postgres`)).toBe(false);
    } finally {
      await first.stop();
    }

    const again = await startEmbeddedPostgres({ dir });
    try {
      expect(fs.readFileSync(file, 'utf8').trim()).toBe(password); // not regenerated on restart
      expect(await canConnect(again.url())).toBe(true);
      // an installation made before passwords were generated: fixed password, no file
      const c = new pg.Client({ connectionString: again.url() });
      await c.connect();
      await c.query("ALTER USER postgres PASSWORD 'postgres'");
      await c.end();
    } finally {
      await again.stop();
    }
    fs.rmSync(file);
    const legacy = await startEmbeddedPostgres({ dir });
    try {
      expect(legacy.url()).toContain('postgres:postgres@');
      expect(await canConnect(legacy.url())).toBe(true);
    } finally {
      await legacy.stop();
    }
  }, 90_000);
});
