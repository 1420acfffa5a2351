import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { Cron } from './jobs.cron';
import { JobWorker, enqueue } from './jobs.queue';

let sys: TestSystem;
let worker: JobWorker;
const ran: string[] = [];
let failuresLeft = 0;

const echo = {
  kind: 'test.echo',
  schema: z.object({ text: z.string().min(1) }),
  handler: async (p: { text: string }) => void ran.push(p.text),
};
const flaky = {
  kind: 'test.flaky',
  schema: z.object({ n: z.number() }),
  maxAttempts: 3,
  handler: async () => {
    if (failuresLeft-- > 0) throw new Error('tạm thời lỗi');
    ran.push('flaky-ok');
  },
};
const broken = {
  kind: 'test.broken',
  schema: z.object({}),
  maxAttempts: 3,
  handler: async () => {
    throw new Error('luôn lỗi');
  },
};

beforeAll(async () => {
  sys = await createTestSystem();
  sys.deps.jobs.define(echo);
  sys.deps.jobs.define(flaky);
  sys.deps.jobs.define(broken);
  worker = new JobWorker(sys.deps.db, sys.deps.jobs, { backoffBaseMs: 1 });
});
afterAll(async () => sys.stop());

const state = async (id: string) =>
  sys.deps.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
/** Runs the worker until no test job is pending or running: waits on that condition, not on a number of sleeps. */
async function drain(deadlineMs = 15_000) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const picked = await worker.runOnce();
    const left = await sys.deps.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', 'like', 'test.%')
      .where('state', 'in', ['pending', 'running'])
      .execute();
    if (left.length === 0) return;
    if (Date.now() > until) throw new Error(`${left.length} test jobs still queued after ${deadlineMs} ms`);
    if (picked === 0) await new Promise((r) => setTimeout(r, 2)); // a retried job waits for its backoff
  }
}

describe('job queue', () => {
  it('runs a job enqueued in a committed transaction', async () => {
    const id = await sys.deps.db.transaction().execute((trx) => enqueue(trx, echo, { text: 'đã cam kết' }));
    await drain();
    expect(ran).toContain('đã cam kết');
    expect((await state(id!)).state).toBe('done');
  });

  it('never runs a job whose transaction rolled back', async () => {
    await expect(
      sys.deps.db.transaction().execute(async (trx) => {
        await enqueue(trx, echo, { text: 'bị hủy' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await drain();
    expect(ran).not.toContain('bị hủy');
    expect(
      await sys.deps.db
        .selectFrom('jobs')
        .select('id')
        .where('payload', '=', JSON.stringify({ text: 'bị hủy' }))
        .execute(),
    ).toHaveLength(0);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    failuresLeft = 2;
    const id = await enqueue(sys.deps.db, flaky, { n: 1 });
    await drain();
    const j = await state(id!);
    expect(j.state).toBe('done');
    expect(j.attempts).toBe(3);
    expect(ran).toContain('flaky-ok');
  });

  it('moves a job that keeps failing to dead letters after max attempts, with the last error', async () => {
    const id = await enqueue(sys.deps.db, broken, {});
    await drain();
    const j = await state(id!);
    expect(j.state).toBe('dead');
    expect(j.attempts).toBe(3);
    expect(j.last_error).toContain('luôn lỗi');
    const admin = await sys.login('quantri');
    const dead = (await admin.get('/api/admin/jobs?state=dead')).json().items;
    expect(dead.map((d: { id: string }) => d.id)).toContain(id);
    // an admin can send it back to the queue
    expect((await admin.post(`/api/admin/jobs/${id}/retry`)).statusCode).toBe(204);
    expect((await state(id!)).state).toBe('pending');
    expect((await admin.post('/api/admin/jobs/999999/retry')).json().code).toBe('jobs.not_found');
  });

  it('rejects a job whose payload does not match its schema when it runs, without retrying', async () => {
    const id = await enqueue(sys.deps.db, 'test.echo', { text: 42 } as never);
    await drain();
    const j = await state(id!);
    expect(j.state).toBe('dead');
    expect(j.attempts).toBe(1);
    expect(j.last_error).toMatch(/^jobs.invalid_payload: text/);
  });

  it('dead-letters a job of an unknown kind', async () => {
    const id = await enqueue(sys.deps.db, 'test.nobody', {});
    await drain();
    expect((await state(id!)).last_error).toMatch(/^jobs.unknown_kind/);
  });

  it('two workers never run the same job twice', async () => {
    const before = ran.length;
    const n = 60;
    await sys.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i++) await enqueue(trx, echo, { text: `song-song-${i}` });
    });
    const w2 = new JobWorker(sys.deps.db, sys.deps.jobs, { batch: 3 });
    await Promise.all([
      drain(),
      (async () => {
        for (let i = 0; i < 30; i++) await w2.runOnce();
      })(),
    ]);
    const mine = ran.slice(before).filter((t) => t.startsWith('song-song-'));
    expect(mine).toHaveLength(n);
    expect(new Set(mine).size).toBe(n);
  });

  it('cron enqueues each slot once even when ticked by several processes', async () => {
    const a = new Cron(sys.deps.db, sys.deps.log);
    const b = new Cron(sys.deps.db, sys.deps.log);
    for (const c of [a, b]) c.add({ kind: 'test.echo', dailyAt: '07:00', payload: { text: 'nhắc việc' } });
    const at = new Date('2026-11-23T01:30:00Z'); // 08:30 in Vietnam
    expect((await a.tick(at)) + (await b.tick(at))).toBe(1);
    expect(await a.tick(new Date('2026-11-23T23:30:00Z'))).toBe(0); // 06:30 on the 24th in Vietnam: not yet
    expect(await b.tick(new Date('2026-11-24T00:30:00Z'))).toBe(1); // 07:30 on the 24th: the next day's slot
  });
});
