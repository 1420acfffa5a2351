import type { EnvelopeSignature } from './xmldsig';

// Data model of edXML packages (exchange.md §1–§2). Field names follow the wire names in camelCase.
// Dates are strings in the wire form: `yyyy/MM/dd` or `yyyy/MM/dd HH:mm:ss` (normalised when read
// leniently; kept as received when unreadable, so validation can report them).

export interface Organ {
  organId: string;
  organizationInCharge?: string;
  organName?: string;
  organAdd?: string;
  email?: string;
  telephone?: string;
  fax?: string;
  website?: string;
}

export interface DocumentCode {
  codeNumber: string;
  codeNotation: string;
}

export interface PromulgationInfo {
  place?: string;
  promulgationDate?: string;
}

export interface DocumentType {
  type?: number;
  typeDetail?: number;
  typeName?: string;
}

export interface SignerInfo {
  competence?: string;
  position?: string;
  fullName?: string;
}

/** 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc, 4 hỏa tốc hẹn giờ. */
export type Priority = 0 | 1 | 2 | 3 | 4;

export interface OtherInfo {
  priority?: number;
  sphereOfPromulgation?: string;
  typerNotation?: string;
  promulgationAmount?: number;
  pageAmount?: number;
  direction?: boolean;
  appendixes: string[];
}

/** The document this one answers (edoc) or the document a status is about. */
export interface ResponseFor {
  organId: string;
  /** Full "number/notation". */
  code?: string;
  promulgationDate?: string;
  documentId?: string;
}

export interface MessageHeader {
  from: Organ;
  to: Organ[];
  documentId: string;
  code: DocumentCode;
  promulgationInfo?: PromulgationInfo;
  documentType?: DocumentType;
  subject: string;
  content?: string;
  signerInfo?: SignerInfo;
  dueDate?: string;
  otherInfo?: OtherInfo;
  responseFor: ResponseFor[];
  steeringType?: number;
  toPlaces: string[];
}

export interface TraceHeader {
  organId: string;
  timestamp: string;
}

export interface StaffInfo {
  department?: string;
  staff?: string;
  email?: string;
  mobile?: string;
}

/** 0 new, 1 revoke (thu hồi), 2 update (cập nhật), 3 replace (thay thế). */
export type BussinessDocType = 0 | 1 | 2 | 3;

export interface Receiver {
  organId: string;
  /** 0 removed, 1 added. */
  receiverType?: number;
}

export interface BussinessDocumentInfo {
  /** Content changed (0/1). */
  documentInfo?: number;
  /** Recipients changed (0/1). */
  documentReceiver?: number;
  receiverList: Receiver[];
}

export interface ReplacementInfo {
  documentId: string;
  organIdList: string[];
}

export interface Bussiness {
  documentId?: string;
  bussinessDocType?: number;
  bussinessDocReason?: string;
  paper?: number;
  staffInfo?: StaffInfo;
  bussinessDocumentInfo?: BussinessDocumentInfo;
  replacementInfoList: ReplacementInfo[];
}

export interface TraceHeaderList {
  traceHeaders: TraceHeader[];
  bussiness?: Bussiness;
}

export interface EdocHeader {
  messageHeader: MessageHeader;
  traceHeaderList: TraceHeaderList;
}

export interface ManifestReference {
  /** Without the `cid:` prefix. */
  contentId: string;
  contentType?: string;
  description?: string;
  attachmentName?: string;
}

/** A file obtained from a package: an attachment as transmitted, or an entry unzipped from it. */
export interface AttachmentFile {
  /** Unique within the parse result; also given to the sink. `3` for an attachment, `3/0` for its first unzipped entry. */
  key: string;
  name: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the decoded bytes. */
  sha256: string;
  /** File path when the sink wrote to a file (fs.WriteStream). */
  location?: string;
  /**
   * Set when the content does not match the declared type (content-check.ts): a "PDF" that is a ZIP
   * (edxml.attachment_zip_as_pdf), junk (edxml.attachment_not_pdf), damaged by a text conversion
   * (edxml.attachment_replacement_chars) or cut short (edxml.attachment_pdf_damaged). Also listed in `warnings`.
   */
  contentWarning?: Warning;
}

export interface Attachment extends AttachmentFile {
  /** Without the `cid:` prefix. */
  contentId: string;
  description?: string;
  /** True when the attachment was a zip (ContentType zip and bytes starting "PK") and was expanded into `entries`. */
  zipped: boolean;
  /** Files unzipped from a zipped attachment (empty otherwise). The attachment itself keeps the original zip bytes. */
  entries: AttachmentFile[];
}

export interface Warning {
  code: string;
  path: string;
  message: string;
}

export interface StatusMessage {
  from: Organ;
  responseFor: ResponseFor;
  staffInfo?: StaffInfo;
  /** Two digits, see STATUS_CODES. */
  statusCode: string;
  description?: string;
  timestamp: string;
}

interface ParsedBase {
  /** Problems found while reading field values (e.g. a non-numeric Priority); validate* reports them. */
  fieldIssues: Warning[];
  /** Tolerated oddities (unbound prefixes, zip not expandable...). */
  warnings: Warning[];
}

export interface ParsedEdoc extends ParsedBase {
  kind: 'edoc';
  header: EdocHeader;
  manifest: ManifestReference[];
  attachments: Attachment[];
  /** Envelope Signature re-serialised as XML text; opaque (the binding signature is the PAdES one in the PDF). */
  signatureXml?: string;
  /** The envelope signature checked (xmldsig.ts): valid / invalid / absent / not_checked; never blocks reading. */
  envelopeSignature?: EnvelopeSignature;
  /** Temporary directory holding attachment files when the default sink was used; the caller removes it. */
  tempDir?: string;
}

export interface ParsedStatus extends ParsedBase {
  kind: 'status';
  status: StatusMessage;
}

export type ParsedEdxml = ParsedEdoc | ParsedStatus;
