/**
 * Issue 11, item 7: the group commit's failure path. One registration of a batch fails inside the shared transaction:
 * the batch rolls back, every item is retried alone, the others get consecutive numbers and the failed one none.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../../test-support/pg';
import { createDb, type Db, type Trx } from '../../db/database';
import type { Deps } from '../../deps';
import { CommitBatcher } from './incoming.batch';

let tdb: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let end: () => Promise<void>;
beforeAll(async () => {
  tdb = await createTestDatabase('batch');
  const made = createDb(tdb.url, { max: 4 });
  db = made.db;
  end = () => made.pool.end();
  await sql`CREATE TABLE counter (k text PRIMARY KEY, n int NOT NULL)`.execute(db);
  await sql`CREATE TABLE registered (item int PRIMARY KEY, number int NOT NULL UNIQUE)`.execute(db);
  await sql`INSERT INTO counter VALUES ('reg', 0)`.execute(db);
});
afterAll(async () => {
  await end?.();
  await tdb?.drop();
});

describe('CommitBatcher (incoming registrations)', () => {
  it('a registration failing inside the group commit takes no number; the others keep consecutive numbers', async () => {
    const calls = new Map<number, number>();
    const batchSizes: number[] = [];
    let inBatch = 0;
    const work = async (trx: Trx, item: number) => {
      calls.set(item, (calls.get(item) ?? 0) + 1);
      inBatch++;
      const { n } = (await sql<{ n: number }>`UPDATE counter SET n = n + 1 WHERE k = 'reg' RETURNING n`.execute(trx))
        .rows[0]!;
      if (item === 13) throw new Error('bad item 13'); // after it consumed a number inside the transaction
      await sql`INSERT INTO registered VALUES (${item}, ${n})`.execute(trx);
      return n;
    };
    const batcher = new CommitBatcher<number, number>({ db } as unknown as Deps, work);
    // watch batch sizes: a transaction's first statement marks the start of a batch
    const orig = db.transaction.bind(db);
    (db as { transaction: typeof db.transaction }).transaction = () => {
      if (inBatch) batchSizes.push(inBatch);
      inBatch = 0;
      return orig();
    };
    const items = Array.from({ length: 40 }, (_, i) => i + 1);
    const settled = await Promise.allSettled(items.map((i) => batcher.submit('reg', i)));
    (db as { transaction: typeof db.transaction }).transaction = orig;

    const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [items[i]] : []));
    expect(failed).toEqual([13]);
    expect((settled[12] as PromiseRejectedResult).reason.message).toBe('bad item 13');
    const numbers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 39 }, (_, i) => i + 1)); // 1..39: no gap, no duplicate
    const rows = (
      await sql<{ item: number; number: number }>`SELECT item, number FROM registered ORDER BY number`.execute(db)
    ).rows;
    expect(rows.map((r) => r.number)).toEqual(numbers);
    expect(rows.map((r) => r.item)).not.toContain(13);
    expect((await sql<{ n: number }>`SELECT n FROM counter`.execute(db)).rows[0]!.n).toBe(39); // the failed one took none
    // the item-by-item retry really ran: the failed item was tried in its batch and then alone
    expect(calls.get(13)).toBe(2);
    expect(Math.max(...batchSizes, inBatch)).toBeGreaterThan(1);
    // arrival order is kept within the retried batch
    const order = rows.map((r) => r.item);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});
