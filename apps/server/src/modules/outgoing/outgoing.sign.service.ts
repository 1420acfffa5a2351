/**
 * The final PDF and the competent person's signature.
 * Choice (documented in the README notes of this module): the number is reserved at the signing step.
 * In one transaction the number is taken from the register, "Số: …" and the place/date are written into the
 * final PDF, and the competent person's signature is applied over that stamped PDF. Nothing is written into
 * the PDF after a signature; the văn thư's organ signature is a further incremental update that keeps the
 * personal one valid. A number whose document is not issued is cancelled with its reason, never reused.
 * Two ways to sign: here with a server-held key in one transaction (demo mode; a recorded approval otherwise),
 * or deferred with the signer's own token through vanthu-signer (outgoing.deferred.service.ts). A number taken by
 * a deferred prepare that was not completed stays on the document and is the one used by either way.
 */
import { todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { Trx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { discardStaged } from '../blobs';
import type { PutResult } from '../blobs';
import { err } from './outgoing.model';
import { loadDoc, requireAction, type DocRow } from './outgoing.repo';
import { actingAuthority, completeSignStep, decideStep, type Decision } from './outgoing.route.service';
import { ensureOutgoingRegisters, numberDocument, type Numbered } from './outgoing.numbering';
import { stampNumberDate, toFinalPdf } from './outgoing.pdf';
import { readFileBytes, recordPdf, stagePdf } from './outgoing.files';
import { SIGNER_RECT, signingPortFor } from './outgoing.signing';

export const DEFAULT_PLACE = 'Hà Nội';

/** The final PDF of the latest draft version (DOCX converted by LibreOffice; a PDF is kept as is). Cached on the document. */
export async function ensureFinalPdf(deps: Deps, p: Principal, actor: Actor, id: string): Promise<string> {
  const l = await loadDoc(deps.db, p, id, deps.now());
  if (l.doc.final_file_id) return l.doc.final_file_id;
  const v = await deps.db
    .selectFrom('outgoing_versions')
    .select(['file_id', 'version_no'])
    .where('outgoing_id', '=', id)
    .where('kind', '=', 'draft')
    .orderBy('version_no', 'desc')
    .executeTakeFirst();
  if (!v) throw err('no_draft_file', 409, 'Chưa tải lên tệp dự thảo.');
  const src = await readFileBytes(deps, deps.db, p.organId, v.file_id);
  if (src.mime === 'application/pdf') {
    await deps.db.updateTable('outgoing_docs').set({ final_file_id: v.file_id }).where('id', '=', id).execute();
    return v.file_id;
  }
  const pdf = await toFinalPdf(src.bytes, src.mime.includes('opendocument') ? 'odt' : 'docx');
  const put = await stagePdf(deps, pdf);
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const fileId = await recordPdf(trx, p.organId, put, src.name.replace(/\.[^.]+$/, '') + '.pdf', p.userId);
      await trx.updateTable('outgoing_docs').set({ final_file_id: fileId }).where('id', '=', id).execute();
      await recordAudit(trx, actor, {
        action: 'outgoing.final_pdf',
        entityType: 'outgoing',
        entityId: id,
        summary: `Tạo bản PDF cuối từ phiên bản ${v.version_no}`,
      });
      return fileId;
    });
  } catch (e) {
    await discardStaged(deps, put);
    throw e;
  }
}

/** The document's number: the one already attached (taken by a deferred prepare) or, in `trx`, the next one of its register. */
export async function numberOf(
  trx: Trx,
  deps: Deps,
  organId: string,
  doc: DocRow,
  takenBy: string | null,
): Promise<Numbered> {
  if (doc.number !== null && doc.register_id && doc.year !== null && doc.notation && doc.number_notation) {
    return {
      registerId: doc.register_id,
      year: doc.year,
      number: doc.number,
      notation: doc.notation,
      numberNotation: doc.number_notation,
    };
  }
  return numberDocument(trx, deps, organId, doc.id, takenBy);
}

async function signStep(deps: Deps, p: Principal, actor: Actor, id: string, comment: string | null) {
  await ensureOutgoingRegisters(deps, p.organId);
  const pre = await loadDoc(deps.db, p, id, deps.now());
  const step = pre.steps.find((s) => s.state === 'active');
  if (!step || step.action !== 'sign' || pre.doc.status !== 'in_review')
    throw err('step_not_active', 409, 'Văn bản không chờ ký.');
  await actingAuthority(deps.db, deps, p, step.actor_id, p.organId, pre.doc.confidentiality);
  const finalId = await ensureFinalPdf(deps, p, actor, id);
  const finalPdf = (await readFileBytes(deps, deps.db, p.organId, finalId)).bytes;
  const organ = await deps.db
    .selectFrom('organs')
    .select(['name'])
    .where('id', '=', p.organId)
    .executeTakeFirstOrThrow();
  const port = signingPortFor(deps);
  let put: PutResult | null = null;
  try {
    await deps.db.transaction().execute(async (trx) => {
      const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
      const s = l.steps.find((x) => x.state === 'active');
      if (!s || s.id !== step.id) throw err('step_not_active', 409, 'Văn bản không chờ ký.');
      const delegation = await actingAuthority(trx, deps, p, s.actor_id, p.organId, l.doc.confidentiality);
      await completeSignStep(trx, l, p, delegation?.id ?? null, comment);
      const numbered = await numberOf(trx, deps, p.organId, l.doc, p.userId);
      const date = todayVN(deps.now());
      const stamped = await stampNumberDate(finalPdf, {
        numberNotation: numbered.numberNotation,
        place: DEFAULT_PLACE,
        date,
      });
      const signed = await port.signAsPerson(stamped, {
        userId: p.userId,
        fullName: p.fullName,
        organName: organ.name,
        reason: `Ký ban hành ${numbered.numberNotation}`,
        appearance: { rect: SIGNER_RECT },
      });
      put = await stagePdf(deps, signed.pdf);
      const fileId = await recordPdf(
        trx,
        p.organId,
        put,
        `${numbered.numberNotation.replace(/\//g, '_')}.pdf`,
        p.userId,
      );
      await trx
        .updateTable('outgoing_docs')
        .set({
          status: 'signed',
          signed_at: new Date(),
          signed_by: p.userId,
          sign_rank: delegation?.rank ?? null,
          signed_file_id: fileId,
          issued_date: date,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'outgoing.sign',
        entityType: 'outgoing',
        entityId: id,
        summary: `Ký ${numbered.numberNotation}${delegation ? ` (${delegation.rank}.)` : ''} — ${signed.method === 'pades' ? 'chữ ký số PAdES' : 'phê duyệt được ghi nhận'}`,
        after: { ...numbered, method: signed.method },
      });
    });
  } catch (e) {
    if (put) await discardStaged(deps, put);
    throw e;
  }
}

/** A decision on the active step; approving the sign step signs (number reserved, stamped, signed). */
export async function decide(deps: Deps, p: Principal, actor: Actor, id: string, d: Decision): Promise<void> {
  const pre = await loadDoc(deps.db, p, id, deps.now());
  const step = pre.steps.find((s) => s.state === 'active');
  if (d.decision === 'approve' && step?.action === 'sign' && pre.doc.status === 'in_review')
    return signStep(deps, p, actor, id, d.comment ?? null);
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
    const s = l.steps.find((x) => x.state === 'active');
    if (s && l.doc.status === 'in_review' && !l.actions.includes('act'))
      await actingAuthority(trx, deps, p, s.actor_id, l.doc.organ_id, l.doc.confidentiality);
    if (!s) requireAction(l, 'act');
    const r = await decideStep(trx, deps, p, actor, l, d);
    if (r.signStep) throw err('step_not_active', 409, 'Văn bản không chờ ký.');
  });
}

/** The văn thư cancels the number of a signed document that will not be issued: recorded with the reason, never reused. */
export async function cancelNumber(deps: Deps, p: Principal, actor: Actor, id: string, reason: string) {
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
    requireAction(l, 'cancel_number');
    await trx
      .updateTable('outgoing_numbers')
      .set({ cancelled_at: new Date(), cancel_reason: reason })
      .where('outgoing_id', '=', id)
      .where('cancelled_at', 'is', null)
      .execute();
    await trx
      .updateTable('outgoing_docs')
      .set({
        status: 'recalled',
        recall_kind: 'cancel_number',
        recall_reason: reason,
        recalled_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'outgoing.number.cancel',
      entityType: 'outgoing',
      entityId: id,
      summary: `Hủy số ${l.doc.number_notation}: ${reason.slice(0, 200)}`,
    });
  });
}
