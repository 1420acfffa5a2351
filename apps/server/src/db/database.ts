import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './types';

// bigint and numeric columns stay strings unless converted deliberately; dates are local dates ('YYYY-MM-DD').
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** Either the database or a transaction: services accept this so callers can compose transactions. */
export type DbOrTrx = Kysely<DB> | Transaction<DB>;

export function createDb(connectionString: string, opts: { max?: number } = {}): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 20, application_name: 'vanthu' });
  pool.on('error', () => {}); // idle client errors are reported on the next query
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool };
}
