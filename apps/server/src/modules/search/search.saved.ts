/** Saved searches (F6e): a user's own, by name; reopened as the same query, filters, columns and sort. */
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { recordAudit, type Actor } from '../audit';
import { searchError } from './search.errors';

export interface SavedSearch {
  id: string;
  name: string;
  params: Record<string, unknown>;
  createdAt: string;
}

export async function listSaved(deps: Deps, p: Principal): Promise<SavedSearch[]> {
  const rows = await deps.db
    .selectFrom('search_saved')
    .select(['id', 'name', 'params', 'created_at'])
    .where('organ_id', '=', p.organId)
    .where('user_id', '=', p.userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    params: r.params as Record<string, unknown>,
    createdAt: r.created_at.toISOString(),
  }));
}

export async function saveSearch(
  deps: Deps,
  p: Principal,
  actor: Actor,
  name: string,
  params: Record<string, unknown>,
): Promise<SavedSearch> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('search_saved')
      .values({ organ_id: p.organId, user_id: p.userId, name, params: JSON.stringify(params) })
      .onConflict((oc) => oc.columns(['user_id', 'name']).doNothing())
      .returning(['id', 'created_at'])
      .executeTakeFirst();
    if (!row) throw searchError('search.saved_exists');
    await recordAudit(trx, actor, {
      action: 'search.saved.create',
      entityType: 'search_saved',
      entityId: row.id,
      summary: `Lưu tìm kiếm "${name}"`,
      after: params,
    });
    return { id: row.id, name, params, createdAt: row.created_at.toISOString() };
  });
}

export async function deleteSaved(deps: Deps, p: Principal, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('search_saved')
      .where('id', '=', id)
      .where('user_id', '=', p.userId)
      .where('organ_id', '=', p.organId)
      .returning(['name'])
      .executeTakeFirst();
    if (!row) throw searchError('search.saved_not_found');
    await recordAudit(trx, actor, {
      action: 'search.saved.delete',
      entityType: 'search_saved',
      entityId: id,
      summary: `Xóa tìm kiếm đã lưu "${row.name}"`,
    });
  });
}
