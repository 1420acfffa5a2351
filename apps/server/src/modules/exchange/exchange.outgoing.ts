/**
 * Hand-off from the outgoing module: issued documents to external organs (job outgoing.send_external) and
 * recall/update/replace of them (job outgoing.recall_external). The outgoing module enqueues both in its issue
 * and recall transactions; the exchange takes over their handlers (the outgoing module's placeholders only
 * recorded "queued for exchange").
 * The facts of the issued document come from outgoing.service (getIssuedForExchange).
 */
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { JobDef } from '../jobs';
import { AppError } from '../../http/errors';
import { getIssuedForExchange } from '../outgoing';
import { outgoingPort } from './exchange.ports';
import { sendBusiness, sendDocument } from './exchange.service';

const SendExternal = z.object({ organId: z.string().uuid(), outgoingId: z.string().uuid(), recipientOrganCode: z.string().min(1) });
const RecallExternal = z.object({ organId: z.string().uuid(), outgoingId: z.string().uuid(), recipientOrganCode: z.string().min(1), kind: z.enum(['recall', 'update', 'replace']), reason: z.string() });

const system = (organId: string) => ({ userId: null, name: 'Liên thông (hệ thống)', organId });

const issuedFacts = getIssuedForExchange;

async function tellOutgoing(deps: Deps, organId: string, outgoingId: string, recipientOrganCode: string, status: string, note: string | null) {
  const port = await outgoingPort();
  if (!port?.setRecipientStatus) return;
  await port.setRecipientStatus(deps, { organId, outgoingId, recipientOrganCode, status, note });
}

export async function sendIssued(deps: Deps, x: z.infer<typeof SendExternal>): Promise<void> {
  const f = await issuedFacts(deps, x.organId, x.outgoingId);
  if (!f) throw new Error('exchange.outgoing_not_issued: văn bản chưa được phát hành hoặc thiếu tệp đã ký');
  try {
    await sendDocument(
      deps,
      x.organId,
      {
        outgoingRef: x.outgoingId,
        recipients: [{ code: x.recipientOrganCode, name: f.recipients.find((r) => r.organ_code === x.recipientOrganCode)?.name }],
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
    if (err instanceof AppError && (err.code === 'exchange.confidential_forbidden' || err.code === 'exchange.no_recipient')) {
      await tellOutgoing(deps, x.organId, x.outgoingId, x.recipientOrganCode, 'pending', err.message);
      return;
    }
    throw err;
  }
}

export async function recallIssued(deps: Deps, x: z.infer<typeof RecallExternal>): Promise<void> {
  const row = await deps.db.selectFrom('exchange_outbox').select('document_id').where('organ_id', '=', x.organId).where('outgoing_ref', '=', x.outgoingId).where('recipient_code', '=', x.recipientOrganCode).where('message_type', '=', 'edoc').where('business_type', '=', 0).executeTakeFirst();
  if (!row) return; // never sent by exchange: nothing to tell the recipient
  // Update → BussinessDocType 2 (the document again); recall and replace → 1 (the replacement, once issued, is sent as a new document).
  const label = { recall: 'Thu hồi', update: 'Cập nhật', replace: 'Thay thế' }[x.kind];
  await sendBusiness(deps, x.organId, row.document_id, x.kind === 'update' ? 2 : 1, `${label}: ${x.reason}`, system(x.organId), { recipientCode: x.recipientOrganCode });
}

/** Takes over the outgoing module's placeholder handlers (or defines the kinds if it has not). */
export function takeOverOutgoingJobs(deps: Deps): void {
  const take = <S extends z.ZodType>(kind: string, schema: S, handler: JobDef<S>['handler']) => {
    const existing = deps.jobs.get(kind);
    if (existing) existing.handler = handler as JobDef['handler'];
    else deps.jobs.define({ kind, schema, maxAttempts: 20, handler });
  };
  take('outgoing.send_external', SendExternal, (x) => sendIssued(deps, x));
  take('outgoing.recall_external', RecallExternal, (x) => recallIssued(deps, x));
}
