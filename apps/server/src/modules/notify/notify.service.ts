import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../db/database';
import { AppError } from '../../http/errors';

export interface NotifyInput {
  organId: string;
  userIds: string[];
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  dedupKey?: string | null;
}

/** Creates in-app notifications inside the caller's transaction; a repeated dedupKey per user is ignored (idempotent reminders). */
export async function notify(trx: DbOrTrx, n: NotifyInput): Promise<number> {
  const users = [...new Set(n.userIds)];
  if (!users.length) return 0;
  const r = await trx
    .insertInto('notifications')
    .values(
      users.map((u) => ({
        organ_id: n.organId,
        user_id: u,
        kind: n.kind,
        title: n.title,
        body: n.body ?? null,
        link: n.link ?? null,
        dedup_key: n.dedupKey ?? null,
        read_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'dedup_key']).where('dedup_key', 'is not', null).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Active heads (unit_leader) of a unit: who receives what is addressed to the unit. */
export async function unitHeads(db: DbOrTrx, unitId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('unit_id', '=', unitId)
    .where('ended_at', 'is', null)
    .where(sql<boolean>`'unit_leader' = ANY(roles)`)
    .execute();
  return rows.map((r) => r.user_id);
}

export async function listNotifications(db: Db, userId: string, opts: { unreadOnly?: boolean; limit?: number } = {}) {
  let q = db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
    .where('user_id', '=', userId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  const rows = await q
    .orderBy('created_at', 'desc')
    .limit(opts.limit ?? 50)
    .execute();
  const unread = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    unread: Number(unread.n),
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      link: r.link,
      createdAt: r.created_at.toISOString(),
      readAt: r.read_at?.toISOString() ?? null,
    })),
  };
}

export async function markRead(db: Db, userId: string, id: string | 'all'): Promise<void> {
  let q = db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (id !== 'all') q = q.where('id', '=', id);
  const r = await q.executeTakeFirst();
  if (id !== 'all' && Number(r.numUpdatedRows) === 0) {
    const exists = await db
      .selectFrom('notifications')
      .select('id')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!exists) throw new AppError('notify.not_found', 404, 'Không tìm thấy thông báo.');
  }
}
