/** The verification report as stored (JSON) and as answered to the UI (Vietnamese messages, stable codes). */
import { padesLevel, type Change, type PadesLevel, type VerifyReport } from '@vanthu/pades';
import type { PresentedVisual } from './signing.visual';

export type OverallVerdict = 'valid' | 'invalid' | 'indeterminate' | 'unsigned';

export interface StoredSignature {
  fieldName: string;
  type: 'signature' | 'doc_timestamp';
  signerName: string | null;
  signerCertificate: string | null; // base64 DER
  signingTime: string | null; // ISO: trusted timestamp when present, else the claimed /M
  claimedTime: string | null;
  verdict: 'valid' | 'invalid' | 'indeterminate';
  reasons: { code: string; message: string }[];
  integrityOk: boolean;
  changesAfter: Change[];
  chainTrusted: boolean;
  anchor: string | null;
  revocation: { status: 'good' | 'revoked' | 'unknown'; source: string | null };
  timestamp: { present: boolean; valid: boolean; trusted: boolean; time: string | null };
  /** PAdES baseline level reached (B-B, B-T, B-LT, B-LTA); absent in reports stored before issue 12. */
  level?: PadesLevel | null;
}

export interface StoredReport {
  valid: boolean;
  revisions: number;
  problems: { code: string; message: string }[];
  signatures: StoredSignature[];
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export function toStored(r: VerifyReport): StoredReport {
  return {
    valid: r.valid,
    revisions: r.revisions,
    problems: r.problems,
    signatures: r.signatures.map((s) => ({
      fieldName: s.fieldName,
      type: s.type,
      signerName: s.signerName,
      signerCertificate: s.signerCertificate ? Buffer.from(s.signerCertificate).toString('base64') : null,
      signingTime: iso(s.signingTime.timestamp ?? s.signingTime.claimed),
      claimedTime: iso(s.signingTime.claimed),
      verdict: s.verdict,
      reasons: s.reasons,
      integrityOk: s.integrity.ok,
      changesAfter: s.changesAfter,
      chainTrusted: s.chain.trusted,
      anchor: s.chain.anchorSubject,
      revocation: { status: s.revocation.status, source: s.revocation.source },
      timestamp: {
        present: s.timestamp.present,
        valid: s.timestamp.valid,
        trusted: s.timestamp.trusted,
        time: iso(s.timestamp.time),
      },
      level: padesLevel(r, s),
    })),
  };
}

export function overallVerdict(r: StoredReport): OverallVerdict {
  if (r.signatures.length === 0) return 'unsigned';
  if (r.signatures.some((s) => s.verdict === 'invalid')) return 'invalid';
  return r.signatures.every((s) => s.verdict === 'valid') ? 'valid' : 'indeterminate';
}

export const VERDICT_LABEL = {
  valid: 'Hợp lệ',
  invalid: 'Không hợp lệ',
  indeterminate: 'Chưa xác định',
  unsigned: 'Không có chữ ký số',
} as const;
const REVOCATION_LABEL = {
  good: 'Chứng thư chưa bị thu hồi',
  revoked: 'Chứng thư đã bị thu hồi',
  unknown: 'Chưa xác định được tình trạng thu hồi',
} as const;
const CHANGE_LABEL: Record<Change['kind'], string> = {
  signature: 'Thêm chữ ký số',
  doc_timestamp: 'Thêm dấu thời gian',
  dss: 'Thêm dữ liệu kiểm tra dài hạn (DSS)',
  form_fill: 'Điền biểu mẫu',
  annotation: 'Thêm/sửa chú thích',
  metadata: 'Cập nhật thông tin mô tả (metadata)',
  page_content: 'Sửa nội dung trang',
  page_added: 'Thêm trang',
  page_removed: 'Xoá trang',
  undefined: 'Thay đổi không xác định',
};

export interface PresentedSignature {
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
  level: PadesLevel | null;
  revocationSource: string | null;
}

export interface PresentedReport {
  verdict: OverallVerdict;
  verdictLabel: string;
  problems: { code: string; message: string }[];
  signatures: PresentedSignature[];
  verifiedAt: string;
  /** The visual second opinion of a stored signed file (signing.visual); absent for an unstored check. */
  visual?: PresentedVisual | null;
}

export function present(r: StoredReport, verifiedAt: Date): PresentedReport {
  const verdict = overallVerdict(r);
  return {
    verdict,
    verdictLabel: VERDICT_LABEL[verdict],
    problems: r.problems,
    verifiedAt: verifiedAt.toISOString(),
    signatures: r.signatures.map((s) => ({
      fieldName: s.fieldName,
      signerName: s.signerName,
      signingTime: s.signingTime,
      verdict: s.verdict,
      verdictLabel: VERDICT_LABEL[s.verdict],
      reasons: s.reasons,
      changesAfter: s.changesAfter.map((c) => ({
        kind: c.kind,
        allowed: c.allowed,
        label: CHANGE_LABEL[c.kind] ?? c.kind,
        detail: c.detail ?? null,
      })),
      chainTrusted: s.chainTrusted,
      anchor: s.anchor,
      revocation: { status: s.revocation.status, label: REVOCATION_LABEL[s.revocation.status] },
      timestamp: s.timestamp,
      level: s.level ?? null,
      revocationSource: s.revocation.source,
    })),
  };
}
