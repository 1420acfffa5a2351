import type { DbOrTrx } from '../../db/database';
import { AppError } from '../../http/errors';
import { canSee, type AsgFacts, type DocFacts, type Viewer } from './incoming.policy';

export const notFound = () => new AppError('incoming.not_found', 404, 'Không tìm thấy văn bản đến.');

export async function assignmentFacts(db: DbOrTrx, documentId: string): Promise<AsgFacts[]> {
  const rows = await db
    .selectFrom('incoming_assignments')
    .select(['id', 'role', 'state', 'assignee_user_id', 'assignee_unit_id', 'parent_id', 'assigned_by'])
    .where('document_id', '=', documentId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    state: r.state,
    userId: r.assignee_user_id,
    unitId: r.assignee_unit_id,
    parentId: r.parent_id,
    assignedBy: r.assigned_by,
  }));
}

/**
 * Loads a document the viewer may see, with its assignment facts; anything else is a 404 (also other organs' and
 * documents above the viewer's clearance). `lock` takes the row FOR UPDATE so concurrent actions serialise.
 */
export async function loadVisible(db: DbOrTrx, v: Viewer, id: string, opts: { lock?: boolean } = {}) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  let q = db.selectFrom('incoming_documents').selectAll().where('id', '=', id).where('organ_id', '=', v.organId);
  if (opts.lock) q = q.forUpdate();
  const doc = await q.executeTakeFirst();
  if (!doc) throw notFound();
  const facts: DocFacts = {
    organId: doc.organ_id,
    status: doc.status,
    confRank: doc.conf_rank,
    assignments: await assignmentFacts(db, id),
  };
  if (!canSee(v, facts)) throw notFound();
  return { doc, facts };
}
