/**
 * Copies (sao y, sao lục, trích sao, documents.md §2 and §7): a new file made from the source (which is
 * never rewritten), marked with the copy form, the copy number from the copy register (one sequence per
 * year shared by SY/SL/TrS: 05/SY-BNV) and the copying organ, then signed by the organ (text stamp, no image).
 */
import { formatNotation, formatNumberNotation, todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { discardStaged } from '../blobs';
import type { PutResult } from '../blobs';
import { takeNumber, listRegisters } from '../registers';
import { err } from './outgoing.model';
import { loadDoc, requireAction } from './outgoing.repo';
import { readFileBytes, recordPdf, stagePdf } from './outgoing.files';
import { ensureOutgoingRegisters, vnYear } from './outgoing.numbering';
import { COPY_FORM_LABEL, stampCopyMark } from './outgoing.pdf';
import { DEFAULT_PLACE } from './outgoing.sign.service';
import { signingPortFor } from './outgoing.signing';

export type CopyForm = 'SY' | 'SL' | 'TrS';

export async function makeCopy(
  deps: Deps,
  p: Principal,
  actor: Actor,
  outgoingId: string,
  input: { form: CopyForm; recipients?: string | null },
) {
  await ensureOutgoingRegisters(deps, p.organId);
  const l = await loadDoc(deps.db, p, outgoingId, deps.now());
  requireAction(l, 'copy', 'Chỉ văn thư sao văn bản đã phát hành.');
  const sourceFileId = l.doc.sealed_file_id;
  if (!sourceFileId) throw err('not_issued', 409, 'Văn bản chưa phát hành.');
  const reg = (await listRegisters(deps.db, p.organId, 'copy')).find((r) => r.active && !r.confidential);
  if (!reg) throw err('no_copy_register', 409, 'Cơ quan chưa có sổ bản sao.');
  const organ = await deps.db
    .selectFrom('organs')
    .select(['name', 'abbr'])
    .where('id', '=', p.organId)
    .executeTakeFirstOrThrow();
  const source = await readFileBytes(deps, deps.db, p.organId, sourceFileId);
  const notation = formatNotation({ typeAbbr: input.form, organAbbr: organ.abbr });
  const year = vnYear(deps.now());
  const date = todayVN(deps.now());
  const port = signingPortFor(deps);
  let put: PutResult | null = null;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const number = await takeNumber(trx, reg.id, year);
      const numberNotation = formatNumberNotation(number, notation);
      const marked = await stampCopyMark(source.bytes, {
        form: input.form,
        numberNotation,
        organName: organ.name,
        date,
        place: DEFAULT_PLACE,
      });
      const signed = await port.signAsOrgan(
        marked,
        { id: p.organId, name: organ.name },
        {
          reason: `${COPY_FORM_LABEL[input.form]} ${numberNotation}`,
          stamp: { firstLine: COPY_FORM_LABEL[input.form], extraLines: [`Số: ${numberNotation}`] },
        },
      );
      put = await stagePdf(deps, signed.pdf);
      const fileId = await recordPdf(trx, p.organId, put, `${numberNotation.replace(/\//g, '_')}.pdf`, p.userId);
      const c = await trx
        .insertInto('outgoing_copies')
        .values({
          organ_id: p.organId,
          form: input.form,
          source_kind: 'outgoing',
          source_id: outgoingId,
          source_file_id: sourceFileId,
          register_id: reg.id,
          year,
          number,
          number_notation: numberNotation,
          file_id: fileId,
          recipients: input.recipients ?? null,
          created_by: p.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('outgoing_numbers')
        .values({
          organ_id: p.organId,
          register_id: reg.id,
          year,
          number,
          number_notation: numberNotation,
          outgoing_id: null,
          copy_id: c.id,
          taken_by: p.userId,
          cancelled_at: null,
          cancel_reason: null,
        })
        .execute();
      await recordAudit(trx, actor, {
        action: 'outgoing.copy',
        entityType: 'outgoing',
        entityId: outgoingId,
        summary: `${COPY_FORM_LABEL[input.form]} ${numberNotation} từ ${l.doc.number_notation}`,
        after: { copyId: c.id, method: signed.method },
      });
      return { id: c.id, numberNotation, fileId, sha256: put.sha256, method: signed.method };
    });
  } catch (e) {
    if (put) await discardStaged(deps, put);
    throw e;
  }
}

export async function listCopies(deps: Deps, p: Principal, outgoingId: string) {
  await loadDoc(deps.db, p, outgoingId, deps.now());
  const rows = await deps.db
    .selectFrom('outgoing_copies')
    .selectAll()
    .where('organ_id', '=', p.organId)
    .where('source_id', '=', outgoingId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    form: r.form,
    numberNotation: r.number_notation,
    fileId: r.file_id,
    createdAt: r.created_at.toISOString(),
  }));
}
