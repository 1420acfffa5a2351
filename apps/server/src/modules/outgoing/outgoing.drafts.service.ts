/** Drafts: create, edit metadata, upload versions (every upload is a new version), comments, consultation (F1n). */
import type { Readable } from 'node:stream';
import { nfc } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { cleanFileName, discardStaged, recordFile, stageUpload } from '../blobs';
import type { FileKind } from '../blobs';
import { err } from './outgoing.model';
import { loadDoc, requireAction } from './outgoing.repo';
import { buildRoute, replaceSteps } from './outgoing.route.service';
import { outgoingDocType } from './outgoing.numbering';

export interface RecipientInput {
  kind: 'internal' | 'external';
  unitId?: string;
  organCode?: string;
  name?: string;
}
export interface DraftInput {
  docType: string;
  subject: string;
  urgency: string;
  confidentiality: string;
  signerId: string;
  draftingUnitId?: string;
  answersIncomingId?: string | null;
  advisoryBody?: string | null;
  recipients: RecipientInput[];
  emailRecipients?: string[];
}

const DRAFT_KINDS: readonly FileKind[] = ['pdf', 'docx'];
const ATTACHMENT_KINDS: readonly FileKind[] = ['pdf', 'docx', 'xlsx', 'odt', 'png', 'jpeg', 'tiff', 'zip'];

async function resolveRecipients(trx: DbOrTrx, organId: string, list: RecipientInput[]) {
  const out: { kind: 'internal' | 'external'; unit_id: string | null; organ_code: string | null; name: string }[] = [];
  for (const r of list) {
    if (r.kind === 'internal') {
      const u = r.unitId
        ? await trx
            .selectFrom('units')
            .select(['id', 'name'])
            .where('id', '=', r.unitId)
            .where('organ_id', '=', organId)
            .executeTakeFirst()
        : undefined;
      if (!u) throw err('recipient_invalid', 400, 'Đơn vị nhận không thuộc cơ quan.');
      out.push({ kind: 'internal', unit_id: u.id, organ_code: null, name: u.name });
    } else {
      const e = r.organCode
        ? await trx
            .selectFrom('external_organs')
            .select(['code', 'name'])
            .where('organ_id', '=', organId)
            .where('code', '=', r.organCode)
            .executeTakeFirst()
        : undefined;
      if (!e && !r.name)
        throw err('recipient_invalid', 400, `Không có cơ quan ${r.organCode ?? ''} trong danh bạ liên thông.`);
      out.push({
        kind: 'external',
        unit_id: null,
        organ_code: r.organCode ?? null,
        name: e?.name ?? nfc(r.name ?? ''),
      });
    }
  }
  return out;
}

function checkInput(p: Principal, input: DraftInput) {
  if (input.confidentiality !== 'thuong' && input.recipients.some((r) => r.kind === 'external')) {
    throw err('secret_external', 400, 'Văn bản mật không được gửi qua trục liên thông cho cơ quan ngoài.');
  }
  const unitId = input.draftingUnitId ?? p.unitIds[0];
  if (!unitId || !p.unitIds.includes(unitId))
    throw err('unit_invalid', 400, 'Đơn vị soạn thảo phải là đơn vị của bạn.');
  return unitId;
}

export async function createDraft(deps: Deps, p: Principal, actor: Actor, input: DraftInput): Promise<string> {
  const unitId = checkInput(p, input);
  await outgoingDocType(deps.db, p.organId, input.docType);
  return deps.db.transaction().execute(async (trx) => {
    const signer = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.signerId)
      .where('organ_id', '=', p.organId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!signer) throw err('signer_invalid', 400, 'Người ký không hợp lệ.');
    const doc = await trx
      .insertInto('outgoing_docs')
      .values({
        organ_id: p.organId,
        drafting_unit_id: unitId,
        drafter_id: p.userId,
        doc_type: input.docType,
        subject: nfc(input.subject),
        urgency: input.urgency,
        confidentiality: input.confidentiality,
        signer_id: input.signerId,
        answers_incoming_id: input.answersIncomingId ?? null,
        advisory_body: input.advisoryBody ?? null,
        return_to_ord: null,
        register_id: null,
        year: null,
        number: null,
        notation: null,
        number_notation: null,
        signed_at: null,
        signed_by: null,
        sign_rank: null,
        final_file_id: null,
        signed_file_id: null,
        sealed_file_id: null,
        issued_at: null,
        issued_by: null,
        email_recipients: input.emailRecipients ?? [],
        recalled_at: null,
        recall_kind: null,
        recall_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const recipients = await resolveRecipients(trx, p.organId, input.recipients);
    if (recipients.length)
      await trx
        .insertInto('outgoing_recipients')
        .values(
          recipients.map((r) => ({ ...r, organ_id: p.organId, outgoing_id: doc.id, incoming_id: null, note: null })),
        )
        .execute();
    const steps = await buildRoute(trx, p.organId, {
      docType: input.docType,
      draftingUnitId: unitId,
      drafterId: p.userId,
      signerId: input.signerId,
    });
    await replaceSteps(trx, p.organId, doc.id, steps);
    await recordAudit(trx, actor, {
      action: 'outgoing.create',
      entityType: 'outgoing',
      entityId: doc.id,
      summary: `Tạo dự thảo: ${nfc(input.subject).slice(0, 200)}`,
    });
    return doc.id;
  });
}

export async function updateDraft(deps: Deps, p: Principal, actor: Actor, id: string, input: Partial<DraftInput>) {
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
    requireAction(l, 'edit');
    if (input.docType) await outgoingDocType(trx, p.organId, input.docType);
    await trx
      .updateTable('outgoing_docs')
      .set({
        ...(input.docType ? { doc_type: input.docType } : {}),
        ...(input.subject ? { subject: nfc(input.subject) } : {}),
        ...(input.urgency ? { urgency: input.urgency } : {}),
        ...(input.confidentiality ? { confidentiality: input.confidentiality } : {}),
        ...(input.answersIncomingId !== undefined ? { answers_incoming_id: input.answersIncomingId } : {}),
        ...(input.emailRecipients ? { email_recipients: input.emailRecipients } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    if (input.recipients) {
      await trx.deleteFrom('outgoing_recipients').where('outgoing_id', '=', id).execute();
      const rs = await resolveRecipients(trx, p.organId, input.recipients);
      if (rs.length)
        await trx
          .insertInto('outgoing_recipients')
          .values(rs.map((r) => ({ ...r, organ_id: p.organId, outgoing_id: id, incoming_id: null, note: null })))
          .execute();
    }
    await recordAudit(trx, actor, {
      action: 'outgoing.update',
      entityType: 'outgoing',
      entityId: id,
      summary: 'Sửa thông tin dự thảo',
      after: input,
    });
  });
}

/** Every upload is a new version of the draft (or a new attachment). */
export async function uploadVersion(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  kind: 'draft' | 'attachment',
  stream: Readable,
  filename: string | undefined,
) {
  const pre = await loadDoc(deps.db, p, id, deps.now());
  requireAction(pre, 'upload');
  const put = await stageUpload(deps, stream, { allowed: kind === 'draft' ? DRAFT_KINDS : ATTACHMENT_KINDS });
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
      requireAction(l, 'upload');
      const fileId = await recordFile(trx, {
        organId: p.organId,
        put,
        name: cleanFileName(filename, put.kind),
        uploadedBy: p.userId,
      });
      const last = await trx
        .selectFrom('outgoing_versions')
        .select((eb) => eb.fn.max('version_no').as('n'))
        .where('outgoing_id', '=', id)
        .where('kind', '=', kind)
        .executeTakeFirst();
      const versionNo = Number(last?.n ?? 0) + 1;
      const v = await trx
        .insertInto('outgoing_versions')
        .values({
          organ_id: p.organId,
          outgoing_id: id,
          kind,
          version_no: versionNo,
          file_id: fileId,
          uploaded_by: p.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('outgoing_docs')
        .set({ updated_at: new Date(), final_file_id: null })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'outgoing.version',
        entityType: 'outgoing',
        entityId: id,
        summary: `${kind === 'draft' ? 'Dự thảo' : 'Phụ lục'} phiên bản ${versionNo}`,
        after: { sha256: put.sha256, fileId },
      });
      return { id: v.id, versionNo, fileId, sha256: put.sha256 };
    });
  } catch (e) {
    await discardStaged(deps, put);
    throw e;
  }
}

export async function addComment(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { body: string; versionId?: string | null },
) {
  return deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now());
    requireAction(l, 'comment');
    if (input.versionId) {
      const v = await trx
        .selectFrom('outgoing_versions')
        .select('id')
        .where('id', '=', input.versionId)
        .where('outgoing_id', '=', id)
        .executeTakeFirst();
      if (!v) throw err('version_not_found', 404, 'Không tìm thấy phiên bản.');
    }
    const c = await trx
      .insertInto('outgoing_comments')
      .values({
        organ_id: p.organId,
        outgoing_id: id,
        version_id: input.versionId ?? null,
        author_id: p.userId,
        body: nfc(input.body),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'outgoing.comment',
      entityType: 'outgoing',
      entityId: id,
      summary: 'Góp ý dự thảo',
    });
    return c.id;
  });
}

export async function askConsultation(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { unitId: string; question: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now());
    requireAction(l, 'consult');
    const u = await trx
      .selectFrom('units')
      .select('id')
      .where('id', '=', input.unitId)
      .where('organ_id', '=', p.organId)
      .executeTakeFirst();
    if (!u) throw err('unit_invalid', 400, 'Đơn vị được xin ý kiến không hợp lệ.');
    const c = await trx
      .insertInto('outgoing_consultations')
      .values({
        organ_id: p.organId,
        outgoing_id: id,
        unit_id: input.unitId,
        question: nfc(input.question),
        asked_by: p.userId,
        answer: null,
        answer_file_id: null,
        answered_by: null,
        answered_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'outgoing.consult',
      entityType: 'outgoing',
      entityId: id,
      summary: 'Xin ý kiến đơn vị',
    });
    return c.id;
  });
}

/** The consulted unit's head (or a member of that unit) answers, optionally with a file already uploaded to /api/files. */
export async function answerConsultation(
  deps: Deps,
  p: Principal,
  actor: Actor,
  consultationId: string,
  input: { answer: string; fileId?: string | null },
) {
  await deps.db.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('outgoing_consultations')
      .selectAll()
      .where('id', '=', consultationId)
      .where('organ_id', '=', p.organId)
      .forUpdate()
      .executeTakeFirst();
    if (!c || !p.unitIds.includes(c.unit_id)) throw err('not_found', 404, 'Không tìm thấy yêu cầu xin ý kiến.');
    if (c.answered_at) throw err('already_answered', 409, 'Yêu cầu xin ý kiến này đã được trả lời.');
    if (input.fileId) {
      const f = await trx
        .selectFrom('files')
        .select('id')
        .where('id', '=', input.fileId)
        .where('organ_id', '=', p.organId)
        .where('uploaded_by', '=', p.userId)
        .executeTakeFirst();
      if (!f) throw err('file_invalid', 400, 'Tệp trả lời không hợp lệ.');
    }
    await trx
      .updateTable('outgoing_consultations')
      .set({
        answer: nfc(input.answer),
        answer_file_id: input.fileId ?? null,
        answered_by: p.userId,
        answered_at: new Date(),
      })
      .where('id', '=', consultationId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'outgoing.consult_answer',
      entityType: 'outgoing',
      entityId: c.outgoing_id,
      summary: 'Trả lời xin ý kiến',
    });
  });
}
