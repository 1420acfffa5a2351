/** Lists for the exchange screens: outbox, inbox, one document's tracking. */
import type { Db } from '../../db/database';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function listOutbox(
  db: Db,
  organId: string,
  f: { state?: string; messageType?: 'edoc' | 'status'; documentId?: string; outgoingRef?: string; limit?: number },
) {
  let q = db
    .selectFrom('exchange_outbox')
    .select([
      'id',
      'outgoing_ref',
      'recipient_code',
      'document_id',
      'message_type',
      'business_type',
      'status_code',
      'subject',
      'state',
      'hub_doc_id',
      'attempts',
      'last_error',
      'next_attempt_at',
      'recipient_status',
      'recipient_status_desc',
      'recipient_status_at',
      'answer_status',
      'answer_status_at',
      'created_at',
      'sent_at',
    ])
    .where('organ_id', '=', organId);
  if (f.state === 'failing') q = q.where('state', '=', 'queued').where('last_error', 'is not', null);
  else if (f.state) q = q.where('state', '=', f.state as 'queued' | 'sent' | 'failed');
  if (f.messageType) q = q.where('message_type', '=', f.messageType);
  if (f.documentId) q = q.where('document_id', '=', f.documentId);
  if (f.outgoingRef) q = q.where('outgoing_ref', '=', f.outgoingRef);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    outgoingRef: r.outgoing_ref,
    recipientCode: r.recipient_code,
    documentId: r.document_id,
    messageType: r.message_type,
    businessType: r.business_type,
    statusCode: r.status_code || null,
    subject: r.subject,
    state: r.state,
    hubDocId: r.hub_doc_id,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at),
    recipientStatus: r.recipient_status,
    recipientStatusDesc: r.recipient_status_desc,
    recipientStatusAt: iso(r.recipient_status_at),
    answerStatus: r.answer_status,
    answerStatusAt: iso(r.answer_status_at),
    createdAt: iso(r.created_at)!,
    sentAt: iso(r.sent_at),
  }));
}

/** What the reader noticed in a received package (tolerant reader): warnings and the envelope's XML signature. */
function packageNotes(meta: unknown): {
  warnings: { code: string; message: string }[];
  envelopeSignature: { status: string; message: string } | null;
} {
  const m = (meta ?? {}) as { warnings?: unknown; envelopeSignature?: unknown };
  // the envelope signature's own warning is shown by envelopeSignature, not twice
  const warnings = Array.isArray(m.warnings)
    ? m.warnings
        .filter(
          (w): w is { code: string; message: string; path?: string } =>
            !!w && typeof w === 'object' && typeof (w as { code?: unknown }).code === 'string',
        )
        .filter((w) => !(m.envelopeSignature && w.path === 'edXMLEnvelope.edXMLHeader.Signature'))
        .map((w) => ({ code: w.code, message: String(w.message ?? '') }))
    : [];
  const s = m.envelopeSignature as { status?: unknown; message?: unknown } | null | undefined;
  return {
    warnings,
    envelopeSignature:
      s && typeof s.status === 'string' ? { status: s.status, message: String(s.message ?? '') } : null,
  };
}

export async function listInbox(
  db: Db,
  organId: string,
  f: { state?: string; messageType?: 'edoc' | 'status'; documentId?: string; limit?: number },
) {
  let q = db
    .selectFrom('exchange_inbox')
    .select([
      'id',
      'hub_doc_id',
      'sender_code',
      'document_id',
      'message_type',
      'business_type',
      'status_code',
      'state',
      'incoming_ref',
      'subject',
      'code',
      'files',
      'signature',
      'meta',
      'error_code',
      'error_message',
      'retrieval',
      'retrieval_reason',
      'created_at',
      'acked_at',
    ])
    .where('organ_id', '=', organId);
  if (f.state) q = q.where('state', '=', f.state as 'received');
  if (f.messageType) q = q.where('message_type', '=', f.messageType);
  if (f.documentId) q = q.where('document_id', '=', f.documentId);
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(f.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    hubDocId: r.hub_doc_id,
    senderCode: r.sender_code,
    documentId: r.document_id,
    messageType: r.message_type,
    businessType: r.business_type,
    statusCode: r.status_code || null,
    state: r.state,
    incomingRef: r.incoming_ref,
    subject: r.subject,
    code: r.code,
    files: (r.files ?? []) as {
      name: string;
      fileId: string | null;
      sha256: string | null;
      size: number | null;
      mime: string | null;
      error: string | null;
    }[],
    signature: (r.signature ?? null) as { status: string } | null,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    ...packageNotes(r.meta),
    retrieval: r.retrieval,
    retrievalReason: r.retrieval_reason,
    createdAt: iso(r.created_at)!,
    ackedAt: iso(r.acked_at),
  }));
}

/** Counts per state for the screen's badges. */
export async function exchangeCounts(db: Db, organId: string) {
  const out = await db
    .selectFrom('exchange_outbox')
    .select(['state', db.fn.countAll<string>().as('n')])
    .where('organ_id', '=', organId)
    .groupBy('state')
    .execute();
  const inb = await db
    .selectFrom('exchange_inbox')
    .select(['state', db.fn.countAll<string>().as('n')])
    .where('organ_id', '=', organId)
    .groupBy('state')
    .execute();
  return {
    outbox: Object.fromEntries(out.map((r) => [r.state, Number(r.n)])),
    inbox: Object.fromEntries(inb.map((r) => [r.state, Number(r.n)])),
  };
}
