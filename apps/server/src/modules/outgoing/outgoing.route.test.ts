import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { decide, demoIds, draft, expect200, tinyPdf, upload, type Ids } from './outgoing.testkit';

let sys: TestSystem;
let ids: Ids;
beforeAll(async () => {
  sys = await createTestSystem();
  ids = await demoIds(sys);
});
afterAll(async () => sys?.stop());

interface View {
  status: string;
  steps: { ord: number; action: string; state: string; actorName: string }[];
  comments: { body: string }[];
  versions: { versionNo: number; kind: string }[];
  signRank: string | null;
  numberNotation: string | null;
  actions: string[];
}
const view = async (user: string, id: string) =>
  (await (await sys.login(user)).get(`/api/outgoing/${id}`)).json() as View;
const active = (v: View) => v.steps.find((s) => s.state === 'active');

describe('approval route', () => {
  it('uses the default template: unit head initials, the Office checks format, the signer signs', async () => {
    const id = await draft(await sys.login('chuyenvien.pc'), ids);
    const v = await view('chuyenvien.pc', id);
    expect(v.steps.map((s) => `${s.action}:${s.actorName}`)).toEqual([
      'initial:Lê Minh Pháp',
      'format_check:Đỗ Văn Chánh',
      'sign:Vũ Chiến Thắng',
    ]);
    expect(v.status).toBe('draft');
  });

  it('return with comments to the drafter: back to draft, then the resubmission goes to the step that returned it', async () => {
    const drafter = await sys.login('chuyenvien.pc');
    const id = await draft(drafter, ids);
    expect200(await drafter.post(`/api/outgoing/${id}/submit`));
    expect200(await decide(await sys.login('vutruong.pc'), id, { decision: 'approve' }));
    const noComment = await decide(await sys.login('chanhvp'), id, { decision: 'return', target: 'drafter' });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().code).toBe('outgoing.comment_required');
    expect200(
      await decide(await sys.login('chanhvp'), id, {
        decision: 'return',
        target: 'drafter',
        comment: 'Sửa thể thức phần nơi nhận',
      }),
    );
    let v = await view('chuyenvien.pc', id);
    expect(v.status).toBe('draft');
    expect(active(v)).toBeUndefined();
    expect(v.comments.map((c) => c.body)).toContain('Sửa thể thức phần nơi nhận');
    expect(v.steps[0]!.state).toBe('done');
    expect200(await upload(drafter, id, await tinyPdf('Phien ban 2')));
    expect200(await drafter.post(`/api/outgoing/${id}/submit`));
    v = await view('chuyenvien.pc', id);
    expect(v.versions.filter((x) => x.kind === 'draft').map((x) => x.versionNo)).toEqual([1, 2]);
    expect(v.status).toBe('in_review');
    expect(active(v)).toMatchObject({ ord: 2, action: 'format_check' });
  });

  it('return to the previous step makes that step active again', async () => {
    const drafter = await sys.login('chuyenvien.pc');
    const id = await draft(drafter, ids);
    expect200(await drafter.post(`/api/outgoing/${id}/submit`));
    expect200(await decide(await sys.login('vutruong.pc'), id, { decision: 'approve' }));
    expect200(
      await decide(await sys.login('chanhvp'), id, {
        decision: 'return',
        target: 'previous',
        comment: 'Vụ xem lại căn cứ',
      }),
    );
    const v = await view('vutruong.pc', id);
    expect(v.status).toBe('in_review');
    expect(active(v)).toMatchObject({ ord: 1, action: 'initial' });
    expect(v.steps[1]!.state).toBe('pending');
  });

  it('a step cannot be skipped by someone who is not its actor', async () => {
    const drafter = await sys.login('chuyenvien.pc');
    const id = await draft(drafter, ids);
    expect200(await drafter.post(`/api/outgoing/${id}/submit`));
    for (const user of ['chanhvp', 'thutruong', 'chuyenvien.pc']) {
      const r = await decide(await sys.login(user), id, { decision: 'approve' });
      expect(r.statusCode, user).toBe(403);
      expect(r.json().code).toBe('outgoing.not_step_actor');
    }
    // Someone with no part in the document does not even see it.
    expect((await decide(await sys.login('chuyenvien.tccb'), id, { decision: 'approve' })).statusCode).toBe(404);
    const v = await view('chuyenvien.pc', id);
    expect(active(v)).toMatchObject({ ord: 1 });
    expect(v.steps.filter((s) => s.state === 'done')).toHaveLength(0);
  });

  it('an expired delegation cannot sign; one in force can (rank recorded); a delegation is never passed on', async () => {
    const signer = await sys.login('thutruong');
    const make = async (body: Record<string, unknown>, by = signer) => {
      const r = await by.post('/api/outgoing-delegations', body);
      expect200(r);
      return (r.json() as { id: string }).id;
    };
    const drafter = await sys.login('chuyenvien.pc');
    const id = await draft(drafter, ids);
    expect200(await drafter.post(`/api/outgoing/${id}/submit`));
    expect200(await decide(await sys.login('vutruong.pc'), id, { decision: 'approve' }));
    expect200(await decide(await sys.login('chanhvp'), id, { decision: 'approve' }));
    // Expired: thutruong → chanhvp, last year.
    await make({ toUserId: ids.users['chanhvp'], rank: 'TL', startsOn: '2020-01-01', endsOn: '2020-12-31' });
    const expired = await decide(await sys.login('chanhvp'), id, { decision: 'approve' });
    expect(expired.statusCode).toBe(403);
    expect(expired.json().code).toBe('outgoing.delegation_expired');
    expect((await view('thutruong', id)).status).toBe('in_review');
    // In force: thutruong → botruong (Q.); botruong passes it on to chanhvp: not honoured.
    await make({ toUserId: ids.users['botruong'], rank: 'Q', startsOn: '2020-01-01', endsOn: '2099-12-31' });
    await make(
      { toUserId: ids.users['chanhvp'], rank: 'TUQ', startsOn: '2020-01-01', endsOn: '2099-12-31' },
      await sys.login('botruong'),
    );
    const chained = await decide(await sys.login('chanhvp'), id, { decision: 'approve' });
    expect(chained.statusCode).toBe(403);
    expect200(await decide(await sys.login('botruong'), id, { decision: 'approve' }));
    const v = await view('thutruong', id);
    expect(v.status).toBe('signed');
    expect(v.signRank).toBe('Q');
    expect(v.numberNotation).toMatch(/^\d{2,}\/BNV-PC$/);
  });

  it('an authorised user adjusts the route of one document; the drafter may not', async () => {
    const drafter = await sys.login('chuyenvien.pc');
    const id = await draft(drafter, ids);
    const steps = [
      { action: 'review', actorId: ids.users['cuctruong.vtlt'] },
      { action: 'initial', actorId: ids.users['vutruong.pc'] },
      { action: 'sign', actorId: ids.users['botruong'] },
    ];
    expect((await drafter.request('PUT', `/api/outgoing/${id}/route`, { steps })).statusCode).toBe(403);
    const bad = await (
      await sys.login('vutruong.pc')
    ).request('PUT', `/api/outgoing/${id}/route`, { steps: steps.slice(0, 2) });
    expect(bad.json().code).toBe('outgoing.route_no_sign');
    expect200(await (await sys.login('vutruong.pc')).request('PUT', `/api/outgoing/${id}/route`, { steps }));
    const v = await view('chuyenvien.pc', id);
    expect(v.steps.map((s) => `${s.action}:${s.actorName}`)).toEqual([
      'review:Đặng Thanh Lưu',
      'initial:Lê Minh Pháp',
      'sign:Phạm Thị Thanh Trà',
    ]);
  });

  it('keeps comments per version and consultation answers (F1n)', async () => {
    const drafter = await sys.login('chuyenvien.pc');
    const id = await draft(drafter, ids);
    const v1 = (await view('chuyenvien.pc', id)).versions[0] as unknown as { id: string };
    expect200(
      await (
        await sys.login('vutruong.pc')
      ).post(`/api/outgoing/${id}/comments`, { body: 'Bổ sung căn cứ', versionId: v1.id }),
    );
    const ask = await drafter.post(`/api/outgoing/${id}/consultations`, {
      unitId: ids.units['TCCB'],
      question: 'Đề nghị Vụ TCCB góp ý',
    });
    expect200(ask);
    const cid = (ask.json() as { id: string }).id;
    expect(
      (await (await sys.login('chanhvp')).post(`/api/outgoing/consultations/${cid}/answer`, { answer: 'x' }))
        .statusCode,
    ).toBe(404);
    expect200(
      await (
        await sys.login('vutruong.tccb')
      ).post(`/api/outgoing/consultations/${cid}/answer`, { answer: 'Thống nhất' }),
    );
    const v = (await (await sys.login('chuyenvien.pc')).get(`/api/outgoing/${id}`)).json() as {
      consultations: { answer: string; unitName: string }[];
      comments: { body: string; versionId: string }[];
    };
    expect(v.consultations[0]).toMatchObject({ answer: 'Thống nhất', unitName: 'Vụ Tổ chức cán bộ' });
    expect(v.comments[0]).toMatchObject({ body: 'Bổ sung căn cứ', versionId: v1.id });
  });
});
