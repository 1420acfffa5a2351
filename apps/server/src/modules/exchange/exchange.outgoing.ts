/**
 * Hand-off from the outgoing module: issued documents to external organs (job outgoing.send_external) and
 * recall/update/replace of them (job outgoing.recall_external). The outgoing module defines, enqueues and
 * handles both jobs; its handlers call the carrier the exchange registers here (setExternalCarrier).
 * The facts of the issued document come from the outgoing module (getIssuedForExchange).
 */
import type { Deps } from '../../deps';
import { AppError } from '../../http/errors';
import { getIssuedForExchange, setExternalCarrier, type RecallExternalJob, type SendExternalJob } from '../outgoing';
import { outgoingPort } from './exchange.ports';
import { sendBusiness, sendDocument } from './exchange.service';

const system = (organId: string) => ({ userId: null, name: 'Liên thông (hệ thống)', organId });

const issuedFacts = getIssuedForExchange;

async function tellOutgoing(
  deps: Deps,
  organId: string,
  outgoingId: string,
  recipientOrganCode: string,
  status: string,
  note: string | null,
) {
  const port = await outgoingPort();
  if (!port?.setRecipientStatus) return;
  await port.setRecipientStatus(deps, { organId, outgoingId, recipientOrganCode, status, note });
}

export async function sendIssued(deps: Deps, x: SendExternalJob): Promise<void> {
  const f = await issuedFacts(deps, x.organId, x.outgoingId);
  if (!f) throw new Error('exchange.outgoing_not_issued: văn bản chưa được phát hành hoặc thiếu tệp đã ký');
  try {
    await sendDocument(
      deps,
      x.organId,
      {
        outgoingRef: x.outgoingId,
        recipients: [
          { code: x.recipientOrganCode, name: f.recipients.find((r) => r.organ_code === x.recipientOrganCode)?.name },
        ],
        number: String(f.number).padStart(2, '0'),
        notation: f.notation!,
        issuedDate: f.issued_date ?? new Date(deps.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10),
        docTypeCode: f.doc_type,
        subject: f.subject,
        signer: f.signerName ? { fullName: f.signerName, ...(f.sign_rank ? { competence: f.sign_rank } : {}) } : null,
        urgency: f.urgency,
        confidentiality: f.confidentiality,
        toPlaces: f.recipients.map((r) => r.name),
        fileIds: [f.sealed_file_id!],
      },
      system(x.organId),
    );
  } catch (err) {
    // Refused for good (confidential, no connector): the sender's tracking shows why; nothing is retried.
    if (
      err instanceof AppError &&
      (err.code === 'exchange.confidential_forbidden' || err.code === 'exchange.no_recipient')
    ) {
      await tellOutgoing(deps, x.organId, x.outgoingId, x.recipientOrganCode, 'pending', err.message);
      return;
    }
    throw err;
  }
}

export async function recallIssued(deps: Deps, x: RecallExternalJob): Promise<void> {
  const row = await deps.db
    .selectFrom('exchange_outbox')
    .select('document_id')
    .where('organ_id', '=', x.organId)
    .where('outgoing_ref', '=', x.outgoingId)
    .where('recipient_code', '=', x.recipientOrganCode)
    .where('message_type', '=', 'edoc')
    .where('business_type', '=', 0)
    .executeTakeFirst();
  if (!row) return; // never sent by exchange: nothing to tell the recipient
  // Update → BussinessDocType 2 (the document again); recall and replace → 1 (the replacement, once issued, is sent as a new document).
  const label = { recall: 'Thu hồi', update: 'Cập nhật', replace: 'Thay thế' }[x.kind];
  await sendBusiness(
    deps,
    x.organId,
    row.document_id,
    x.kind === 'update' ? 2 : 1,
    `${label}: ${x.reason}`,
    system(x.organId),
    { recipientCode: x.recipientOrganCode },
  );
}

/** The exchange carries the outgoing module's external jobs (called once at boot from registerExchangeJobs). */
export function carryOutgoingJobs(): void {
  setExternalCarrier({ send: sendIssued, recall: recallIssued });
}
