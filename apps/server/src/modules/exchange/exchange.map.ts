/** Mapping between edXML headers and the system's document metadata (exchange.md §1, documents.md §4). */
import { DOC_TYPES, URGENCY, foldKey, type Urgency } from '@vanthu/vn';
import { parseEdxmlDate, type MessageHeader } from '@vanthu/edxml';
import type { ElectronicMeta } from './exchange.ports';

const isoDate = (edxml: string | undefined): string | null => {
  const p = edxml ? parseEdxmlDate(edxml) : null;
  return p
    ? `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
    : null;
};

export const edxmlDate = (iso: string): string => iso.slice(0, 10).replace(/-/g, '/');

const URGENCY_BY_PRIORITY: Record<number, string> = {
  0: 'thuong',
  1: 'khan',
  2: 'thuong_khan',
  3: 'hoa_toc',
  4: 'hoa_toc_hen_gio',
};

export function priorityOf(urgency: string | null | undefined): number {
  return urgency && urgency in URGENCY ? URGENCY[urgency as Urgency].priority : 0;
}

/** The document type code from its Vietnamese name (folded comparison), or null. */
export function docTypeFromName(name: string | undefined): string | null {
  if (!name) return null;
  const k = foldKey(name);
  const hit = DOC_TYPES.find(
    (t) => foldKey(t.name) === k || foldKey(t.name).startsWith(k + ' ') || (t.abbr && foldKey(t.abbr) === k),
  );
  return hit?.code ?? null;
}

export function docTypeName(code: string | null | undefined): string | undefined {
  const t = DOC_TYPES.find((x) => x.code === code);
  return t ? t.name.replace(/\s*\(.*\)$/, '') : undefined;
}

const cut = (s: string | null | undefined, max: number) => (s ? s.trim().slice(0, max) || null : null);

export function metaFromHeader(mh: MessageHeader, today: string): ElectronicMeta {
  const typeName = mh.documentType?.typeName ?? '';
  const pages = mh.otherInfo?.pageAmount;
  return {
    docTypeCode: docTypeFromName(typeName) ?? 'cong_van',
    number: mh.code.codeNumber.slice(0, 11),
    notation: mh.code.codeNotation.slice(0, 30),
    issuedDate: isoDate(mh.promulgationInfo?.promulgationDate) ?? today,
    issuingOrganId: null,
    issuingOrganName: (mh.from.organName ?? mh.from.organId).slice(0, 200),
    subject: mh.subject.slice(0, 500),
    signerPosition: cut([mh.signerInfo?.competence, mh.signerInfo?.position].filter(Boolean).join(' '), 100),
    signerName: cut(mh.signerInfo?.fullName, 50),
    urgency: URGENCY_BY_PRIORITY[mh.otherInfo?.priority ?? 0] ?? 'thuong',
    confidentiality: 'thuong',
    pageCount: pages && pages >= 1 && pages <= 999 ? pages : null,
    recipients: cut(mh.toPlaces.join('; '), 1000),
    description: cut(mh.content, 500),
    deadline: isoDate(mh.dueDate),
    documentIdentifier: cut(mh.documentId, 100),
    confirmDuplicate: false,
  };
}
