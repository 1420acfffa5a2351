import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { organCalendar } from '../calendar';
import { meta, register } from '../incoming/incoming.testkit';

/**
 * Acceptance 1 of issue 19: a scenario across Tết 2026 (holidays 14–22/02) with on-time, late, overdue, in-progress,
 * due-soon and a confidential item; every dashboard number equals the length of the incoming list it links to.
 */
let sys: TestSystem;
let clerk: Client;
let boss: Client;
let pcHead: Client;
const ids: Record<string, string> = {};
const units: Record<string, string> = {};
const at = (d: string) => new Date(`${d}T09:00:00+07:00`);
const TRACKS = ['received', 'in_progress', 'done_on_time', 'done_late', 'overdue', 'due_soon'] as const;

async function make(n: number, unit: string, deadline: { workingDays: number } | { date: string }, conf = 'thuong') {
  const r = await register(
    clerk,
    meta({
      number: String(900 + n),
      notation: 'BTP-TET',
      issuedDate: '2026-02-05',
      subject: `Văn bản Tết số ${n}`,
      confidentiality: conf,
      presentTo: { userId: ids['botruong'] },
    }),
  );
  expect(r.statusCode, r.body).toBe(200);
  const id = r.json().id as string;
  const a = await boss.post(`/api/incoming/${id}/assign`, {
    direction: 'Xử lý',
    lead: { unitId: units[unit] },
    deadline,
  });
  expect(a.statusCode, a.body).toBeLessThan(300);
  return id;
}

beforeAll(async () => {
  sys = await createTestSystem();
  const admin = await sys.login('quantri');
  for (const u of (await admin.get('/api/admin/users')).json() as { id: string; username: string }[])
    ids[u.username] = u.id;
  for (const u of (await admin.get('/api/admin/units')).json() as { id: string; abbr: string }[]) units[u.abbr] = u.id;
  clerk = await sys.login('vanthu');
  boss = await sys.login('botruong');
  pcHead = await sys.login('vutruong.pc');
}, 60_000);
afterAll(async () => sys.stop());

describe('leader dashboard', () => {
  it('counts across Tết 2026 equal the lists they link to, per viewer', async () => {
    const organId = (await boss.get('/api/auth/me')).json().organ.id as string;
    const cal = await organCalendar(sys.deps.db, organId);
    sys.setNow(at('2026-02-10'));
    const onTime = await make(1, 'PC', { workingDays: 2 });
    const late = await make(2, 'PC', { workingDays: 2 });
    const overdue = await make(3, 'PC', { workingDays: 3 });
    const secret = await make(4, 'VP', { workingDays: 1 }, 'mat');
    const doing = await make(5, 'TCCB', { workingDays: 15 });
    const soonDate = cal.addWorkingDays('2026-02-25', 2);
    const soon = await make(6, 'TCCB', { date: soonDate });
    // The deadline of 3 working days from 10/02 is before Tết; 2 working days from 25/02 jumps no holiday.
    expect(cal.addWorkingDays('2026-02-10', 3) < '2026-02-14').toBe(true);
    expect(cal.addWorkingDays('2026-02-12', 2) > '2026-02-22').toBe(true);
    sys.setNow(at('2026-02-11'));
    expect((await pcHead.post(`/api/incoming/${onTime}/complete`, { note: 'Xong' })).statusCode).toBeLessThan(300);
    sys.setNow(at('2026-02-24'));
    expect((await pcHead.post(`/api/incoming/${late}/complete`, { note: 'Xong sau Tết' })).statusCode).toBeLessThan(
      300,
    );
    sys.setNow(at('2026-02-25'));

    const dash = async (c: Client) => {
      const r = await c.get('/api/reports/dashboard');
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as {
        total: Record<string, number>;
        units: { unitId: string; unitName: string; counts: Record<string, number> }[];
        weeks: { from: string; to: string; received: number }[];
        months: { from: string; to: string; received: number }[];
        oldestOverdue: { id: string }[];
      };
    };
    const list = async (c: Client, qs: string) => {
      const r = await c.get(`/api/incoming?box=search&pageSize=200&${qs}`);
      expect(r.statusCode, r.body).toBe(200);
      const j = r.json() as { items: { id: string }[]; total: number };
      expect(j.items.length).toBe(j.total);
      return j.items.map((i) => i.id).sort();
    };
    const checkAll = async (c: Client) => {
      const d = await dash(c);
      for (const t of TRACKS) {
        expect((await list(c, `track=${t}`)).length, `total ${t}`).toBe(d.total[t]);
        for (const u of d.units)
          expect((await list(c, `track=${t}&unitId=${u.unitId}`)).length, `${u.unitName} ${t}`).toBe(u.counts[t]);
      }
      for (const b of [...d.weeks, ...d.months])
        expect((await list(c, `from=${b.from}&to=${b.to}`)).length).toBe(b.received);
      return d;
    };

    const b = await checkAll(boss);
    const pc = b.units.find((u) => u.unitId === units['PC'])!.counts;
    const tccb = b.units.find((u) => u.unitId === units['TCCB'])!.counts;
    expect(pc).toEqual({ received: 3, in_progress: 0, done_on_time: 1, done_late: 1, overdue: 1, due_soon: 0 });
    expect(b.units.find((u) => u.unitId === units['VP'])!.counts.overdue).toBe(1);
    expect(tccb).toEqual({ received: 2, in_progress: 2, done_on_time: 0, done_late: 0, overdue: 0, due_soon: 1 });
    expect(await list(boss, `track=overdue&unitId=${units['PC']}`)).toEqual([overdue]);
    expect(await list(boss, 'track=overdue')).toEqual([overdue, secret].sort());
    expect(await list(boss, `track=due_soon&unitId=${units['TCCB']}`)).toEqual([soon]);
    expect(await list(boss, `track=in_progress&unitId=${units['TCCB']}`)).toEqual([doing, soon].sort());
    expect(b.oldestOverdue.map((o) => o.id).sort()).toEqual([overdue, secret].sort());
    expect(b.weeks.at(-3)!.received).toBe(6); // the week of 09/02/2026

    // The Chánh Văn phòng (clearance "mật") counts the confidential item of his unit; cleared lower, it disappears from count and list.
    const chief = await sys.login('chanhvp');
    expect((await checkAll(chief)).total.overdue).toBe(1);
    await sys.deps.db.updateTable('users').set({ clearance: 'thuong' }).where('id', '=', ids['chanhvp']!).execute();
    const chief2 = await checkAll(await sys.login('chanhvp'));
    expect(chief2.total.overdue).toBe(0);
    expect(chief2.total.received).toBe(0);

    // The PC head counts his unit only.
    const h = await checkAll(pcHead);
    expect(h.units.map((u) => u.unitId)).toEqual([units['PC']]);
    expect(h.units[0]!.counts).toEqual({
      received: 3,
      in_progress: 0,
      done_on_time: 1,
      done_late: 1,
      overdue: 1,
      due_soon: 0,
    });
    expect(await list(pcHead, `track=overdue&unitId=${units['PC']}`)).toEqual([overdue]);

    // A specialist has no dashboard.
    expect((await (await sys.login('chuyenvien.pc')).get('/api/reports/dashboard')).statusCode).toBe(403);
  }, 60_000);
});
