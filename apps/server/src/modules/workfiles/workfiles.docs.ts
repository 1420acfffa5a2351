/**
 * The documents a work file refers to, asked of the modules that own them (incoming, outgoing, blobs) through
 * their service functions: what the caller may see is decided by the owner's policy, never re-derived here.
 */
import { PDFDocument } from 'pdf-lib';
import { todayVN, isConfidentiality } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { AppError } from '../../http/errors';
import { getDocument } from '../incoming';
import { getDocView } from '../outgoing';
import { getFileForUploader } from '../blobs';
import { wfError } from './workfiles.errors';
import { clearedForMember } from './workfiles.policy';
import type { MemberKind } from './workfiles.tables';

/** The TT 05 document-level fields of a member, filled from its document (F1g). */
export interface DocSnapshot {
  kind: MemberKind;
  refId: string;
  docDate: string;
  typeName: string;
  typeCode: string | null;
  codeNumber: string;
  codeNotation: string;
  organName: string;
  subject: string;
  language: string;
  pageCount: number | null;
  confidentiality: string;
  draft: boolean;
  autograph: string;
  fileIds: string[];
  description: string;
}

export interface UploadMeta {
  subject: string;
  docDate: string;
  typeName?: string;
  codeNumber?: string;
  codeNotation?: string;
  organName?: string;
  pageCount?: number | null;
  confidentiality?: string;
  description?: string;
}

const notVisible = () => wfError('workfiles.document_not_found');

/** 404 of the owning module → our 404 (the caller may not see it, or it does not exist). */
async function owned<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof AppError && e.status === 404) throw notVisible();
    throw e;
  }
}

/** Page count of a stored PDF (for members whose document does not say). */
export async function pdfPages(deps: Deps, fileId: string, organId: string): Promise<number | null> {
  const f = await deps.db
    .selectFrom('files')
    .select(['sha256', 'mime'])
    .where('id', '=', fileId)
    .where('organ_id', '=', organId)
    .executeTakeFirst();
  if (!f || f.mime !== 'application/pdf') return null;
  const chunks: Buffer[] = [];
  for await (const c of deps.blobs.open(f.sha256)) chunks.push(c as Buffer);
  try {
    const doc = await PDFDocument.load(Buffer.concat(chunks), { ignoreEncryption: true, updateMetadata: false });
    return doc.getPageCount();
  } catch {
    return null;
  }
}

/** Reads a document the caller may see and returns what a file keeps of it. */
export async function snapshotDocument(
  deps: Deps,
  p: Principal,
  kind: MemberKind,
  refId: string,
  upload?: UploadMeta,
): Promise<DocSnapshot> {
  if (kind === 'incoming') {
    const d = await owned(() => getDocument(deps, p, refId));
    const fileIds = d.files.filter((f) => f.kind !== 'progress').map((f) => f.id);
    return {
      kind,
      refId,
      docDate: d.issuedDate,
      typeName: d.typeName,
      typeCode: d.docTypeCode,
      codeNumber: d.number,
      codeNotation: d.notation,
      organName: d.issuingOrganName,
      subject: d.subject,
      language: d.language ?? 'Tiếng Việt',
      pageCount: d.pageCount ?? (fileIds[0] ? await pdfPages(deps, fileIds[0], p.organId) : null),
      confidentiality: d.confidentiality,
      draft: false,
      autograph: [d.signerPosition, d.signerName].filter(Boolean).join(' '),
      fileIds,
      description: d.description ?? '',
    };
  }
  if (kind === 'outgoing') {
    const d = await owned(() => getDocView(deps, p, refId));
    const latestDraft = [...d.versions].reverse().find((v) => v.kind === 'draft');
    const main = d.sealedFileId ?? d.signedFileId ?? d.finalFileId ?? latestDraft?.fileId ?? null;
    const organ = await deps.db
      .selectFrom('organs')
      .select('name')
      .where('id', '=', p.organId)
      .executeTakeFirstOrThrow();
    const nn = d.numberNotation ?? '';
    return {
      kind,
      refId,
      docDate: d.issuedDate ?? todayVN(deps.now()),
      typeName: d.docTypeName,
      typeCode: d.docType,
      codeNumber: d.number != null ? String(d.number).padStart(2, '0') : '',
      codeNotation: nn.includes('/') ? nn.slice(nn.indexOf('/') + 1) : nn,
      organName: organ.name,
      subject: d.subject,
      language: 'Tiếng Việt',
      pageCount: main ? await pdfPages(deps, main, p.organId) : null,
      confidentiality: d.confidentiality,
      draft: d.status !== 'issued',
      autograph: d.signedByName ?? d.signerName ?? '',
      fileIds: main ? [main] : [],
      description: '',
    };
  }
  // Another upload of the caller's (a note, a photo, a document from outside the system).
  const f = await owned(() => getFileForUploader(deps, p, refId));
  if (!upload) throw new AppError('validation.failed', 400, 'Cần nhập trích yếu và ngày của tài liệu tải lên.');
  const conf = upload.confidentiality && isConfidentiality(upload.confidentiality) ? upload.confidentiality : 'thuong';
  return {
    kind,
    refId,
    docDate: upload.docDate,
    typeName: upload.typeName ?? 'Tài liệu khác',
    typeCode: null,
    codeNumber: upload.codeNumber ?? '',
    codeNotation: upload.codeNotation ?? '',
    organName: upload.organName ?? '',
    subject: upload.subject,
    language: 'Tiếng Việt',
    pageCount: upload.pageCount ?? (await pdfPages(deps, f.id, p.organId)),
    confidentiality: conf,
    draft: false,
    autograph: '',
    fileIds: [f.id],
    description: upload.description ?? '',
  };
}

/** May this reader see a member of a file? Not confidential: the file's access decides. Confidential: the owning module's policy. */
export async function memberVisible(
  deps: Deps,
  p: Principal,
  m: { kind: MemberKind; ref_id: string; confidentiality: string },
): Promise<boolean> {
  if (m.confidentiality === 'thuong') return true;
  try {
    if (m.kind === 'incoming') await getDocument(deps, p, m.ref_id);
    else if (m.kind === 'outgoing') await getDocView(deps, p, m.ref_id);
    else return clearedForMember(p, m.confidentiality);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return false;
    throw e;
  }
}

/** Whether an outgoing member is still a draft (re-asked at closing; unknown → the snapshot stays). */
export async function outgoingStillDraft(deps: Deps, p: Principal, refId: string): Promise<boolean | null> {
  try {
    return (await getDocView(deps, p, refId)).status !== 'issued';
  } catch {
    return null;
  }
}
