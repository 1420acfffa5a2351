/** Delegated signing (TUQ., KT., TL., Q.): written, with a start and an end date, never delegated again. */
import type { Deps } from '../../deps';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { err, type SignRank } from './outgoing.model';

export interface DelegationInput { fromUserId?: string; toUserId: string; rank: SignRank; startsOn: string; endsOn: string; note?: string | null }

/** A person delegates their own authority (an admin may record one for someone). Only direct delegations are ever honoured. */
export async function createDelegation(deps: Deps, p: Principal, actor: Actor, input: DelegationInput) {
  const from = input.fromUserId ?? p.userId;
  if (from !== p.userId && !p.roles.has('admin')) throw err('forbidden', 403, 'Chỉ người có thẩm quyền mới ủy quyền được thẩm quyền của mình.');
  if (from === input.toUserId) throw err('delegation_invalid', 400, 'Không thể ủy quyền cho chính mình.');
  if (input.endsOn < input.startsOn) throw err('delegation_invalid', 400, 'Ngày kết thúc phải sau ngày bắt đầu.');
  return deps.db.transaction().execute(async (trx) => {
    const users = await trx.selectFrom('users').select('id').where('organ_id', '=', p.organId).where('id', 'in', [from, input.toUserId]).execute();
    if (users.length !== 2) throw err('delegation_invalid', 400, 'Người ủy quyền hoặc người được ủy quyền không hợp lệ.');
    const row = await trx
      .insertInto('delegations')
      .values({ organ_id: p.organId, from_user_id: from, to_user_id: input.toUserId, rank: input.rank, starts_on: input.startsOn, ends_on: input.endsOn, note: input.note ?? null, revoked_at: null, created_by: p.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'outgoing.delegation.create', entityType: 'delegation', entityId: row.id, summary: `Ủy quyền ${input.rank} từ ${input.startsOn} đến ${input.endsOn}` });
    return row.id;
  });
}

export async function listDelegations(deps: Deps, p: Principal) {
  const rows = await deps.db
    .selectFrom('delegations as d')
    .innerJoin('users as f', 'f.id', 'd.from_user_id')
    .innerJoin('users as t', 't.id', 'd.to_user_id')
    .select(['d.id', 'd.rank', 'd.starts_on', 'd.ends_on', 'd.note', 'd.revoked_at', 'd.from_user_id', 'd.to_user_id', 'f.full_name as from_name', 't.full_name as to_name'])
    .where('d.organ_id', '=', p.organId)
    .where((eb) => (p.roles.has('admin') ? eb.lit(true) : eb.or([eb('d.from_user_id', '=', p.userId), eb('d.to_user_id', '=', p.userId)])))
    .orderBy('d.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, rank: r.rank, startsOn: r.starts_on, endsOn: r.ends_on, note: r.note, revoked: !!r.revoked_at, fromUserId: r.from_user_id, fromName: r.from_name, toUserId: r.to_user_id, toName: r.to_name }));
}

export async function revokeDelegation(deps: Deps, p: Principal, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const d = await trx.selectFrom('delegations').selectAll().where('id', '=', id).where('organ_id', '=', p.organId).executeTakeFirst();
    if (!d || (d.from_user_id !== p.userId && !p.roles.has('admin'))) throw err('not_found', 404, 'Không tìm thấy giấy ủy quyền.');
    await trx.updateTable('delegations').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, actor, { action: 'outgoing.delegation.revoke', entityType: 'delegation', entityId: id, summary: 'Thu hồi ủy quyền' });
  });
}
