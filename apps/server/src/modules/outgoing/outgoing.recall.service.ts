/**
 * Recall, update, replace of an issued document (F8): the sender freezes its copy (status recalled; no
 * further action), each internal recipient's copy is withdrawn with a residual record, external recipients
 * are told through the exchange module (job), and the audit trail logs it.
 */
import type { Deps } from '../../deps';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { enqueue } from '../jobs';
import { err } from './outgoing.model';
import { loadDoc, requireAction } from './outgoing.repo';

export type RecallKind = 'recall' | 'update' | 'replace';
const LABEL: Record<RecallKind, string> = { recall: 'Thu hồi', update: 'Cập nhật', replace: 'Thay thế' };

export async function recall(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { kind: RecallKind; reason: string; replacementId?: string | null },
) {
  if (!input.reason.trim()) throw err('reason_required', 400, 'Phải nêu lý do thu hồi.');
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
    requireAction(l, 'recall', 'Bạn không có quyền thu hồi văn bản này.');
    if (input.replacementId) {
      const r = await trx
        .selectFrom('outgoing_docs')
        .select('id')
        .where('id', '=', input.replacementId)
        .where('organ_id', '=', p.organId)
        .executeTakeFirst();
      if (!r) throw err('replacement_invalid', 400, 'Văn bản thay thế không hợp lệ.');
    }
    const now = deps.now();
    await trx
      .updateTable('outgoing_docs')
      .set({
        status: 'recalled',
        recalled_at: now,
        recall_kind: input.kind,
        recall_reason: input.reason,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    for (const r of l.recipients) {
      const summary = `${LABEL[input.kind]} ${l.doc.number_notation} — ${r.name}${r.incoming_id ? ' (bản đến nội bộ đã rút)' : ''}`;
      await trx
        .insertInto('outgoing_recall_records')
        .values({
          organ_id: p.organId,
          outgoing_id: id,
          recipient_id: r.id,
          kind: input.kind,
          reason: input.reason,
          summary,
          replacement_id: input.replacementId ?? null,
          created_by: p.userId,
        })
        .execute();
      await trx
        .updateTable('outgoing_recipients')
        .set({ status: 'withdrawn', note: `${LABEL[input.kind]}: ${input.reason}`, updated_at: now })
        .where('id', '=', r.id)
        .execute();
      if (r.kind === 'internal' && r.incoming_id) {
        await enqueue(
          trx,
          'outgoing.withdraw_internal',
          {
            organId: p.organId,
            incomingId: r.incoming_id,
            outgoingId: id,
            reason: `${LABEL[input.kind]}: ${input.reason}`,
          },
          { organId: p.organId, uniqueKey: `withdraw:${r.id}` },
        );
      }
      if (r.kind === 'external' && r.organ_code) {
        await enqueue(
          trx,
          'outgoing.recall_external',
          {
            organId: p.organId,
            outgoingId: id,
            recipientOrganCode: r.organ_code,
            kind: input.kind,
            reason: input.reason,
          },
          { organId: p.organId, uniqueKey: `recall:${r.id}` },
        );
      }
    }
    await recordAudit(trx, actor, {
      action: `outgoing.${input.kind}`,
      entityType: 'outgoing',
      entityId: id,
      summary: `${LABEL[input.kind]} văn bản ${l.doc.number_notation}: ${input.reason.slice(0, 300)}`,
      after: { recipients: l.recipients.length, replacementId: input.replacementId ?? null },
    });
  });
}

export async function recallRecords(deps: Deps, p: Principal, id: string) {
  await loadDoc(deps.db, p, id, deps.now());
  const rows = await deps.db
    .selectFrom('outgoing_recall_records')
    .selectAll()
    .where('organ_id', '=', p.organId)
    .where('outgoing_id', '=', id)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    reason: r.reason,
    summary: r.summary,
    recipientId: r.recipient_id,
    createdAt: r.created_at.toISOString(),
  }));
}
