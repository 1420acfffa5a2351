/**
 * Deferred signing of the signing step: the competent person's key stays on their token (vanthu-signer).
 * 1. prepare: the number is taken (or the one already on the document kept), number and date are stamped into the
 *    final PDF, and the result is stored as the document's prepared file. Same draft, same day → the same file.
 * 2. The browser signs that file through the signing module's sessions (POST /api/signing/sessions → agent →
 *    …/complete), which embeds and verifies the CMS and stores the signed PDF as a new file.
 * 3. complete: that file is accepted only when it is the prepared file plus exactly one signature, made by the
 *    current user (checks in checkSignedFile); then the step is done and the document signed, in one transaction.
 */
import { verifyPdf, type Rect, type SignatureReport } from '@vanthu/pades';
import { todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { discardStaged } from '../blobs';
import type { PutResult } from '../blobs';
import { trustStoreFor } from '../signing';
import { err } from './outgoing.model';
import { loadDoc, type DocRow, type LoadedDoc } from './outgoing.repo';
import { actingAuthority, completeSignStep } from './outgoing.route.service';
import { ensureOutgoingRegisters } from './outgoing.numbering';
import { stampNumberDate } from './outgoing.pdf';
import { readFileBytes, recordPdf, stagePdf } from './outgoing.files';
import { SIGNER_RECT } from './outgoing.signing';
import { DEFAULT_PLACE, ensureFinalPdf, numberOf } from './outgoing.sign.service';

export interface PreparedSign {
  preparedFileId: string;
  numberNotation: string;
  /** The date stamped into the file (local date 'YYYY-MM-DD'); it becomes the issue date when signed. */
  date: string;
  /** What POST /api/signing/sessions takes as `appearance` (no page: the last page). */
  appearance: { kind: 'signature'; rect: Rect };
  reason: string;
}

export const deferredErrors = {
  notPrepared: () =>
    err(
      'not_prepared',
      409,
      'Văn bản chưa được chuẩn bị để ký số (cấp số, ghi số và ngày). Hãy bấm "Ký số (USB token)" lại.',
    ),
  stale: () =>
    err(
      'prepared_stale',
      409,
      'Dự thảo đã thay đổi sau khi chuẩn bị ký: hãy bấm "Ký số (USB token)" để chuẩn bị và ký lại (số đã cấp được giữ nguyên).',
    ),
  mismatch: (why: string) =>
    err('signed_file_mismatch', 400, `Tệp đã ký không khớp với bản đã chuẩn bị để ký: ${why}. Hãy ký lại.`),
  invalid: (why: string) => err('signature_invalid', 400, `Chữ ký số trên tệp không hợp lệ: ${why}.`),
  signer: (why: string) => err('signer_mismatch', 403, `Chữ ký số không phải của bạn: ${why}.`),
};

/** The active step must be the signature and `p` its actor (or holding a delegation in force from them). */
async function activeSignStep(db: DbOrTrx, deps: Deps, p: Principal, l: LoadedDoc) {
  const step = l.steps.find((s) => s.state === 'active');
  if (!step || step.action !== 'sign' || l.doc.status !== 'in_review')
    throw err('step_not_active', 409, 'Văn bản không chờ ký.');
  const delegation = await actingAuthority(db, deps, p, step.actor_id, l.doc.organ_id, l.doc.confidentiality);
  return { step, delegation };
}

const answer = (fileId: string, numberNotation: string, date: string): PreparedSign => ({
  preparedFileId: fileId,
  numberNotation,
  date,
  appearance: { kind: 'signature', rect: SIGNER_RECT },
  reason: `Ký ban hành ${numberNotation}`,
});

/** The prepared file still fits: stamped from this final PDF, today. */
const preparedFits = (doc: DocRow, finalId: string, today: string) =>
  !!doc.prepared_file_id && !!doc.number_notation && doc.prepared_source_id === finalId && doc.prepared_date === today;

/** Step 1: number, stamp, store the prepared file (or answer the one that still fits: never a second number). */
export async function prepareSign(deps: Deps, p: Principal, actor: Actor, id: string): Promise<PreparedSign> {
  await ensureOutgoingRegisters(deps, p.organId);
  const pre = await loadDoc(deps.db, p, id, deps.now());
  await activeSignStep(deps.db, deps, p, pre);
  const finalId = await ensureFinalPdf(deps, p, actor, id);
  const today = todayVN(deps.now());
  if (preparedFits(pre.doc, finalId, today)) return answer(pre.doc.prepared_file_id!, pre.doc.number_notation!, today);
  const finalPdf = (await readFileBytes(deps, deps.db, p.organId, finalId)).bytes;
  let put: PutResult | null = null;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
      await activeSignStep(trx, deps, p, l);
      if (l.doc.final_file_id !== finalId) throw deferredErrors.stale();
      if (preparedFits(l.doc, finalId, today)) return answer(l.doc.prepared_file_id!, l.doc.number_notation!, today); // a concurrent prepare won
      const numbered = await numberOf(trx, deps, p.organId, l.doc, p.userId);
      const stamped = await stampNumberDate(finalPdf, {
        numberNotation: numbered.numberNotation,
        place: DEFAULT_PLACE,
        date: today,
      });
      put = await stagePdf(deps, stamped);
      const fileId = await recordPdf(
        trx,
        p.organId,
        put,
        `${numbered.numberNotation.replace(/\//g, '_')}.pdf`,
        p.userId,
      );
      await trx
        .updateTable('outgoing_docs')
        .set({ prepared_file_id: fileId, prepared_source_id: finalId, prepared_date: today, updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'outgoing.sign.prepare',
        entityType: 'outgoing',
        entityId: id,
        summary: `Chuẩn bị ký số ${numbered.numberNotation}: ${l.doc.number !== null ? 'giữ số đã cấp' : 'cấp số'}, ghi số và ngày vào văn bản`,
        after: { ...numbered, date: today, preparedFileId: fileId, numberKept: l.doc.number !== null },
      });
      return answer(fileId, numbered.numberNotation, today);
    });
  } catch (e) {
    if (put) await discardStaged(deps, put);
    throw e;
  }
}

/** A name compared as people read it: Unicode NFC, spaces collapsed, case ignored (Vietnamese). */
export const nameKey = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
const rangeEnd = (s: SignatureReport) =>
  s.byteRange && s.byteRange.length === 4 ? s.byteRange[2]! + s.byteRange[3]! : null;

/** How a refused file is reported: the signing step and the organ seal each say it in their own words. */
export interface AddedSignatureErrors {
  /** The file is not the base file plus one signature at its end. */
  mismatch: (why: string) => Error;
  /** The new signature does not verify (integrity, verdict, chain). */
  invalid: (why: string) => Error;
  /** The file was not produced by the caller. */
  notMine: () => Error;
}

/**
 * The file a signing session produced, checked against the file it must extend (shared by the signing step and
 * the organ seal at issue):
 * - a PDF of the caller's organ, created by the caller (the signing session stores its result under its owner);
 * - its first bytes are exactly the base file (an incremental update), and it is longer;
 * - it has exactly one signature more than the base file; that signature ends the file (nothing after it)
 *   and is a signature (not a document timestamp);
 * - the signature's integrity holds, its verdict is not "invalid" and its certificate chains to the trust store.
 * Returns the new signature's report; who signed is for the caller to check.
 */
export async function checkAddedSignature(
  deps: Deps,
  p: Principal,
  baseFileId: string,
  newFileId: string,
  e: AddedSignatureErrors,
): Promise<SignatureReport> {
  if (newFileId === baseFileId) throw e.mismatch('đây là chính bản đó, chưa có chữ ký mới');
  const f = await deps.db
    .selectFrom('files')
    .select(['mime', 'size', 'uploaded_by'])
    .where('id', '=', newFileId)
    .where('organ_id', '=', p.organId)
    .executeTakeFirst();
  if (!f || f.mime !== 'application/pdf') throw e.mismatch('không tìm thấy tệp PDF đã ký');
  if (Number(f.size) > deps.config.signing.verifyMaxBytes) throw e.mismatch('tệp quá lớn để kiểm tra');
  if (f.uploaded_by !== p.userId) throw e.notMine();
  const [base, signed] = await Promise.all([
    readFileBytes(deps, deps.db, p.organId, baseFileId),
    readFileBytes(deps, deps.db, p.organId, newFileId),
  ]);
  const a = base.bytes;
  const b = signed.bytes;
  if (
    b.length <= a.length ||
    Buffer.compare(Buffer.from(b.buffer, b.byteOffset, a.length), Buffer.from(a.buffer, a.byteOffset, a.length)) !== 0
  ) {
    throw e.mismatch('tệp không phải là bản đó được ký thêm (cập nhật gia tăng)');
  }
  const trust = await trustStoreFor(deps);
  const opts = { trustAnchors: trust.anchors, revocationPolicy: trust.revocationPolicy, now: deps.now() };
  const [before, after] = await Promise.all([verifyPdf(a, opts), verifyPdf(b, opts)]);
  const added = after.signatures.filter((s) => (rangeEnd(s) ?? Infinity) > a.length);
  if (after.signatures.length !== before.signatures.length + 1 || added.length !== 1)
    throw e.mismatch(`cần đúng một chữ ký mới, tệp có ${added.length}`);
  const sig = added[0]!;
  if (sig.type !== 'signature') throw e.mismatch('phần thêm vào là dấu thời gian, không phải chữ ký');
  if (rangeEnd(sig) !== b.length) throw e.mismatch('có nội dung được thêm vào sau chữ ký');
  if (!sig.integrity.ok || sig.verdict === 'invalid')
    throw e.invalid(sig.reasons.map((r) => r.message).join('; ') || 'không kiểm tra được tính toàn vẹn');
  if (!sig.chain.trusted) throw e.invalid('chứng thư số không do tổ chức cung cấp dịch vụ chứng thực được tin cậy cấp');
  return sig;
}

/**
 * The file the signing session produced, checked against the prepared file (checkAddedSignature), and the
 * certificate names the caller (common name = the user's full name, Unicode NFC, case and spaces ignored).
 */
export async function checkSignedFile(
  deps: Deps,
  p: Principal,
  preparedFileId: string,
  signedFileId: string,
): Promise<{ signer: string; verdict: string }> {
  const sig = await checkAddedSignature(deps, p, preparedFileId, signedFileId, {
    mismatch: deferredErrors.mismatch,
    invalid: deferredErrors.invalid,
    notMine: () => deferredErrors.signer('tệp do người khác tạo ra'),
  });
  if (!sig.signerName || nameKey(sig.signerName) !== nameKey(p.fullName))
    throw deferredErrors.signer(`chứng thư mang tên "${sig.signerName ?? 'không rõ'}", không phải "${p.fullName}"`);
  return { signer: sig.signerName, verdict: sig.verdict };
}

/** Step 3: the signed file is checked, then the sign step is done and the document signed, in one transaction. */
export async function completeSign(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { signedFileId: string; comment?: string | null },
): Promise<void> {
  const pre = await loadDoc(deps.db, p, id, deps.now());
  const { step } = await activeSignStep(deps.db, deps, p, pre);
  const preparedId = pre.doc.prepared_file_id;
  if (!preparedId || !pre.doc.number_notation) throw deferredErrors.notPrepared();
  if (pre.doc.final_file_id !== pre.doc.prepared_source_id) throw deferredErrors.stale();
  const checked = await checkSignedFile(deps, p, preparedId, input.signedFileId);
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
    const { step: s, delegation } = await activeSignStep(trx, deps, p, l);
    if (s.id !== step.id) throw err('step_not_active', 409, 'Văn bản không chờ ký.');
    if (l.doc.prepared_file_id !== preparedId || l.doc.final_file_id !== l.doc.prepared_source_id)
      throw deferredErrors.stale();
    await completeSignStep(trx, l, p, delegation?.id ?? null, input.comment ?? null);
    const now = new Date();
    await trx
      .updateTable('outgoing_docs')
      .set({
        status: 'signed',
        signed_at: now,
        signed_by: p.userId,
        sign_rank: delegation?.rank ?? null,
        signed_file_id: input.signedFileId,
        issued_date: l.doc.prepared_date,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    const d = l.doc;
    await recordAudit(trx, actor, {
      action: 'outgoing.sign',
      entityType: 'outgoing',
      entityId: id,
      summary: `Ký ${d.number_notation}${delegation ? ` (${delegation.rank}.)` : ''} — chữ ký số PAdES bằng thiết bị ký của người ký`,
      after: {
        registerId: d.register_id,
        year: d.year,
        number: d.number,
        notation: d.notation,
        numberNotation: d.number_notation,
        method: 'pades-deferred',
        preparedFileId: preparedId,
        signedFileId: input.signedFileId,
        signer: checked.signer,
        verdict: checked.verdict,
      },
    });
  });
}
