/** The exchange module's service: what other modules and the routes call. */
import { makeDocumentId } from '@vanthu/edxml';
import type { Deps } from '../../deps';
import { AppError } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import { getConnector, noConnector } from './exchange.connector';
import { edxmlDate, docTypeName, priorityOf } from './exchange.map';
import { queuePackages, type QueueItem } from './exchange.outbox';
import type { OutEdoc, OutFile } from './exchange.package';
import { queueStatusToSender, STATUS_TEXT, type InboxRef } from './exchange.status';
import { withdrawReceived } from './exchange.accept';
import type { IncomingStatusEvent } from './exchange.ports';

export { pollOnce } from './exchange.receive';
export { drainOutbox, retryOutbox } from './exchange.outbox';

export const confidentialForbidden = () =>
  new AppError(
    'exchange.confidential_forbidden',
    422,
    'Văn bản mật (Mật, Tối mật, Tuyệt mật) không được gửi qua trục liên thông. Hãy gửi theo chế độ văn bản mật.',
  );

export interface SendInput {
  outgoingRef?: string | null;
  recipients: { code: string; name?: string }[];
  number: string;
  notation: string;
  issuedDate: string; // YYYY-MM-DD
  docTypeCode?: string | null;
  typeName?: string | null;
  subject: string;
  summary?: string | null;
  place?: string | null;
  signer?: { fullName?: string; position?: string; competence?: string } | null;
  urgency?: string | null;
  confidentiality: string;
  dueDate?: string | null;
  pageCount?: number | null;
  toPlaces?: string[];
  responseFor?: { organId: string; code?: string; documentId?: string; promulgationDate?: string }[];
  fileIds: string[];
  documentId?: string;
}

/** Queues an issued document for each external recipient. Confidential documents are refused before anything is queued. */
export async function sendDocument(
  deps: Deps,
  organId: string,
  input: SendInput,
  actor: Actor,
): Promise<{ documentId: string; queued: number }> {
  if (input.confidentiality !== 'thuong') throw confidentialForbidden();
  const c = await getConnector(deps.db, organId);
  if (!c || !c.enabled) throw noConnector();
  const recipients = [...new Map(input.recipients.map((r) => [r.code.trim(), r])).values()].filter(
    (r) => r.code && r.code !== c.organCode,
  );
  if (recipients.length === 0)
    throw new AppError('exchange.no_recipient', 400, 'Cần ít nhất một cơ quan nhận bên ngoài (mã định danh).');
  if (input.fileIds.length === 0)
    throw new AppError('exchange.no_file', 400, 'Văn bản gửi liên thông cần tệp văn bản đã ký số.');
  const fileRows = await deps.db
    .selectFrom('files')
    .select(['id', 'sha256', 'name', 'mime'])
    .where('organ_id', '=', organId)
    .where('id', 'in', input.fileIds)
    .execute();
  if (fileRows.length !== new Set(input.fileIds).size)
    throw new AppError('exchange.file_not_found', 404, 'Không tìm thấy tệp văn bản.');
  const files: OutFile[] = input.fileIds
    .map((id) => fileRows.find((f) => f.id === id)!)
    .map((f) => ({ sha256: f.sha256, name: f.name, mime: f.mime }));
  const date = edxmlDate(input.issuedDate);
  const documentId = input.documentId ?? makeDocumentId(c.organCode, input.number, input.notation, date);
  const pkg: OutEdoc = {
    kind: 'edoc',
    header: {
      from: { organId: c.organCode, organName: c.organName },
      to: recipients.map((r) => ({ organId: r.code, ...(r.name ? { organName: r.name } : {}) })),
      documentId,
      code: { codeNumber: input.number, codeNotation: input.notation },
      promulgationInfo: { promulgationDate: date, ...(input.place ? { place: input.place } : {}) },
      documentType: { typeName: input.typeName ?? docTypeName(input.docTypeCode) ?? 'Công văn' },
      subject: input.subject,
      ...(input.summary ? { content: input.summary } : {}),
      ...(input.signer ? { signerInfo: input.signer } : {}),
      ...(input.dueDate ? { dueDate: edxmlDate(input.dueDate) } : {}),
      otherInfo: {
        priority: priorityOf(input.urgency),
        appendixes: [],
        ...(input.pageCount ? { pageAmount: input.pageCount } : {}),
      },
      responseFor: input.responseFor ?? [],
      toPlaces: input.toPlaces ?? [],
    },
    business: { type: 0 },
    files,
  };
  const items: QueueItem[] = recipients.map((r) => ({
    organId,
    outgoingRef: input.outgoingRef ?? null,
    recipientCode: r.code,
    documentId,
    subject: input.subject,
    pkg,
  }));
  const queued = await deps.db.transaction().execute(async (trx) => {
    const ids = await queuePackages(trx, items);
    await recordAudit(trx, actor, {
      action: 'exchange.send',
      entityType: 'exchange_document',
      entityId: documentId,
      summary: `Gửi liên thông ${input.number}/${input.notation} đến ${recipients.map((r) => r.code).join(', ')}`,
      after: { outgoingRef: input.outgoingRef ?? null, recipients: recipients.map((r) => r.code) },
    });
    return ids.length;
  });
  return { documentId, queued };
}

async function sentRows(deps: Deps, organId: string, documentId: string) {
  const rows = await deps.db
    .selectFrom('exchange_outbox')
    .select(['recipient_code', 'package', 'outgoing_ref', 'subject'])
    .where('organ_id', '=', organId)
    .where('document_id', '=', documentId)
    .where('message_type', '=', 'edoc')
    .where('business_type', '=', 0)
    .execute();
  if (rows.length === 0) throw new AppError('exchange.not_found', 404, 'Không tìm thấy văn bản đã gửi liên thông.');
  return rows;
}

/**
 * Revoke (thu hồi, BussinessDocType 1: header only) or update (cập nhật, 2: the document again, with its files),
 * sent to every recipient of the document (or one).
 */
export async function sendBusiness(
  deps: Deps,
  organId: string,
  documentId: string,
  type: 1 | 2,
  reason: string,
  actor: Actor,
  opts: { recipientCode?: string } = {},
): Promise<number> {
  const rows = (await sentRows(deps, organId, documentId)).filter(
    (r) => !opts.recipientCode || r.recipient_code === opts.recipientCode,
  );
  if (rows.length === 0) return 0;
  const orig = rows[0]!.package as OutEdoc;
  const pkg: OutEdoc = { ...orig, business: { type, reason, documentId }, files: type === 1 ? [] : orig.files };
  const label = type === 1 ? 'Thu hồi' : 'Cập nhật';
  return deps.db.transaction().execute(async (trx) => {
    const ids = await queuePackages(
      trx,
      rows.map((r) => ({
        organId,
        outgoingRef: r.outgoing_ref,
        recipientCode: r.recipient_code,
        documentId,
        subject: `${label}: ${r.subject}`,
        pkg,
      })),
    );
    await recordAudit(trx, actor, {
      action: type === 1 ? 'exchange.revoke' : 'exchange.update',
      entityType: 'exchange_document',
      entityId: documentId,
      summary: `${label} văn bản đã gửi liên thông: ${reason.slice(0, 200)}`,
    });
    return ids.length;
  });
}

export const revokeDocument = (
  deps: Deps,
  organId: string,
  documentId: string,
  reason: string,
  actor: Actor,
  opts: { recipientCode?: string } = {},
) => sendBusiness(deps, organId, documentId, 1, reason, actor, opts);

/** Asks the recipients to give the document back (status 13, From = us, ResponseFor = the recipient). */
export async function requestRetrieval(
  deps: Deps,
  organId: string,
  documentId: string,
  reason: string,
  actor: Actor,
): Promise<number> {
  const rows = await sentRows(deps, organId, documentId);
  const c = await getConnector(deps.db, organId);
  if (!c) throw noConnector();
  const orig = rows[0]!.package as OutEdoc;
  const code = `${orig.header.code.codeNumber}/${orig.header.code.codeNotation}`;
  return deps.db.transaction().execute(async (trx) => {
    const ids = await queuePackages(
      trx,
      rows.map((r) => ({
        organId,
        recipientCode: r.recipient_code,
        documentId,
        subject: `Yêu cầu lấy lại: ${r.subject}`,
        pkg: {
          kind: 'status' as const,
          status: {
            from: { organId: c.organCode, organName: c.organName },
            responseFor: { organId: r.recipient_code, documentId, code },
            statusCode: '13',
            description: reason.slice(0, 500),
          },
        },
      })),
    );
    await recordAudit(trx, actor, {
      action: 'exchange.retrieval_request',
      entityType: 'exchange_document',
      entityId: documentId,
      summary: `Yêu cầu lấy lại văn bản: ${reason.slice(0, 200)}`,
    });
    return ids.length;
  });
}

async function inboxRow(deps: Deps, organId: string, id: string) {
  const row = await deps.db
    .selectFrom('exchange_inbox')
    .selectAll()
    .where('organ_id', '=', organId)
    .where('id', '=', id)
    .where('message_type', '=', 'edoc')
    .executeTakeFirst();
  if (!row) throw new AppError('exchange.not_found', 404, 'Không tìm thấy văn bản đến qua liên thông.');
  return row;
}

async function refFor(
  deps: Deps,
  organId: string,
  row: { sender_code: string; document_id: string; code: string },
): Promise<InboxRef> {
  const o = await deps.db
    .selectFrom('organs')
    .select(['code', 'name'])
    .where('id', '=', organId)
    .executeTakeFirstOrThrow();
  return {
    organId,
    organCode: o.code,
    organName: o.name,
    senderCode: row.sender_code,
    documentId: row.document_id,
    code: row.code,
  };
}

/** The văn thư's answer to a retrieval request (13): accept → the copy is withdrawn and 15 sent; refuse → 16. */
export async function decideRetrieval(
  deps: Deps,
  organId: string,
  inboxId: string,
  accept: boolean,
  note: string | null,
  actor: Actor,
): Promise<void> {
  const row = await inboxRow(deps, organId, inboxId);
  if (row.retrieval !== 'requested')
    throw new AppError('exchange.no_retrieval_request', 409, 'Văn bản này không có yêu cầu lấy lại đang chờ.');
  if (accept) await withdrawReceived(deps, organId, row, row.retrieval_reason ?? 'Cơ quan gửi yêu cầu lấy lại văn bản');
  const ref = await refFor(deps, organId, row);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('exchange_inbox')
      .set({ retrieval: accept ? 'accepted' : 'refused', updated_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    await queueStatusToSender(
      trx,
      ref,
      accept ? '15' : '16',
      note ?? (accept ? 'Đồng ý trả lại văn bản' : 'Từ chối trả lại văn bản'),
      actor.name,
    );
    await recordAudit(trx, actor, {
      action: accept ? 'exchange.retrieval_accept' : 'exchange.retrieval_refuse',
      entityType: 'exchange_inbox',
      entityId: row.id,
      summary: `${accept ? 'Đồng ý' : 'Từ chối'} yêu cầu lấy lại ${row.code}`,
    });
  });
}

const STATE_FOR: Record<string, 'registered' | 'rejected' | null> = {
  '02': 'rejected',
  '03': 'registered',
  '04': null,
  '05': null,
  '06': null,
};

/**
 * Sends a handling status for a received document. Used by the incoming module's events (see onIncomingStatusEvent)
 * and, for documents kept in the exchange inbox, by the văn thư from the exchange screens.
 */
export async function setReceivedStatus(
  deps: Deps,
  organId: string,
  inboxId: string,
  code: string,
  description: string | null,
  actor: Actor,
): Promise<void> {
  if (!(code in STATE_FOR))
    throw new AppError('exchange.bad_status', 400, 'Mã trạng thái không hợp lệ (02, 03, 04, 05, 06).');
  const row = await inboxRow(deps, organId, inboxId);
  if (row.state === 'withdrawn') throw new AppError('exchange.withdrawn', 409, 'Văn bản đã bị thu hồi.');
  if (code === '02' && !description)
    throw new AppError('exchange.reason_required', 400, 'Cần nêu lý do từ chối tiếp nhận.');
  const ref = await refFor(deps, organId, row);
  await deps.db.transaction().execute(async (trx) => {
    const state = STATE_FOR[code];
    if (state)
      await trx.updateTable('exchange_inbox').set({ state, updated_at: new Date() }).where('id', '=', row.id).execute();
    await queueStatusToSender(trx, ref, code, description ?? STATUS_TEXT[code], actor.name);
    await recordAudit(trx, actor, {
      action: 'exchange.status',
      entityType: 'exchange_inbox',
      entityId: row.id,
      summary: `Trạng thái ${code} ${STATUS_TEXT[code]} cho ${row.code}`,
    });
  });
}

/** Listener for the incoming module's status events: a document that came by edXML answers its sender. */
export async function onIncomingStatusEvent(deps: Deps, e: IncomingStatusEvent): Promise<void> {
  const row = await deps.db
    .selectFrom('exchange_inbox')
    .select(['id', 'sender_code', 'document_id', 'code', 'state'])
    .where('organ_id', '=', e.organId)
    .where('incoming_ref', '=', e.documentId)
    .where('message_type', '=', 'edoc')
    .executeTakeFirst();
  if (!row || row.state === 'withdrawn' || !(e.code in STATE_FOR)) return;
  const ref = await refFor(deps, e.organId, row);
  await deps.db.transaction().execute(async (trx) => {
    const state = STATE_FOR[e.code];
    if (state)
      await trx.updateTable('exchange_inbox').set({ state, updated_at: new Date() }).where('id', '=', row.id).execute();
    await queueStatusToSender(trx, ref, e.code, e.description ?? STATUS_TEXT[e.code]);
  });
}
