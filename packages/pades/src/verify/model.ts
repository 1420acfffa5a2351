import type { DigestName } from '../oids';

export type Verdict = 'valid' | 'invalid' | 'indeterminate';

/** 'metadata' (XMP stream changed, as Acrobat does when signing) is an extension to the brief's list. */
export type ChangeKind =
  | 'signature'
  | 'doc_timestamp'
  | 'dss'
  | 'form_fill'
  | 'annotation'
  | 'metadata'
  | 'page_content'
  | 'page_added'
  | 'page_removed'
  | 'undefined';

export interface Reason {
  code: string;
  message: string; // Vietnamese
}

export interface Change {
  kind: ChangeKind;
  allowed: boolean;
  /** What changed, for people (e.g. "trang 2", "trường Signature2"). */
  detail?: string;
}

export interface SignatureReport {
  fieldName: string;
  subFilter: string;
  /** 'signature' or 'doc_timestamp' (ETSI.RFC3161). */
  type: 'signature' | 'doc_timestamp';
  signerName: string | null;
  signerCertificate: Uint8Array | null;
  signingTime: { claimed: Date | null; timestamp: Date | null };
  /** Index (0-based) of the revision this signature signed; null when its ByteRange ends elsewhere. */
  revision: number | null;
  byteRange: number[] | null;
  coversRevision: boolean;
  integrity: { ok: boolean; digestAlgorithm: DigestName | null };
  changesAfter: Change[];
  chain: { ok: boolean; trusted: boolean; anchorSubject: string | null; validAtSigningTime: boolean; path: string[] };
  keyUsage: { ok: boolean };
  revocation: { status: 'good' | 'revoked' | 'unknown'; source: 'dss' | 'cms' | 'fetched' | null; revokedAt?: Date };
  timestamp: { present: boolean; valid: boolean; boundToSignature: boolean; trusted: boolean; time: Date | null };
  verdict: Verdict;
  reasons: Reason[];
}

export interface VerifyReport {
  /** True only when there is at least one signature and every signature is valid. */
  valid: boolean;
  revisions: number;
  signatures: SignatureReport[];
  /** Problems with the file as a whole (unreadable, no signatures …). */
  problems: Reason[];
  /** Whether a DSS dictionary (PAdES LT data) is present in the final revision. */
  dss: { present: boolean; certs: number; ocsps: number; crls: number };
}

export interface VerifyOptions {
  /** Trust anchors (DER). */
  trustAnchors: Uint8Array[];
  /** Extra intermediate certificates (DER) to help path building. */
  intermediates?: Uint8Array[];
  /** Validation time; default now. */
  now?: Date;
  /** Allow network access for OCSP/CRL (default false). */
  fetchRevocation?: boolean;
  /** 'strict' (default): unknown revocation → indeterminate. 'lenient': unknown revocation is only reported. */
  revocationPolicy?: 'strict' | 'lenient';
  /** Largest file accepted (bytes); default 100 MB. */
  maxBytes?: number;
}
