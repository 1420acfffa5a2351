import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    testPgUrl: string;
  }
}

/** URL of a database on the test cluster (DATABASE_URL's server, or the embedded one started by the global setup). */
export function testServerUrl(database = 'postgres'): string {
  const u = new URL(inject('testPgUrl'));
  u.pathname = '/' + database;
  return u.toString();
}

/** Creates an empty database for one test file; returns its URL and a drop function. */
export async function createTestDatabase(
  prefix = 't',
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `vt_${prefix}_${randomBytes(5).toString('hex')}`.toLowerCase();
  const admin = new pg.Client({ connectionString: testServerUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: testServerUrl(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: testServerUrl('postgres') });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
