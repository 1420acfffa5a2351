import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { demoIds } from '../outgoing/outgoing.testkit';

let sys: TestSystem;
let ids: Awaited<ReturnType<typeof demoIds>>;
beforeAll(async () => {
  sys = await createTestSystem();
  ids = await demoIds(sys);
});
afterAll(async () => sys.stop());

describe('submissions (phiếu trình)', () => {
  it('specialist → Vụ trưởng → Thứ trưởng: forwarded, asked for more, resubmitted, approved with an opinion', async () => {
    const spec = await sys.login('chuyenvien.pc');
    const file = (
      await spec.post('/api/workfiles', {
        title: 'Hồ sơ thẩm định dự thảo Thông tư về lưu trữ',
        notation: '05.PC',
        startDate: '2026-03-01',
      })
    ).json();
    const thu = await sys.login('thutruong');
    expect((await thu.get(`/api/workfiles/${file.id}`)).statusCode).toBe(404);
    const bad = await spec.post('/api/workfiles/submissions', { title: 'x', leaderId: ids.users['chuyenvien.tccb'] });
    expect(bad.json().code).toBe('workfiles.submission_route_invalid');
    const s = await spec.post('/api/workfiles/submissions', {
      workfileId: file.id,
      title: 'Trình thẩm định dự thảo Thông tư',
      note: 'Kính trình Thứ trưởng cho ý kiến',
      unitHeadId: ids.users['vutruong.pc'],
      leaderId: ids.users['thutruong'],
      deadline: '2026-03-10',
    });
    expect(s.statusCode).toBe(200);
    const id = s.json().id;
    expect(s.json().steps.map((t: { state: string }) => t.state)).toEqual(['pending', 'waiting']);
    // The leader does not see it before the unit head forwards it.
    expect((await thu.get(`/api/workfiles/submissions/${id}`)).statusCode).toBe(404);
    expect((await thu.get('/api/workfiles/submissions?box=inbox')).json()).toEqual([]);
    const head = await sys.login('vutruong.pc');
    expect((await head.get('/api/workfiles/submissions?box=inbox')).json().map((x: { id: string }) => x.id)).toEqual([
      id,
    ]);
    expect((await spec.post(`/api/workfiles/submissions/${id}/act`, { decision: 'approve' })).json().code).toBe(
      'workfiles.submission_not_yours',
    );
    expect(
      (
        await head.post(`/api/workfiles/submissions/${id}/act`, {
          decision: 'approve',
          opinion: 'Kính trình Thứ trưởng',
        })
      ).statusCode,
    ).toBe(200);
    const inbox = (await thu.get('/api/workfiles/submissions?box=inbox')).json();
    expect(inbox.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await thu.get(`/api/workfiles/${file.id}`)).statusCode).toBe(200);
    const more = await thu.post(`/api/workfiles/submissions/${id}/act`, {
      decision: 'more',
      opinion: 'Bổ sung ý kiến của Bộ Tư pháp',
    });
    expect(more.json().status).toBe('more_info');
    expect(more.json().can.act).toBe(false);
    expect(
      (
        await spec.post(`/api/workfiles/submissions/${id}/resubmit`, { note: 'Đã bổ sung ý kiến của Bộ Tư pháp' })
      ).json().status,
    ).toBe('pending');
    const done = await thu.post(`/api/workfiles/submissions/${id}/act`, {
      decision: 'approve',
      opinion: 'Đồng ý, ban hành',
    });
    expect(done.json()).toMatchObject({ status: 'approved' });
    expect(done.json().steps[1]).toMatchObject({
      actorName: 'Vũ Chiến Thắng',
      state: 'approved',
      opinion: 'Đồng ý, ban hành',
    });
    expect((await thu.post(`/api/workfiles/submissions/${id}/act`, { decision: 'approve' })).json().code).toBe(
      'workfiles.submission_closed',
    );
    const other = await sys.login('chuyenvien.tccb');
    expect((await other.get(`/api/workfiles/submissions/${id}`)).statusCode).toBe(404);
    const note = await sys.deps.db
      .selectFrom('notifications')
      .select('title')
      .where('user_id', '=', ids.users['chuyenvien.pc']!)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(note.title).toContain('Đã duyệt');
    const stats = (await spec.get('/api/workfiles/submissions/stats?year=' + new Date().getFullYear())).json();
    expect(stats).toMatchObject({ total: 1, electronic: 1, electronicShare: 100, approved: 1 });
  });
});
