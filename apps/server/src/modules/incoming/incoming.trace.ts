import type { DbOrTrx } from '../../db/database';
import type { Actor } from '../audit';

/** Trace actions (TraceHeaderList) with their Vietnamese labels for the timeline. */
export const TRACE_LABELS: Record<string, string> = {
  received: 'Tiếp nhận văn bản điện tử',
  registered: 'Vào sổ văn bản đến',
  duplicate_confirmed: 'Xác nhận vào sổ dù trùng văn bản đã có',
  presented: 'Trình văn bản',
  assigned: 'Bút phê, phân công xử lý',
  reassigned: 'Giao xử lý trong đơn vị',
  progress: 'Cập nhật tiến độ',
  contributed: 'Ý kiến phối hợp',
  completed: 'Hoàn thành xử lý',
  returned: 'Trả lại',
  rejected: 'Trả lại nơi gửi',
  withdrawn: 'Nơi gửi thu hồi văn bản',
};

export async function addTrace(
  trx: DbOrTrx,
  actor: Actor,
  documentId: string,
  action: keyof typeof TRACE_LABELS | string,
  note: string | null,
  details?: Record<string, unknown>,
  at?: Date,
): Promise<void> {
  await trx
    .insertInto('incoming_trace')
    .values({
      organ_id: actor.organId,
      document_id: documentId,
      actor_id: actor.userId,
      actor_name: actor.name,
      action,
      note,
      details: details ? JSON.stringify(details) : null,
      ...(at ? { at } : {}),
    })
    .execute();
}

export async function traceOf(db: DbOrTrx, documentId: string) {
  const rows = await db
    .selectFrom('incoming_trace')
    .select(['id', 'at', 'actor_id', 'actor_name', 'action', 'note', 'details'])
    .where('document_id', '=', documentId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    label: TRACE_LABELS[r.action] ?? r.action,
    note: r.note,
    details: (r.details ?? null) as Record<string, unknown> | null,
  }));
}
