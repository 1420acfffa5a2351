/** GET /api/signatures/:fileId (modules/signing). */
export interface SignatureView {
  fieldName: string;
  signerName: string | null;
  signingTime: string | null;
  verdict: 'valid' | 'invalid' | 'indeterminate';
  verdictLabel: string;
  reasons: { code: string; message: string }[];
  changesAfter: { kind: string; allowed: boolean; label: string; detail: string | null }[];
  chainTrusted: boolean;
  anchor: string | null;
  revocation: { status: 'good' | 'revoked' | 'unknown'; label: string };
  timestamp: { present: boolean; valid: boolean; trusted: boolean; time: string | null };
  /** PAdES baseline level reached: B-B, B-T (timestamp), B-LT (validation data in the file), B-LTA. */
  level: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA' | null;
  revocationSource: string | null;
}

export interface SignatureReportView {
  verdict: 'valid' | 'invalid' | 'indeterminate' | 'unsigned';
  verdictLabel: string;
  problems: { code: string; message: string }[];
  signatures: SignatureView[];
  verifiedAt: string;
  /** The visual second opinion (pages rendered and compared in a background job); null when not signed or not stored. */
  visual?: {
    status: 'pending' | 'same' | 'different' | 'error' | 'skipped';
    label: string;
    pages: number[];
    checkedAt: string | null;
  } | null;
}
