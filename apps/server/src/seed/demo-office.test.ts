import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test/factory';
import { DEMO_ORGANS } from './demo';
import { seedDemoOffice } from './demo-office';

let sys: TestSystem;
let startMs = 0;
beforeAll(async () => {
  const t0 = Date.now();
  // As `npm start` on a fresh database: demo organs and users, then the working office, before the server answers.
  sys = await createTestSystem({ VANTHU_DEMO_OFFICE: '1' });
  startMs = Date.now() - t0;
}, 180_000);
afterAll(async () => sys?.stop());

type List = { items: { id: string; overdue: boolean; status: string }[]; total: number };
type OutList = { id: string; status: string }[];

describe('demo office seed', () => {
  it('every demo user of both organs has documents in the inbox (Cần xử lý) on first start', async () => {
    const empty: string[] = [];
    for (const o of DEMO_ORGANS) {
      for (const u of o.users) {
        const c = await sys.login(u.username);
        const todo = (await c.get('/api/incoming?box=todo&pageSize=5')).json() as List;
        if (todo.total < 1) empty.push(u.username);
      }
    }
    expect(empty).toEqual([]);
  });

  it('fills every incoming box and status: overdue, due soon, doing, done, info, register, returned', async () => {
    const vpc = await sys.login('vutruong.pc');
    const box = async (c: typeof vpc, b: string) => (await c.get(`/api/incoming?box=${b}&pageSize=200`)).json() as List;
    expect((await box(vpc, 'overdue')).total).toBeGreaterThan(0);
    expect((await box(vpc, 'overdue')).items.every((i) => i.overdue)).toBe(true);
    expect((await box(vpc, 'due_soon')).total).toBeGreaterThan(0);
    expect((await box(vpc, 'doing')).total).toBeGreaterThan(0);
    const cv = await sys.login('chuyenvien.pc');
    expect((await box(cv, 'done')).total).toBeGreaterThan(0);
    expect((await box(cv, 'doing')).total).toBeGreaterThan(0);
    expect((await box(await sys.login('chanhvp'), 'info')).total).toBeGreaterThan(0);
    const clerk = await sys.login('vanthu');
    const register = await box(clerk, 'register');
    expect(register.total).toBeGreaterThanOrEqual(150);
    const statuses = new Set((await box(clerk, 'search')).items.map((i) => i.status));
    for (const s of ['pending_assignment', 'in_progress', 'done', 'returned']) expect(statuses).toContain(s);
    const mat = await sys.deps.db
      .selectFrom('incoming_documents')
      .select('id')
      .where('confidentiality', '=', 'mat')
      .execute();
    expect(mat.length).toBeGreaterThan(0);
    const snv = (await box(await sys.login('snv.vanthu'), 'register')).total;
    expect(snv).toBeGreaterThanOrEqual(50);
  });

  it('outgoing drafts wait at every route step; signed ones wait for issue; some are issued', async () => {
    const out = async (u: string, b: string) =>
      (await (await sys.login(u)).get(`/api/outgoing?box=${b}`)).json() as OutList;
    expect((await out('vutruong.pc', 'todo')).length).toBeGreaterThan(0); // ký nháy
    expect((await out('chanhvp', 'todo')).length).toBeGreaterThan(0); // kiểm tra thể thức
    expect((await out('thutruong', 'todo')).length).toBeGreaterThan(0); // ký ban hành
    expect((await out('botruong', 'todo')).length).toBeGreaterThan(0);
    expect((await out('chuyenvien.pc', 'todo')).length).toBeGreaterThan(0); // returned to the drafter
    expect((await out('chuyenvien.pc', 'mine')).some((d) => d.status === 'draft')).toBe(true);
    expect((await out('vanthu', 'to_issue')).length).toBeGreaterThan(0);
    const all = await out('vanthu', 'all');
    expect(new Set(all.map((d) => d.status))).toEqual(new Set(['in_review', 'signed', 'issued']));
    expect(all.length).toBeGreaterThanOrEqual(70);
  });

  it('is fast and idempotent: a second run changes nothing', async () => {
    const seeded = await sys.deps.db
      .selectFrom('audit_events')
      .select(['summary', 'after'])
      .where('action', '=', 'system.seed_demo_office')
      .executeTakeFirstOrThrow();
    expect(seeded.summary).toBe('Dữ liệu mẫu: 260 văn bản đến, 90 văn bản đi');
    const ms = (seeded.after as { ms: number }).ms;
    // About 7 s on this 2-core machine when quiet (< 20 s is the aim); the bound leaves room for a loaded CI machine.
    expect(ms, `the seed took ${ms} ms (start with it ${startMs} ms)`).toBeLessThan(60_000);
    const before = await sys.deps.db
      .selectFrom('incoming_documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const again = await seedDemoOffice(sys.deps, sys.app);
    expect(again.skipped).toBe(true);
    const after = await sys.deps.db
      .selectFrom('incoming_documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
