import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase } from '../../../../test-support/pg';

describe('test cluster', () => {
  it('creates an isolated database that accepts queries', async () => {
    const db = await createTestDatabase('smoke');
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const r = await c.query('select current_database() as name');
    await c.end();
    expect(r.rows[0].name).toBe(db.name);
    await db.drop();
  });
});
