/**
 * The TT 05/2025/TT-BNV metadata mapping in one place: 18 file-level and 21 document-level fields (records.md
 * "Packages"), from our rows to the field values and to XML. The archive's packages use the same mapping.
 */
import { DOC_TYPES, formatDate } from '@vanthu/vn';
import type { Retention } from './workfiles.tables';

export const TT05_NS = 'urn:vanthu:tt05-2025:hoso';

/** maintenance: 01 permanent, 02 70 y, 03 50 y, 04 30 y, 05 20 y, 06 10 y, 07 other. */
export const MAINTENANCE: Record<Retention, string> = {
  permanent: '01',
  '70': '02',
  '50': '03',
  '30': '04',
  '20': '05',
  '10': '06',
  '5': '07',
  lapse: '07',
};
/** typeName: 01–29 the NĐ 30 types in the decree's order, 30 map, 31 technical drawing, 32 other (inferred numbering). */
export function typeNameCode(docTypeCode: string | null | undefined): string {
  const i = DOC_TYPES.findIndex((t) => t.code === docTypeCode);
  return i >= 0 ? String(i + 1).padStart(2, '0') : '32';
}
/** mode (access regime): 01 public, 02 restricted, 03 secret; a confidential document is secret whatever the file says. */
export const modeOf = (fileMode: string, confidentiality: string) => (confidentiality !== 'thuong' ? '03' : fileMode);
const dmy = (d: string | null) => (d ? formatDate(d) : '');

export const FILE_FIELDS = [
  'fileCode',
  'title',
  'maintenance',
  'mode',
  'language',
  'startDate',
  'endDate',
  'keyword',
  'totalDoc',
  'numberOfPaper',
  'numberOfPage',
  'format',
  'inforSign',
  'confidenceLevel',
  'paperFileCode',
  'riskRecovery',
  'riskRecoveryStatus',
  'description',
] as const;
export const DOC_FIELDS = [
  'docId',
  'docCode',
  'maintenance',
  'typeName',
  'codeNumber',
  'codeNotation',
  'issuedDate',
  'organName',
  'subject',
  'language',
  'numberOfPage',
  'inforSign',
  'keyword',
  'mode',
  'confidenceLevel',
  'autograph',
  'format',
  'riskRecovery',
  'riskRecoveryStatus',
  'process',
  'description',
] as const;
export type FileFields = Record<(typeof FILE_FIELDS)[number], string>;
export type DocFields = Record<(typeof DOC_FIELDS)[number], string>;

export interface FileSource {
  code: string;
  title: string;
  retention: Retention | null;
  mode: string;
  language: string;
  start_date: string;
  end_date: string | null;
  keyword: string;
  format: string;
  infor_sign: string;
  confidence_level: string;
  paper_file_code: string | null;
  risk_recovery: string;
  risk_recovery_status: string;
  description: string;
}
export interface MemberSource {
  ordinal: number;
  type_code: string | null;
  code_number: string;
  code_notation: string;
  doc_date: string;
  organ_name: string;
  subject: string;
  language: string;
  page_count: number | null;
  confidentiality: string;
  autograph: string;
  description: string;
  kind: string;
}

export function fileFields(f: FileSource, members: MemberSource[]): FileFields {
  return {
    fileCode: f.code,
    title: f.title,
    maintenance: f.retention ? MAINTENANCE[f.retention] : '07',
    mode: f.mode,
    language: f.language,
    startDate: dmy(f.start_date),
    endDate: dmy(f.end_date),
    keyword: f.keyword,
    totalDoc: String(members.length),
    numberOfPaper: '0',
    numberOfPage: String(members.reduce((a, m) => a + (m.page_count ?? 0), 0)),
    format: f.format,
    inforSign: f.infor_sign,
    confidenceLevel: f.confidence_level,
    paperFileCode: f.paper_file_code ?? '',
    riskRecovery: f.risk_recovery,
    riskRecoveryStatus: f.risk_recovery_status,
    description: f.description,
  };
}

export function docFields(f: FileSource, m: MemberSource): DocFields {
  return {
    docId: `${f.code}.${m.ordinal}`,
    docCode: `${f.code}.${String(m.ordinal).padStart(7, '0')}`,
    maintenance: f.retention ? MAINTENANCE[f.retention] : '07',
    typeName: typeNameCode(m.type_code),
    codeNumber: m.code_number,
    codeNotation: m.code_notation,
    issuedDate: dmy(m.doc_date),
    organName: m.organ_name,
    subject: m.subject,
    language: m.language,
    numberOfPage: String(m.page_count ?? 0),
    inforSign: '',
    keyword: '',
    mode: modeOf(f.mode, m.confidentiality),
    confidenceLevel: m.kind === 'upload' ? '02' : '01',
    autograph: m.autograph,
    format: 'PDF',
    riskRecovery: '',
    riskRecoveryStatus: '',
    process: `process/${m.ordinal}.json`,
    description: m.description,
  };
}

const esc = (s: string) =>
  s
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const el = (name: string, value: string, indent: string) => `${indent}<${name}>${esc(value)}</${name}>\n`;

/** The XML of a file: the file's 18 fields, then one <document> with 21 fields per member (validates against tt05-hoso.xsd). */
export function* fileXml(file: FileFields, docs: Iterable<DocFields>): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<hoSo xmlns="${TT05_NS}">\n  <file>\n`;
  for (const k of FILE_FIELDS) yield el(k, file[k], '    ');
  yield '  </file>\n  <documents>\n';
  for (const d of docs) {
    yield '    <document>\n';
    for (const k of DOC_FIELDS) yield el(k, d[k], '      ');
    yield '    </document>\n';
  }
  yield '  </documents>\n</hoSo>\n';
}
