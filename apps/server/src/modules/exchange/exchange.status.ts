/** Status packages (exchange.md §2): queueing ours, applying the ones received to the sender's tracking. */
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { queuePackages } from './exchange.outbox';
import { outgoingPort } from './exchange.ports';

export const STATUS_TEXT: Record<string, string> = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận',
  '04': 'Phân công',
  '05': 'Đang xử lý',
  '06': 'Hoàn thành',
  '13': 'Yêu cầu lấy lại',
  '15': 'Đồng ý',
  '16': 'Từ chối',
};

/** Order of the recipient's progress; a status never moves the tracking backwards. */
const RANK: Record<string, number> = { '01': 1, '02': 2, '03': 3, '04': 4, '05': 5, '06': 6 };
export const isProgressCode = (c: string) => c in RANK;

export interface InboxRef {
  organId: string;
  organCode: string;
  organName: string;
  senderCode: string;
  documentId: string;
  code: string;
}

/** Queues a status about a received document to its sender (From = us, ResponseFor = the sender). */
export async function queueStatusToSender(
  trx: DbOrTrx,
  ref: InboxRef,
  statusCode: string,
  description?: string | null,
  staff?: string | null,
): Promise<void> {
  await queuePackages(trx, [
    {
      organId: ref.organId,
      recipientCode: ref.senderCode,
      documentId: ref.documentId,
      subject: `${statusCode} ${STATUS_TEXT[statusCode] ?? ''}`.trim(),
      pkg: {
        kind: 'status',
        status: {
          from: { organId: ref.organCode, organName: ref.organName },
          responseFor: { organId: ref.senderCode, documentId: ref.documentId, ...(ref.code ? { code: ref.code } : {}) },
          ...(staff ? { staffInfo: { staff } } : {}),
          statusCode,
          description: (description ?? STATUS_TEXT[statusCode] ?? '').slice(0, 500),
        },
      },
    },
  ]);
}

/**
 * A status from a recipient about a document we sent: advances that recipient's tracking on the edoc
 * outbox row (01 → 03 → 04 → 05 → 06, or 02), or records the answer 15/16. Returns the outgoing reference to notify.
 */
export async function applyRecipientStatus(
  trx: DbOrTrx,
  organId: string,
  s: { from: string; documentId: string; statusCode: string; description?: string; at: Date },
): Promise<{ outgoingRef: string | null; changed: boolean }> {
  const row = await trx
    .selectFrom('exchange_outbox')
    .select(['id', 'outgoing_ref', 'recipient_status'])
    .where('organ_id', '=', organId)
    .where('document_id', '=', s.documentId)
    .where('recipient_code', '=', s.from)
    .where('message_type', '=', 'edoc')
    .where('business_type', '=', 0)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return { outgoingRef: null, changed: false };
  if (s.statusCode === '15' || s.statusCode === '16') {
    await trx
      .updateTable('exchange_outbox')
      .set({ answer_status: s.statusCode, answer_status_at: s.at, updated_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    return { outgoingRef: row.outgoing_ref, changed: true };
  }
  if (!isProgressCode(s.statusCode)) return { outgoingRef: row.outgoing_ref, changed: false };
  const cur = row.recipient_status ? (RANK[row.recipient_status] ?? 0) : 0;
  if (RANK[s.statusCode]! <= cur) return { outgoingRef: row.outgoing_ref, changed: false };
  await trx
    .updateTable('exchange_outbox')
    .set({
      recipient_status: s.statusCode,
      recipient_status_desc: s.description?.slice(0, 500) ?? null,
      recipient_status_at: s.at,
      updated_at: new Date(),
    })
    .where('id', '=', row.id)
    .execute();
  return { outgoingRef: row.outgoing_ref, changed: true };
}

const OUTGOING_STATUS: Record<string, string> = {
  sent: 'sent',
  '01': 'received',
  '02': 'rejected',
  '03': 'registered',
  '04': 'assigned',
  '05': 'in_progress',
  '06': 'done',
  '15': 'withdrawn',
};

/** Tells the outgoing module (when present) about a recipient's new status; failures are logged, the tracking row is the record. */
export async function notifyOutgoing(
  deps: Deps,
  organId: string,
  outgoingRef: string,
  recipientCode: string,
  code: string,
  description?: string | null,
): Promise<void> {
  const status = OUTGOING_STATUS[code];
  if (!status) return;
  const port = await outgoingPort();
  if (!port?.setRecipientStatus) return;
  try {
    await port.setRecipientStatus(deps, {
      organId,
      outgoingId: outgoingRef,
      recipientOrganCode: recipientCode,
      status,
      note: description ?? null,
    });
  } catch (err) {
    deps.log.warn({ err, organId, outgoingRef, code }, 'exchange: outgoing.setRecipientStatus failed');
  }
}
