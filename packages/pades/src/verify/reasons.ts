import type { Reason } from './model';

/** Stable reason codes with their Vietnamese messages. */
export const REASONS = {
  'pdf.unreadable': 'Không đọc được cấu trúc tệp PDF.',
  'pdf.not_pdf': 'Tệp không phải là tệp PDF (không có phần đầu %PDF-).',
  'pdf.too_large': 'Tệp PDF vượt quá kích thước cho phép để kiểm tra.',
  'pdf.no_signatures': 'Tệp PDF không có chữ ký số nào.',
  'pdf.limits_exceeded': 'Tệp PDF quá phức tạp (vượt giới hạn số đối tượng/độ sâu) để kiểm tra.',
  'sig.byterange_invalid': 'Vùng dữ liệu được ký (ByteRange) không hợp lệ hoặc không khớp với chữ ký.',
  'sig.byterange_not_whole_revision': 'Vùng được ký không bao trọn một phiên bản của tệp (trừ vùng chứa chữ ký).',
  'sig.dict_not_in_signed_revision': 'Từ điển chữ ký không thuộc phiên bản tài liệu được ký.',
  'sig.cms_invalid': 'Dữ liệu chữ ký (CMS) hỏng hoặc không đọc được.',
  'sig.subfilter_unsupported': 'Định dạng chữ ký (SubFilter) không được hỗ trợ.',
  'sig.digest_mismatch': 'Giá trị băm không khớp: nội dung đã bị thay đổi sau khi ký.',
  'sig.signature_invalid': 'Giá trị chữ ký không đúng với chứng thư của người ký.',
  'sig.signer_cert_missing': 'Không tìm thấy chứng thư số của người ký trong chữ ký.',
  'sig.changes_not_allowed': 'Tài liệu có thay đổi không được phép sau khi ký.',
  'sig.page_added': 'Đã thêm trang vào tài liệu sau khi ký.',
  'sig.page_removed': 'Đã xoá trang khỏi tài liệu sau khi ký.',
  'sig.page_content_changed': 'Nội dung trang đã bị thay đổi sau khi ký.',
  'sig.chain_untrusted': 'Chứng thư số không dẫn tới tổ chức cung cấp dịch vụ chứng thực được tin cậy.',
  'sig.cert_expired_at_signing': 'Chứng thư số đã hết hạn tại thời điểm ký.',
  'sig.cert_not_yet_valid': 'Chứng thư số chưa có hiệu lực tại thời điểm ký.',
  'sig.cert_revoked': 'Chứng thư số đã bị thu hồi trước thời điểm ký.',
  'sig.revocation_unknown': 'Không xác định được tình trạng thu hồi của chứng thư số (OCSP/CRL).',
  'sig.key_usage': 'Mục đích sử dụng khoá của chứng thư không cho phép ký số.',
  'sig.weak_digest': 'Thuật toán băm yếu (SHA-1) không còn được chấp nhận.',
  'sig.weak_key': 'Khoá ký quá ngắn (RSA dưới 2048 bit).',
  'sig.timestamp_invalid': 'Dấu thời gian không hợp lệ.',
  'sig.timestamp_not_bound': 'Dấu thời gian không gắn với giá trị chữ ký này.',
  'sig.timestamp_untrusted': 'Dấu thời gian do đơn vị không được tin cậy cấp.',
  'sig.internal_error': 'Lỗi khi kiểm tra chữ ký; kết quả không xác định.',
} as const;

export type ReasonCode = keyof typeof REASONS;

export function reason(code: ReasonCode, detail?: string): Reason {
  return { code, message: detail ? `${REASONS[code]} (${detail})` : REASONS[code] };
}

/** Codes that make a signature invalid; every other code makes it indeterminate. */
export const INVALIDATING = new Set<string>([
  'sig.byterange_invalid',
  'sig.byterange_not_whole_revision',
  'sig.dict_not_in_signed_revision',
  'sig.cms_invalid',
  'sig.digest_mismatch',
  'sig.signature_invalid',
  'sig.signer_cert_missing',
  'sig.changes_not_allowed',
  'sig.page_added',
  'sig.page_removed',
  'sig.page_content_changed',
  'sig.cert_expired_at_signing',
  'sig.cert_not_yet_valid',
  'sig.cert_revoked',
  'sig.key_usage',
  'sig.timestamp_invalid',
  'sig.timestamp_not_bound',
]);
