/**
 * Issue 10, hole 2, performed as the attacker did: the admin created a delegation from the Thứ trưởng to himself and
 * signed "KT." in his own name. A delegation is created by the delegator or the head of the organ, the delegate holds
 * a post that signs and the clearance of what they sign; creating one is audited and notified to the delegator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test/factory';
import { decide, demoIds, draft, expect200, type Ids } from '../modules/outgoing/outgoing.testkit';

let sys: TestSystem;
let ids: Ids;
beforeAll(async () => {
  sys = await createTestSystem();
  ids = await demoIds(sys);
}, 30_000);
afterAll(async () => sys?.stop());

const delegationCount = async () => (await sys.deps.db.selectFrom('delegations').select('id').execute()).length;
const body = (from: string, to: string, rank = 'KT') => ({
  fromUserId: ids.users[from],
  toUserId: ids.users[to],
  rank,
  startsOn: '2026-01-01',
  endsOn: '2030-12-31',
});

/** A secret draft by the PC specialist, to be signed by the Thứ trưởng, driven to its sign step. */
async function secretDraftAtSignStep(confidentiality: 'mat' | 'toi_mat') {
  const drafter = await sys.login('chuyenvien.pc');
  const id = await draft(drafter, ids, {
    confidentiality,
    subject: `Phương án ${confidentiality}`,
    recipients: [{ kind: 'internal', unitId: ids.units['TCCB'] }],
  });
  expect200(await drafter.post(`/api/outgoing/${id}/submit`));
  expect200(await decide(await sys.login('vutruong.pc'), id, { decision: 'approve' }));
  expect200(await decide(await sys.login('chanhvp'), id, { decision: 'approve' }));
  return id;
}

describe('signing authority of delegations (hole 2)', () => {
  it('the admin cannot create a delegation from the Thứ trưởng to himself, nor can the Thứ trưởng delegate to an admin post', async () => {
    const admin = await sys.login('quantri');
    const n = await delegationCount();
    const r = await admin.post('/api/outgoing-delegations', body('thutruong', 'quantri'));
    expect([r.statusCode, r.json().code]).toEqual([403, 'outgoing.delegation_forbidden']);
    // Not even between two other people.
    const r2 = await admin.post('/api/outgoing-delegations', body('thutruong', 'chanhvp', 'TL'));
    expect([r2.statusCode, r2.json().code]).toEqual([403, 'outgoing.delegation_forbidden']);
    // The Thứ trưởng himself cannot make the admin a signer: an admin post signs nothing.
    const tt = await sys.login('thutruong');
    const r3 = await tt.post('/api/outgoing-delegations', body('thutruong', 'quantri'));
    expect([r3.statusCode, r3.json().code]).toEqual([400, 'outgoing.delegate_cannot_sign']);
    // KT. is a deputy head's rank: a Vụ trưởng cannot receive it.
    const r4 = await tt.post('/api/outgoing-delegations', body('thutruong', 'vutruong.pc', 'KT'));
    expect([r4.statusCode, r4.json().code]).toEqual([400, 'outgoing.delegate_cannot_sign']);
    expect(await delegationCount()).toBe(n);
    // And so the admin cannot act on a sign step for the Thứ trưởng.
    const id = await secretDraftAtSignStep('mat');
    const sign = await decide(admin, id, { decision: 'approve' });
    expect(sign.statusCode).toBe(404);
    const row = await sys.deps.db
      .selectFrom('outgoing_docs')
      .select(['status', 'number_notation'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'in_review', number_notation: null });
  });

  it('the head of the organ records one for a deputy; it is audited and notified to the delegator', async () => {
    const head = await sys.login('botruong');
    const r = await head.post('/api/outgoing-delegations', body('thutruong', 'chanhvp', 'TL'));
    expect(r.statusCode).toBe(200);
    const id = r.json().id as string;
    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select(['action', 'actor_id', 'summary'])
      .where('entity_id', '=', id)
      .execute();
    expect(audit).toEqual([
      {
        action: 'outgoing.delegation.create',
        actor_id: ids.users['botruong'],
        summary: expect.stringContaining('Đỗ Văn Chánh'),
      },
    ]);
    const notes = (await (await sys.login('thutruong')).get('/api/notifications')).json().items as {
      kind: string;
      title: string;
    }[];
    expect(notes.some((x) => x.kind === 'outgoing.delegation' && x.title.includes('Đỗ Văn Chánh'))).toBe(true);
    // A deputy is not the head: the Thứ trưởng cannot record the Bộ trưởng's authority.
    const r2 = await (
      await sys.login('thutruong')
    ).post('/api/outgoing-delegations', body('botruong', 'thutruong', 'KT'));
    expect([r2.statusCode, r2.json().code]).toEqual([403, 'outgoing.delegation_forbidden']);
  });

  it('a delegate without the clearance of the draft cannot sign it; with the clearance they can', async () => {
    const tt = await sys.login('thutruong');
    // Vụ trưởng Pháp chế holds no clearance, and is on the route of the draft (he initials it), so he sees it.
    expect200(await tt.post('/api/outgoing-delegations', body('thutruong', 'vutruong.pc', 'TL')));
    const mat = await secretDraftAtSignStep('mat');
    const refused = await decide(await sys.login('vutruong.pc'), mat, { decision: 'approve' });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'outgoing.delegate_not_cleared']);
    expect(
      await sys.deps.db
        .selectFrom('outgoing_docs')
        .select(['status', 'number_notation'])
        .where('id', '=', mat)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'in_review', number_notation: null });

    // The Chánh Văn phòng holds Mật (delegation TL. of the previous test): he signs the Mật draft, not a Tối mật one.
    const signed = await decide(await sys.login('chanhvp'), mat, { decision: 'approve' });
    expect(signed.statusCode).toBeLessThan(300);
    expect(
      await sys.deps.db
        .selectFrom('outgoing_docs')
        .select(['status', 'sign_rank', 'signed_by'])
        .where('id', '=', mat)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'signed', sign_rank: 'TL', signed_by: ids.users['chanhvp'] });

    const toiMat = await secretDraftAtSignStep('toi_mat');
    const r = await decide(await sys.login('chanhvp'), toiMat, { decision: 'approve' });
    expect([r.statusCode, r.json().code]).toEqual([403, 'outgoing.delegate_not_cleared']);
    expect(
      (
        await sys.deps.db
          .selectFrom('outgoing_docs')
          .select('status')
          .where('id', '=', toiMat)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('in_review');
  });
});
