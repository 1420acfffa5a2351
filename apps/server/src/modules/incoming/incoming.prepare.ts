import fs from 'node:fs';
import { CONFIDENTIALITY, foldKey, nfc, todayVN, type Confidentiality } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { AppError } from '../../http/errors';
import type { PutResult } from '../blobs';
import { findDocType } from '../registers';
import { checkRegisterFits, getRegister, registerFor, type RegisterOut } from '../registers';
import { validationError, type IncomingMeta } from './incoming.schemas';

export interface StagedFile {
  put: PutResult;
  name: string;
}

/** The document row's descriptive columns, resolved and auto-filled (F1g) from validated metadata. */
export interface PreparedMeta {
  doc_type_code: string;
  type_name: string;
  number: string;
  notation: string;
  issued_date: string;
  issuing_organ_id: string | null;
  issuing_organ_code: string | null;
  issuing_organ_name: string;
  subject: string;
  signer_position: string | null;
  signer_name: string | null;
  urgency: string;
  confidentiality: string;
  conf_rank: number;
  page_count: number | null;
  recipients: string | null;
  description: string | null;
  document_identifier: string | null;
  deadline: string | null;
  dup_key: string;
  search_text: string;
  search_fold: string;
}

export const vnYear = (d: Date) => Number(todayVN(d).slice(0, 4));

export function dupKeyOf(issuingOrgan: string, number: string, notation: string, issuedDate: string): string {
  return [
    foldKey(issuingOrgan),
    foldKey(number).replace(/^0+(?=\d)/, ''),
    foldKey(notation).replace(/\s+/g, ''),
    issuedDate.slice(0, 4),
  ].join('|');
}

const TYPE = Buffer.from('/Type');
const isSpace = (c: number | undefined) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isLetter = (c: number | undefined) => c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));

/** Counts "/Type /Page" objects (not "/Pages") by scanning the bytes: no string copy of the whole file. */
export function pdfPageObjects(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(TYPE); i >= 0; i = buf.indexOf(TYPE, i + 5)) {
    let j = i + 5;
    while (isSpace(buf[j])) j++;
    if (
      buf[j] === 0x2f &&
      buf[j + 1] === 0x50 &&
      buf[j + 2] === 0x61 &&
      buf[j + 3] === 0x67 &&
      buf[j + 4] === 0x65 &&
      !isLetter(buf[j + 5])
    )
      n++;
  }
  return n;
}

/** Pages of the scans when the clerk did not type them: PDF page objects, one page per image. */
export function countPages(deps: Deps, files: StagedFile[]): number | null {
  let total = 0;
  for (const f of files) {
    if (f.put.kind !== 'pdf') {
      total += 1;
      continue;
    }
    const p = deps.blobs.path?.(f.put.sha256);
    if (!p || f.put.size > 50 * 1024 * 1024) return null;
    const n = pdfPageObjects(fs.readFileSync(p));
    if (!n) return null;
    total += n;
  }
  return total || null;
}

export async function prepareMeta(
  deps: Deps,
  db: DbOrTrx,
  organId: string,
  meta: IncomingMeta,
  files: StagedFile[],
  opts: { lenientType?: boolean } = {},
): Promise<PreparedMeta> {
  let type = await findDocType(db, organId, meta.docTypeCode);
  // A received package may name a type this organ does not list: it is kept as a công văn rather than refused.
  if ((!type || !type.active) && opts.lenientType) type = await findDocType(db, organId, 'cong_van');
  if (!type || !type.active)
    throw validationError([{ path: ['docTypeCode'], message: 'Loại văn bản không có trong danh mục của cơ quan.' }]);
  let issuingName = meta.issuingOrganName ?? '';
  let issuingCode: string | null = null;
  if (meta.issuingOrganId) {
    const org = await db
      .selectFrom('external_organs')
      .select(['name', 'code'])
      .where('id', '=', meta.issuingOrganId)
      .where('organ_id', '=', organId)
      .executeTakeFirst();
    if (!org)
      throw validationError([{ path: ['issuingOrganId'], message: 'Cơ quan ban hành không có trong danh bạ.' }]);
    issuingName = org.name;
    issuingCode = org.code;
  }
  const conf = meta.confidentiality as Confidentiality;
  const number = nfc(meta.number);
  const notation = nfc(meta.notation);
  const subject = nfc(meta.subject);
  const searchText = `${number}/${notation} ${subject} ${issuingName} ${meta.signerName ?? ''}`
    .normalize('NFC')
    .toLocaleLowerCase('vi');
  return {
    doc_type_code: type.code,
    type_name: type.name,
    number,
    notation,
    issued_date: meta.issuedDate,
    issuing_organ_id: meta.issuingOrganId ?? null,
    issuing_organ_code: issuingCode,
    issuing_organ_name: nfc(issuingName),
    subject,
    signer_position: meta.signerPosition,
    signer_name: meta.signerName,
    urgency: meta.urgency,
    confidentiality: conf,
    conf_rank: CONFIDENTIALITY[conf].rank,
    page_count: meta.pageCount ?? countPages(deps, files),
    recipients: meta.recipients,
    description: meta.description,
    document_identifier: meta.documentIdentifier,
    deadline: meta.deadline ?? null,
    dup_key: dupKeyOf(issuingName, number, notation, meta.issuedDate),
    search_text: searchText,
    search_fold: foldKey(searchText),
  };
}

/** The arrival date: today unless given; never in the future (it is a fact, not a plan). */
export function arrivalDateOf(deps: Deps, given: string | undefined): string {
  const today = todayVN(deps.now());
  if (given && given > today)
    throw new AppError('incoming.arrival_in_future', 400, 'Ngày đến không được sau ngày hôm nay.', {
      fields: [{ path: 'arrivalDate', message: 'Ngày đến không được sau ngày hôm nay.' }],
    });
  return given ?? today;
}

export async function chooseRegister(
  db: DbOrTrx,
  organId: string,
  registerId: string | undefined,
  prepared: PreparedMeta,
): Promise<RegisterOut> {
  const confidential = prepared.conf_rank > 0;
  if (!registerId) return registerFor(db, organId, 'incoming', { confidential, docType: prepared.doc_type_code });
  const reg = await getRegister(db, organId, registerId);
  checkRegisterFits(reg, 'incoming', confidential);
  return reg;
}

export interface DuplicateOut {
  id: string;
  arrivalNumber: number | null;
  arrivalDate: string | null;
  numberNotation: string;
  issuingOrganName: string;
  subject: string;
}

/** F1h: same issuing organ + number + notation + year, or the same document identifier. Only documents the clerk may see are named. */
export async function findDuplicates(
  db: DbOrTrx,
  organId: string,
  prepared: PreparedMeta,
  clearanceRank: number,
  excludeId?: string,
): Promise<DuplicateOut[]> {
  let q = db
    .selectFrom('incoming_documents')
    .select(['id', 'arrival_number', 'arrival_date', 'number', 'notation', 'issuing_organ_name', 'subject'])
    .where('organ_id', '=', organId)
    .where('status', '!=', 'returned')
    .where('conf_rank', '<=', clearanceRank)
    .where((eb) => {
      const ors = [eb('dup_key', '=', prepared.dup_key)];
      if (prepared.document_identifier) ors.push(eb('document_identifier', '=', prepared.document_identifier));
      return eb.or(ors);
    });
  if (excludeId) q = q.where('id', '!=', excludeId);
  const rows = await q.limit(10).execute();
  return rows.map((r) => ({
    id: r.id,
    arrivalNumber: r.arrival_number,
    arrivalDate: r.arrival_date,
    numberNotation: `${r.number}/${r.notation}`,
    issuingOrganName: r.issuing_organ_name,
    subject: r.subject,
  }));
}
