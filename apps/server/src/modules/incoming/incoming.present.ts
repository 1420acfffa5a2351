import type { DbOrTrx } from '../../db/database';
import { AppError, badRequest } from '../../http/errors';
import type { Actor } from '../audit';
import { notify, unitHeads } from '../notify';
import { addTrace } from './incoming.trace';

export interface DocRef {
  id: string;
  organId: string;
  confRank: number;
  subject: string;
}
export interface Party {
  userId?: string;
  unitId?: string;
}

const RANK: Record<string, number> = { thuong: 0, mat: 1, toi_mat: 2, tuyet_mat: 3 };

/** Resolves a person or unit of the organ; a person must be cleared for the document. Returns display name, unit and who gets notified. */
export async function resolveParty(
  db: DbOrTrx,
  organId: string,
  party: Party,
  confRank: number,
): Promise<{ userId: string | null; unitId: string | null; name: string; notifyIds: string[] }> {
  if (party.userId) {
    const u = await db
      .selectFrom('users')
      .leftJoin('memberships', (j) =>
        j
          .onRef('memberships.user_id', '=', 'users.id')
          .on('memberships.ended_at', 'is', null)
          .on('memberships.is_primary', '=', true),
      )
      .select(['users.id', 'users.full_name', 'users.clearance', 'users.active', 'memberships.unit_id'])
      .where('users.id', '=', party.userId)
      .where('users.organ_id', '=', organId)
      .executeTakeFirst();
    if (!u || !u.active)
      throw badRequest('incoming.bad_assignee', 'Người được giao không thuộc cơ quan hoặc đã ngừng hoạt động.');
    if ((RANK[u.clearance] ?? 0) < confRank)
      throw new AppError(
        'incoming.assignee_not_cleared',
        400,
        `${u.full_name} không được cấp quyền tiếp cận văn bản ở độ mật này.`,
      );
    return { userId: u.id, unitId: u.unit_id, name: u.full_name, notifyIds: [u.id] };
  }
  const unit = await db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('id', '=', party.unitId!)
    .where('organ_id', '=', organId)
    .executeTakeFirst();
  if (!unit) throw badRequest('incoming.bad_assignee', 'Đơn vị được giao không thuộc cơ quan.');
  const heads = await unitHeads(db, unit.id);
  if (confRank > 0) {
    const cleared = heads.length
      ? await db.selectFrom('users').select(['id', 'clearance']).where('id', 'in', heads).execute()
      : [];
    if (!cleared.some((h) => (RANK[h.clearance] ?? 0) >= confRank))
      throw new AppError(
        'incoming.assignee_not_cleared',
        400,
        `Lãnh đạo ${unit.name} không được cấp quyền tiếp cận văn bản ở độ mật này.`,
      );
  }
  return { userId: null, unitId: unit.id, name: unit.name, notifyIds: heads };
}

/** The clerk presents the document to a leader, or straight to a unit (by the organ's rule). */
export async function createPresent(
  trx: DbOrTrx,
  actor: Actor,
  doc: DocRef,
  to: Party & { note?: string | null },
  at: Date,
): Promise<void> {
  const target = await resolveParty(trx, doc.organId, to, doc.confRank);
  await trx
    .insertInto('incoming_assignments')
    .values({
      organ_id: doc.organId,
      document_id: doc.id,
      parent_id: null,
      role: 'present',
      is_top: false,
      assignee_user_id: target.userId,
      assignee_unit_id: target.userId ? null : target.unitId,
      assigned_by: actor.userId,
      direction: to.note ?? null,
      deadline: null,
      state: 'pending',
      conf_rank: doc.confRank,
      note: null,
      done_at: null,
    })
    .execute();
  await addTrace(
    trx,
    actor,
    doc.id,
    'presented',
    to.note ?? null,
    { to: target.name, userId: target.userId, unitId: target.unitId },
    at,
  );
  await notify(trx, {
    organId: doc.organId,
    userIds: target.notifyIds,
    kind: 'incoming.presented',
    title: 'Văn bản đến trình xin ý kiến',
    body: doc.subject,
    link: `/incoming/doc/${doc.id}`,
  });
}
