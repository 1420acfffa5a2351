/**
 * Transfer (nộp lưu) into the agency archive and the AIP of each record (records.md "Transfer", "Packages").
 * The work files are read through the workfiles module's public entry, as the receiving clerk sees them; each
 * file is checked (closed, retention, TT 05 metadata, formats, checksums) and either every file of the transfer is
 * accepted in one transaction (records + handover minutes + one package job each) or the transfer is refused with
 * each file's reasons, changing nothing.
 */
import { createHash } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { sql } from 'kysely';
import { z } from 'zod';
import { foldKey, todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import { AppError } from '../../http/errors';
import type { Principal } from '../auth';
import { recordAudit, type Actor } from '../audit';
import { enqueue } from '../jobs';
import { notify } from '../notify';
import { getSignatureReport } from '../signing';
import { exportXml, getFile, listFiles } from '../workfiles';
import { arError, CHECK_REASONS, type CheckReason } from './archive.errors';
import { isArchiveHead, isArchivist } from './archive.policy';
import type { Mode } from './archive.tables';

export const BUILD_AIP = 'archive.build_aip';
export const BuildAipPayload = z.object({ recordId: z.string().uuid(), organId: z.string().uuid() });

/**
 * Formats the archive accepts (records.md: PDF, DOCX/ODT/XLSX, TIFF/JPEG).
 * PDF/A at ingest: not checked yet. The digitisation module (issue 22) is writing the reusable structural PDF/A
 * check; when its index exports it, call it here for each PDF (import from '../digitisation') and add a check reason.
 */
export const ACCEPTED_MIME = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/tiff',
  'image/jpeg',
]);
const EXT: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'image/tiff': 'tif',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** The signing module's report on a PDF at transfer (records.md: every signature verified, report kept with the record). */
export interface SignatureCheck {
  verdict: 'valid' | 'invalid' | 'indeterminate' | 'unsigned' | 'not_checked';
  verdictLabel: string;
  verifiedAt: string;
  signatures: {
    signerName: string | null;
    verdict: string;
    signingTime: string | null;
    level: string | null;
    reasons: { code: string; message: string }[];
  }[];
  problems: { code: string; message: string }[];
}
export interface SnapshotFile {
  sha256: string;
  mime: string;
  size: number;
  name: string;
  path: string;
  signature?: SignatureCheck;
  /** Imported SIPs: the bytes stay inside the SIP blob (entry path and the SIP's own checksum). */
  sip?: { blob: string; entry: string; checksum: string; checksumType: string };
}

/** Verifies one PDF through the signing module; a file too large to verify is kept with verdict not_checked. */
async function signatureCheck(deps: Deps, sha256: string): Promise<SignatureCheck> {
  try {
    const r = await getSignatureReport(deps, sha256);
    return {
      verdict: r.verdict,
      verdictLabel: r.verdictLabel,
      verifiedAt: r.verifiedAt,
      problems: r.problems,
      signatures: r.signatures.map((x) => ({
        signerName: x.signerName,
        verdict: x.verdict,
        signingTime: x.signingTime,
        level: x.level,
        reasons: x.reasons,
      })),
    };
  } catch (e) {
    if (e instanceof AppError)
      return {
        verdict: 'not_checked',
        verdictLabel: 'Chưa kiểm tra chữ ký số',
        verifiedAt: deps.now().toISOString(),
        signatures: [],
        problems: [{ code: e.code, message: e.message }],
      };
    throw e;
  }
}
export interface SnapshotDoc {
  ordinal: number;
  docCode: string;
  kind: string;
  docDate: string;
  typeName: string;
  numberNotation: string;
  organName: string;
  subject: string;
  pageCount: number | null;
  confidentiality: string;
  autograph: string;
  files: SnapshotFile[];
}
export interface Snapshot {
  file: {
    code: string;
    title: string;
    retention: string;
    startDate: string;
    endDate: string;
    unitName: string;
    creatorName: string;
    mode: string;
    tt05: Record<string, string | null>;
  };
  documents: SnapshotDoc[];
}

/** Transfer is due by the end of the year after the work ended (Luật Lưu trữ 2024); warned 30 days before (F5b). */
export function transferDue(endDate: string): string {
  return `${Number(endDate.slice(0, 4)) + 1}-12-31`;
}
/** Retention ends with the year endYear + N (counted from the year the work ended); null: permanent or until lapse. */
export function retentionEnds(endDate: string, retention: string): string | null {
  const n = Number(retention);
  if (!Number.isInteger(n) || n <= 0) return null;
  return `${Number(endDate.slice(0, 4)) + n}-12-31`;
}

/** Closed files not yet in the archive: the organ's for the archive, the caller's units' otherwise (F5b list). */
export async function dueFiles(deps: Deps, p: Principal) {
  const scope = isArchivist(p) ? 'organ' : 'unit';
  const list = await listFiles(deps, p, { scope, status: 'closed', page: 1, pageSize: 200 });
  const ids = list.items.map((f) => f.id);
  const taken = ids.length
    ? await deps.db
        .selectFrom('archive_records')
        .select('workfile_id')
        .where('organ_id', '=', p.organId)
        .where('workfile_id', 'in', ids)
        .execute()
    : [];
  const done = new Set(taken.map((t) => t.workfile_id));
  const today = todayVN(deps.now());
  const soon = todayVN(new Date(deps.now().getTime() + 30 * 86400_000));
  return list.items
    .filter((f) => !done.has(f.id))
    .map((f) => {
      const due = f.endDate ? transferDue(f.endDate) : null;
      return { ...f, dueDate: due, overdue: !!due && due < today, dueSoon: !!due && due >= today && due <= soon };
    });
}

async function snapshotOf(
  deps: Deps,
  p: Principal,
  workfileId: string,
): Promise<{ creatorId: string; snap: Snapshot; reasons: CheckReason[]; unitId: string; mode: Mode; xml: string }> {
  let f: Awaited<ReturnType<typeof getFile>>;
  try {
    f = await getFile(deps, p, workfileId);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw arError('archive.workfile_not_found', { workfileId });
    throw e;
  }
  const reasons = new Set<CheckReason>();
  if (f.status !== 'closed') reasons.add('archive.check.not_closed');
  if (!f.retention) reasons.add('archive.check.retention_missing');
  if (f.title.trim().length < 10 || !f.startDate || !f.endDate || !f.tt05.language?.trim())
    reasons.add('archive.check.metadata_incomplete');
  if (f.hiddenMembers > 0) reasons.add('archive.check.hidden_members');
  const documents: SnapshotDoc[] = [];
  let secret = f.tt05.mode === '03';
  for (const m of f.members) {
    if (!m.subject.trim() || !m.docDate || m.pageCount == null) reasons.add('archive.check.metadata_incomplete');
    if (m.confidentiality !== 'thuong') secret = true;
    if (!m.fileIds.length) reasons.add('archive.check.no_content');
    // The member is visible to the receiving clerk under the workfiles module's policy (getFile left out what is
    // not); its content files are read as part of it. (Uploads have no content owner in the blobs module, so
    // /api/files would answer 404 to anyone but the uploader.)
    const rows = m.fileIds.length
      ? await deps.db
          .selectFrom('files')
          .select(['id', 'sha256', 'mime', 'size', 'name'])
          .where('organ_id', '=', p.organId)
          .where('id', 'in', m.fileIds)
          .execute()
      : [];
    if (rows.length !== new Set(m.fileIds).size) reasons.add('archive.check.no_content');
    const files: SnapshotFile[] = [];
    for (const [k, id] of m.fileIds.entries()) {
      const row = rows.find((x) => x.id === id);
      if (!row) continue;
      if (!ACCEPTED_MIME.has(row.mime)) reasons.add('archive.check.format');
      if (!(await deps.blobs.exists(row.sha256))) reasons.add('archive.check.checksum');
      const signature =
        row.mime === 'application/pdf' && (await deps.blobs.exists(row.sha256))
          ? await signatureCheck(deps, row.sha256)
          : undefined;
      files.push({
        sha256: row.sha256,
        mime: row.mime,
        size: Number(row.size),
        name: row.name,
        path: `${f.code}.${m.ordinal}${k ? `-${k + 1}` : ''}.${EXT[row.mime] ?? 'bin'}`,
        ...(signature ? { signature } : {}),
      });
    }
    documents.push({
      ordinal: m.ordinal,
      docCode: m.docCode,
      kind: m.kind,
      docDate: m.docDate,
      typeName: m.typeName,
      numberNotation: m.numberNotation,
      organName: m.organName,
      subject: m.subject,
      pageCount: m.pageCount,
      confidentiality: m.confidentiality,
      autograph: m.autograph,
      files,
    });
  }
  const xml = await text((await exportXml(deps, p, workfileId)).stream);
  const mode: Mode = secret ? '03' : f.tt05.mode === '02' ? '02' : '01';
  return {
    creatorId: f.creatorId,
    snap: {
      file: {
        code: f.code,
        title: f.title,
        retention: f.retention ?? '',
        startDate: f.startDate,
        endDate: f.endDate ?? '',
        unitName: f.unitName,
        creatorName: f.creatorName,
        mode,
        tt05: f.tt05,
      },
      documents,
    },
    reasons: [...reasons],
    unitId: f.unitId,
    mode,
    xml,
  };
}

/**
 * The archive receives closed files (one transaction: handover record, one archive record per file, audit, one
 * package job per record). Any file that fails a check refuses the whole transfer with each file's reasons.
 */
export async function receiveTransfer(
  deps: Deps,
  p: Principal,
  actor: Actor,
  input: { workfileIds: string[]; note?: string },
) {
  if (!isArchivist(p)) throw arError('archive.forbidden');
  const ids = [...new Set(input.workfileIds)];
  const snaps: ({ id: string } & Awaited<ReturnType<typeof snapshotOf>>)[] = [];
  const refused: {
    workfileId: string;
    code: string;
    title: string;
    reasons: { code: CheckReason; message: string }[];
  }[] = [];
  for (const id of ids) {
    const s = await snapshotOf(deps, p, id);
    if (s.reasons.length)
      refused.push({
        workfileId: id,
        code: s.snap.file.code,
        title: s.snap.file.title,
        reasons: s.reasons.map((c) => ({ code: c, message: CHECK_REASONS[c] })),
      });
    snaps.push({ id, ...s });
  }
  const already = await deps.db
    .selectFrom('archive_records')
    .select(['workfile_id', 'code'])
    .where('organ_id', '=', p.organId)
    .where('workfile_id', 'in', ids)
    .execute();
  if (already.length) throw arError('archive.already_transferred', { codes: already.map((a) => a.code) });
  if (refused.length) {
    const summary = refused.map((r) => `${r.code}: ${r.reasons.map((x) => x.message).join(' ')}`).join(' | ');
    await deps.db.transaction().execute(async (trx) => {
      for (const r of refused)
        await recordAudit(trx, actor, {
          action: 'archive.transfer.return',
          entityType: 'workfile',
          entityId: r.workfileId,
          summary: `Trả lại hồ sơ ${r.code} khi nộp lưu: ${r.reasons.map((x) => x.message).join(' ')}`,
          after: { reasons: r.reasons.map((x) => x.code) },
        });
    });
    throw arError(
      'archive.check_failed',
      { files: refused },
      `Hồ sơ chưa đủ điều kiện nộp lưu, trả lại đơn vị: ${summary}`,
    );
  }
  const transferId = await deps.db.transaction().execute(async (trx) => {
    // The handover number: per organ, under a transaction-scoped advisory lock of the organ (no gap, no duplicate).
    await sql`select pg_advisory_xact_lock(hashtext(${`archive.transfer:${p.organId}`}))`.execute(trx);
    const last = await trx
      .selectFrom('archive_transfers')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('organ_id', '=', p.organId)
      .executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const t = await trx
      .insertInto('archive_transfers')
      .values({
        organ_id: p.organId,
        number,
        unit_ids: [...new Set(snaps.map((s) => s.unitId))],
        note: input.note ?? '',
        received_by: p.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const s of snaps) {
      const r = await trx
        .insertInto('archive_records')
        .values({
          organ_id: p.organId,
          transfer_id: t.id,
          workfile_id: s.id,
          code: s.snap.file.code,
          title: s.snap.file.title,
          search_key: foldKey(`${s.snap.file.code} ${s.snap.file.title}`),
          unit_id: s.unitId,
          retention: s.snap.file.retention,
          start_date: s.snap.file.startDate,
          end_date: s.snap.file.endDate,
          mode: s.mode,
          doc_count: s.snap.documents.length,
          metadata: JSON.stringify(s.snap),
          tt05_xml: s.xml,
        })
        .onConflict((oc) => oc.columns(['organ_id', 'workfile_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!r) throw arError('archive.already_transferred', { codes: [s.snap.file.code] });
      await enqueue(
        trx,
        BUILD_AIP,
        { recordId: r.id, organId: p.organId },
        { organId: p.organId, uniqueKey: `aip:${r.id}` },
      );
      await notify(trx, {
        organId: p.organId,
        userIds: [s.creatorId],
        kind: 'archive.accepted',
        title: `Hồ sơ ${s.snap.file.code} đã được nộp lưu`,
        body: s.snap.file.title,
        link: `/archive/record/${r.id}`,
      });
      await recordAudit(trx, actor, {
        action: 'archive.record.accept',
        entityType: 'archive_record',
        entityId: r.id,
        summary: `Nhận nộp lưu hồ sơ ${s.snap.file.code} — ${s.snap.file.title} (${s.snap.documents.length} văn bản)`,
        after: { transferNumber: number, workfileId: s.id },
      });
    }
    await recordAudit(trx, actor, {
      action: 'archive.transfer.receive',
      entityType: 'archive_transfer',
      entityId: t.id,
      summary: `Biên bản giao nhận số ${number}: ${snaps.length} hồ sơ`,
      after: { codes: snaps.map((s) => s.snap.file.code) },
    });
    return t.id;
  });
  return getTransfer(deps, p, transferId);
}

export async function getTransfer(deps: Deps, p: Principal, id: string) {
  if (!isArchivist(p) && !isArchiveHead(p)) throw arError('archive.transfer_not_found');
  const t = await deps.db
    .selectFrom('archive_transfers as t')
    .innerJoin('users as u', 'u.id', 't.received_by')
    .select(['t.id', 't.number', 't.note', 't.received_at', 't.unit_ids', 'u.full_name'])
    .where('t.id', '=', id)
    .where('t.organ_id', '=', p.organId)
    .executeTakeFirst();
  if (!t) throw arError('archive.transfer_not_found');
  const records = await deps.db
    .selectFrom('archive_records')
    .select(['id', 'code', 'title', 'retention', 'start_date', 'end_date', 'doc_count', 'status'])
    .where('transfer_id', '=', id)
    .where('organ_id', '=', p.organId)
    .orderBy('code')
    .execute();
  return {
    id: t.id,
    number: t.number,
    note: t.note,
    receivedAt: t.received_at.toISOString(),
    receivedByName: t.full_name,
    records: records.map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      retention: r.retention,
      startDate: r.start_date,
      endDate: r.end_date,
      docCount: r.doc_count,
      status: r.status,
    })),
  };
}

export async function listTransfers(deps: Deps, p: Principal) {
  if (!isArchivist(p) && !isArchiveHead(p)) throw arError('archive.forbidden');
  const rows = await deps.db
    .selectFrom('archive_transfers as t')
    .innerJoin('users as u', 'u.id', 't.received_by')
    .select([
      't.id',
      't.number',
      't.received_at',
      'u.full_name',
      (eb) =>
        eb
          .selectFrom('archive_records as r')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('r.transfer_id', '=', 't.id')
          .as('n'),
    ])
    .where('t.organ_id', '=', p.organId)
    .orderBy('t.number', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    receivedAt: r.received_at.toISOString(),
    receivedByName: r.full_name,
    fileCount: Number(r.n ?? 0),
  }));
}

export const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
