/** Delegated signing (TUQ., KT., TL., Q.): written, with a start and an end date, never delegated again. */
import { sql } from 'kysely';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { notify } from '../notify';
import { err, type SignRank } from './outgoing.model';

export interface DelegationInput {
  fromUserId?: string;
  toUserId: string;
  rank: SignRank;
  startsOn: string;
  endsOn: string;
  note?: string | null;
}

/**
 * Who may sign for whom (NĐ 30/2020, Điều 13): KT. and Q. are a deputy head (a leader of the organ) signing for
 * the head; TL. and TUQ. are the head of a unit or of the Office signing on the head's behalf. The delegator holds
 * a post that signs. An admin post alone signs nothing.
 */
const SIGNING_ROLES: Record<SignRank, string[]> = {
  KT: ['organ_leader'],
  Q: ['organ_leader'],
  TL: ['organ_leader', 'office_chief', 'unit_leader'],
  TUQ: ['organ_leader', 'office_chief', 'unit_leader'],
};
const DELEGATOR_ROLES = ['organ_leader', 'office_chief', 'unit_leader'];

/** Roles of a user's active memberships in the organ, and the best (lowest) position rank they hold as a leader of the organ. */
async function postsOf(db: DbOrTrx, organId: string, userId: string) {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('positions as pos', 'pos.id', 'm.position_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.roles', 'pos.rank', 'u.clearance', 'u.full_name', 'u.active'])
    .where('m.organ_id', '=', organId)
    .where('m.user_id', '=', userId)
    .where('m.ended_at', 'is', null)
    .execute();
  const roles = new Set(rows.flatMap((r) => r.roles));
  const leaderRank = Math.min(...rows.filter((r) => r.roles.includes('organ_leader')).map((r) => r.rank));
  return { roles, leaderRank, active: rows.some((r) => r.active), name: rows[0]?.full_name ?? '' };
}

/** The head of the organ: a leader of the organ holding the best-ranked leader post in it. */
async function isHeadOfOrgan(db: DbOrTrx, organId: string, userId: string): Promise<boolean> {
  const mine = await postsOf(db, organId, userId);
  if (!Number.isFinite(mine.leaderRank)) return false;
  const best = await db
    .selectFrom('memberships as m')
    .innerJoin('positions as pos', 'pos.id', 'm.position_id')
    .select((eb) => eb.fn.min('pos.rank').as('rank'))
    .where('m.organ_id', '=', organId)
    .where('m.ended_at', 'is', null)
    .where(sql<boolean>`'organ_leader' = ANY(m.roles)`)
    .executeTakeFirst();
  return best?.rank !== null && best?.rank !== undefined && mine.leaderRank <= Number(best.rank);
}

/**
 * A delegation is created by the delegator, or recorded for them by the head of the organ (issue 10, hole 2). The
 * delegate must hold a post that may sign at that rank; what they may sign is still bounded by their own clearance
 * (checked when they act, see actingAuthority). Creating one is audited and notified to the delegator.
 */
export async function createDelegation(deps: Deps, p: Principal, actor: Actor, input: DelegationInput) {
  const from = input.fromUserId ?? p.userId;
  if (from === input.toUserId) throw err('delegation_invalid', 400, 'Không thể ủy quyền cho chính mình.');
  if (input.endsOn < input.startsOn) throw err('delegation_invalid', 400, 'Ngày kết thúc phải sau ngày bắt đầu.');
  return deps.db.transaction().execute(async (trx) => {
    if (from !== p.userId && !(await isHeadOfOrgan(trx, p.organId, p.userId))) {
      throw err(
        'delegation_forbidden',
        403,
        'Chỉ người có thẩm quyền ký (hoặc người đứng đầu cơ quan) mới tạo được ủy quyền ký của người đó.',
      );
    }
    const [delegator, delegate] = await Promise.all([
      postsOf(trx, p.organId, from),
      postsOf(trx, p.organId, input.toUserId),
    ]);
    if (!delegator.active || !delegate.active)
      throw err('delegation_invalid', 400, 'Người ủy quyền hoặc người được ủy quyền không hợp lệ.');
    if (!DELEGATOR_ROLES.some((r) => delegator.roles.has(r)))
      throw err('delegation_invalid', 400, 'Người ủy quyền không giữ chức vụ có thẩm quyền ký.');
    if (!SIGNING_ROLES[input.rank].some((r) => delegate.roles.has(r))) {
      throw err(
        'delegate_cannot_sign',
        400,
        `Người được ủy quyền không giữ chức vụ được ký ${input.rank}. (${input.rank === 'KT' || input.rank === 'Q' ? 'cấp phó của người đứng đầu' : 'người đứng đầu đơn vị'}).`,
      );
    }
    const row = await trx
      .insertInto('delegations')
      .values({
        organ_id: p.organId,
        from_user_id: from,
        to_user_id: input.toUserId,
        rank: input.rank,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        note: input.note ?? null,
        revoked_at: null,
        created_by: p.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'outgoing.delegation.create',
      entityType: 'delegation',
      entityId: row.id,
      summary: `Ủy quyền ${input.rank} của ${delegator.name} cho ${delegate.name} từ ${input.startsOn} đến ${input.endsOn}${from !== p.userId ? ` (do ${p.fullName} ghi)` : ''}`,
    });
    await notify(trx, {
      organId: p.organId,
      userIds: [from],
      kind: 'outgoing.delegation',
      title: `Ủy quyền ký ${input.rank}. cho ${delegate.name}`,
      body: `${from === p.userId ? 'Bạn đã tạo' : `${p.fullName} đã ghi`} ủy quyền ký ${input.rank}. cho ${delegate.name} từ ${input.startsOn} đến ${input.endsOn}.`,
      link: '/outgoing/delegations',
    });
    return row.id;
  });
}

export async function listDelegations(deps: Deps, p: Principal) {
  const rows = await deps.db
    .selectFrom('delegations as d')
    .innerJoin('users as f', 'f.id', 'd.from_user_id')
    .innerJoin('users as t', 't.id', 'd.to_user_id')
    .select([
      'd.id',
      'd.rank',
      'd.starts_on',
      'd.ends_on',
      'd.note',
      'd.revoked_at',
      'd.from_user_id',
      'd.to_user_id',
      'f.full_name as from_name',
      't.full_name as to_name',
    ])
    .where('d.organ_id', '=', p.organId)
    .where((eb) =>
      p.roles.has('admin')
        ? eb.lit(true)
        : eb.or([eb('d.from_user_id', '=', p.userId), eb('d.to_user_id', '=', p.userId)]),
    )
    .orderBy('d.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    rank: r.rank,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    note: r.note,
    revoked: !!r.revoked_at,
    fromUserId: r.from_user_id,
    fromName: r.from_name,
    toUserId: r.to_user_id,
    toName: r.to_name,
  }));
}

export async function revokeDelegation(deps: Deps, p: Principal, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom('delegations')
      .selectAll()
      .where('id', '=', id)
      .where('organ_id', '=', p.organId)
      .executeTakeFirst();
    if (!d || (d.from_user_id !== p.userId && !p.roles.has('admin')))
      throw err('not_found', 404, 'Không tìm thấy giấy ủy quyền.');
    await trx.updateTable('delegations').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'outgoing.delegation.revoke',
      entityType: 'delegation',
      entityId: id,
      summary: 'Thu hồi ủy quyền',
    });
  });
}
