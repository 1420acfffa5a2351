import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../migrations');
/** Advisory lock for hub migrations (distinct from the server's). */
const MIGRATION_LOCK = 7_263_100;
/** Namespace of the two-key advisory locks taken per package content (sha256). */
const CONTENT_LOCK_NS = 7_263_101;

export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

export function createPool(db: pg.Pool | string): { pool: pg.Pool; owned: boolean } {
  if (typeof db !== 'string') return { pool: db, owned: false };
  const pool = new pg.Pool({ connectionString: db, max: 20 });
  pool.on('error', () => {}); // idle client errors surface on the next query
  return { pool, owned: true };
}

export function listMigrations(): { name: string; sql: string }[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(MIGRATIONS_DIR, name), 'utf8') }));
}

/** Applies pending hub migrations under a session advisory lock, each in its own transaction. */
export async function migrateHub(pool: pg.Pool, log: (m: string) => void = () => {}): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS hub_schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM hub_schema_migrations')).rows.map((r) => r.name),
    );
    for (const m of listMigrations()) {
      if (done.has(m.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO hub_schema_migrations (name) VALUES ($1)', [m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`Hub migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
      log(`hub migration applied: ${m.name}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return applied;
}

export async function migrationsDone(pool: pg.Pool): Promise<boolean> {
  const r = await pool.query<{ name: string }>('SELECT name FROM hub_schema_migrations').catch(() => null);
  if (!r) return false;
  const done = new Set(r.rows.map((x) => x.name));
  return listMigrations().every((m) => done.has(m.name));
}

/** The int4 key of a content lock: the first 32 bits of the sha256. */
export function contentLockKey(sha256: string): number {
  return Number.parseInt(sha256.slice(0, 8), 16) | 0;
}

export const CONTENT_LOCK_SQL = {
  xactExpr: (param: string) => `SELECT pg_advisory_xact_lock(${CONTENT_LOCK_NS}, ${param}::int4)`,
  lock: `SELECT pg_advisory_lock(${CONTENT_LOCK_NS}, $1)`,
  unlock: `SELECT pg_advisory_unlock(${CONTENT_LOCK_NS}, $1)`,
};

export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
