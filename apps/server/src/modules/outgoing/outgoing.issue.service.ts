/**
 * Organ signature and issue (the same day). The organ signature is made with the server-held organ key (`issue`) or
 * by the văn thư's token through vanthu-signer (outgoing.deferred-seal.service.ts); both then share `issueSealed`:
 * internal units receive it as an incoming document (a job that registers it through the incoming module),
 * external organs go to the exchange outbox (job outgoing.send_external), e-mail copies are queued.
 * Per-recipient tracking (F1k, F1o). Answering closes the incoming document it answers.
 */
import { todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { discardStaged } from '../blobs';
import type { PutResult } from '../blobs';
import { enqueue } from '../jobs';
import { err, type RecipientStatus } from './outgoing.model';
import { loadDoc, requireAction, type LoadedDoc } from './outgoing.repo';
import { readFileBytes, recordPdf, stagePdf } from './outgoing.files';
import { SIGNER_RECT, signingPortFor, type SignResult } from './outgoing.signing';
import { markAnswered, registerInternalCopy } from './outgoing.incoming-adapter';
import { addLtv } from '../signing';

const ISSUE_FORBIDDEN = 'Chỉ văn thư phát hành văn bản đã ký.';

/** The document as the văn thư finds it before sealing: visible, issuable by `p` (policy 'issue'), signed. */
export async function loadIssuable(
  deps: Deps,
  p: Principal,
  id: string,
): Promise<LoadedDoc & { signedFileId: string; numberNotation: string }> {
  const l = await loadDoc(deps.db, p, id, deps.now());
  requireAction(l, 'issue', ISSUE_FORBIDDEN);
  if (!l.doc.signed_file_id) throw err('not_signed', 409, 'Văn bản chưa được ký.');
  return { ...l, signedFileId: l.doc.signed_file_id, numberNotation: l.doc.number_notation ?? '' };
}

/** The reason written into the organ signature at issue (server key or deferred). */
export const sealReason = (numberNotation: string) => `Ban hành ${numberNotation}`;

/** How the organ signature was made: server key (PKCS#11 or demo), recorded approval, or the văn thư's token (vanthu-signer). */
export type IssueMethod = SignResult['method'] | 'pades-deferred';
const METHOD_LABELS: Record<IssueMethod, string> = {
  pades: 'chữ ký số PAdES',
  'pades-deferred': 'chữ ký số PAdES bằng thiết bị ký của cơ quan',
  approval: 'phê duyệt được ghi nhận',
};

export interface Sealing {
  /** The signed file the seal was applied over: the document's signed file must still be this one. */
  signedFileId: string;
  method: IssueMethod;
  /** Records (or names) the sealed file inside the issuing transaction; returns its id. */
  sealedFile: (trx: DbOrTrx) => Promise<string>;
  /** Extra facts for the audit event. */
  audit?: Record<string, unknown>;
}

/**
 * Everything after the seal, in one transaction (both issue paths): the document is issued with its sealed file,
 * internal recipients are delivered (job), external ones queued to the exchange (job), e-mail copies queued, the
 * answered incoming document closed, and the audit event written.
 */
export async function issueSealed(deps: Deps, p: Principal, actor: Actor, id: string, s: Sealing): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
    requireAction(l, 'issue', ISSUE_FORBIDDEN);
    if (l.doc.signed_file_id !== s.signedFileId)
      throw err(
        'signed_file_changed',
        409,
        'Bản đã ký của văn bản đã thay đổi trong lúc đóng dấu: hãy tải lại trang rồi đóng dấu lại.',
      );
    const now = deps.now();
    const fileId = await s.sealedFile(trx);
    await trx
      .updateTable('outgoing_docs')
      .set({
        status: 'issued',
        sealed_file_id: fileId,
        issued_at: now,
        issued_by: p.userId,
        issued_date: todayVN(now),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    for (const r of l.recipients) {
      if (r.kind === 'internal') {
        await trx
          .updateTable('outgoing_recipients')
          .set({ status: 'sent', updated_at: now })
          .where('id', '=', r.id)
          .execute();
        await enqueue(
          trx,
          'outgoing.deliver_internal',
          { organId: p.organId, outgoingId: id, recipientId: r.id },
          { organId: p.organId, uniqueKey: `deliver:${r.id}` },
        );
      } else if (r.organ_code) {
        await trx
          .updateTable('outgoing_recipients')
          .set({ status: 'queued', updated_at: now })
          .where('id', '=', r.id)
          .execute();
        await enqueue(
          trx,
          'outgoing.send_external',
          { organId: p.organId, outgoingId: id, recipientOrganCode: r.organ_code },
          { organId: p.organId, uniqueKey: `send:${r.id}` },
        );
      }
    }
    for (const to of l.doc.email_recipients)
      await enqueue(trx, 'outgoing.send_email', { organId: p.organId, outgoingId: id, to }, { organId: p.organId });
    if (l.doc.answers_incoming_id) {
      await markAnswered(trx, actor, {
        organId: p.organId,
        incomingId: l.doc.answers_incoming_id,
        outgoingId: id,
        numberNotation: l.doc.number_notation ?? '',
        at: now,
      });
    }
    await recordAudit(trx, actor, {
      action: 'outgoing.issue',
      entityType: 'outgoing',
      entityId: id,
      summary: `Ký số cơ quan và phát hành ${l.doc.number_notation} (${METHOD_LABELS[s.method]})`,
      after: {
        recipients: l.recipients.length,
        method: s.method,
        signedFileId: s.signedFileId,
        sealedFileId: fileId,
        ...s.audit,
      },
    });
  });
}

/** Issue with the organ key held by the server (PKCS#11, or the demo key; a recorded approval when neither). */
export async function issue(deps: Deps, p: Principal, actor: Actor, id: string): Promise<void> {
  const pre = await loadIssuable(deps, p, id);
  const organ = await deps.db
    .selectFrom('organs')
    .select(['name'])
    .where('id', '=', p.organId)
    .executeTakeFirstOrThrow();
  const signed = await readFileBytes(deps, deps.db, p.organId, pre.signedFileId);
  const sealed = await signingPortFor(deps).signAsOrgan(
    signed.bytes,
    { id: p.organId, name: organ.name },
    { reason: sealReason(pre.numberNotation), seal: { signerRect: SIGNER_RECT } },
  );
  // PAdES B-LT: the sealed file carries the validation data of both signatures (DSS), fetched before the transaction.
  const ltv = sealed.method === 'pades' ? await addLtv(deps, sealed.pdf) : { pdf: sealed.pdf, missing: [] };
  let put: PutResult | null = null;
  try {
    put = await stagePdf(deps, ltv.pdf);
    const staged = put;
    await issueSealed(deps, p, actor, id, {
      signedFileId: pre.signedFileId,
      method: sealed.method,
      sealedFile: (trx) => recordPdf(trx, p.organId, staged, signed.name, p.userId),
      ...(sealed.method === 'pades' ? { audit: { ltvMissing: ltv.missing } } : {}),
    });
  } catch (e) {
    if (put) await discardStaged(deps, put);
    throw e;
  }
}

/** Job handler: registers the issued document as an incoming document for an internal unit. Idempotent. */
export async function deliverInternal(
  deps: Deps,
  organId: string,
  outgoingId: string,
  recipientId: string,
): Promise<void> {
  const r = await deps.db
    .selectFrom('outgoing_recipients')
    .selectAll()
    .where('id', '=', recipientId)
    .where('organ_id', '=', organId)
    .executeTakeFirst();
  if (!r || r.incoming_id || r.status === 'withdrawn') return;
  const d = await deps.db
    .selectFrom('outgoing_docs')
    .selectAll()
    .where('id', '=', outgoingId)
    .where('organ_id', '=', organId)
    .executeTakeFirstOrThrow();
  if (d.status !== 'issued' || !d.sealed_file_id) return;
  const organ = await deps.db.selectFrom('organs').select('name').where('id', '=', organId).executeTakeFirstOrThrow();
  const signer = d.signed_by
    ? await deps.db.selectFrom('users').select('full_name').where('id', '=', d.signed_by).executeTakeFirst()
    : undefined;
  const file = await readFileBytes(deps, deps.db, organId, d.sealed_file_id);
  const put = await stagePdf(deps, file.bytes);
  const system: Actor = { userId: null, name: 'Hệ thống', organId };
  const incomingId = await registerInternalCopy(
    deps,
    system,
    {
      organId,
      organName: organ.name,
      outgoingId,
      docType: d.doc_type,
      number: String(d.number ?? ''),
      notation: d.notation ?? '',
      issuedDate: d.issued_date ?? todayVN(deps.now()),
      subject: d.subject,
      urgency: d.urgency,
      confidentiality: d.confidentiality,
      signerName: signer?.full_name ?? null,
      recipientName: r.name,
    },
    { put, name: file.name },
    recipientId,
  );
  await deps.db
    .updateTable('outgoing_recipients')
    .set({ incoming_id: incomingId, status: 'received', updated_at: new Date() })
    .where('id', '=', recipientId)
    .execute();
}

/** Per-recipient tracking, for the exchange module (status packages) and the incoming module (internal copies). */
export async function setRecipientStatus(
  deps: Deps,
  input: {
    organId: string;
    outgoingId: string;
    recipientOrganCode?: string;
    recipientId?: string;
    status: RecipientStatus;
    note?: string | null;
  },
): Promise<boolean> {
  let q = deps.db
    .updateTable('outgoing_recipients')
    .set({ status: input.status, note: input.note ?? null, updated_at: new Date() })
    .where('organ_id', '=', input.organId)
    .where('outgoing_id', '=', input.outgoingId)
    .where('status', '!=', 'withdrawn');
  if (input.recipientId) q = q.where('id', '=', input.recipientId);
  else if (input.recipientOrganCode) q = q.where('organ_code', '=', input.recipientOrganCode);
  else return false;
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
