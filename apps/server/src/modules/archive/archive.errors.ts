import { AppError } from '../../http/errors';

/** The archive's error catalogue: stable code, HTTP status, Vietnamese message. */
export const ARCHIVE_ERRORS = {
  'archive.not_found': [404, 'Không tìm thấy hồ sơ lưu trữ.'],
  'archive.transfer_not_found': [404, 'Không tìm thấy biên bản giao nhận.'],
  'archive.request_not_found': [404, 'Không tìm thấy yêu cầu khai thác.'],
  'archive.destruction_not_found': [404, 'Không tìm thấy hồ sơ xét hủy.'],
  'archive.document_not_found': [404, 'Không tìm thấy văn bản trong hồ sơ lưu trữ.'],
  'archive.workfile_not_found': [404, 'Không tìm thấy hồ sơ công việc.'],
  'archive.forbidden': [403, 'Bạn không có quyền thực hiện thao tác này trong kho lưu trữ.'],
  'archive.sip_not_found': [404, 'Không tìm thấy tệp gói SIP đã tải lên.'],
  'archive.sip_invalid': [422, 'Gói SIP không hợp lệ theo E-ARK CSIP: không nhập vào kho lưu trữ.'],
  'archive.sip_empty': [422, 'Gói SIP không có tệp tài liệu nào trong representations.'],
  'archive.check_failed': [409, 'Hồ sơ chưa đủ điều kiện nộp lưu: trả lại đơn vị để hoàn thiện.'],
  'archive.already_transferred': [409, 'Hồ sơ đã được nộp lưu.'],
  'archive.not_ready': [409, 'Gói lưu trữ (AIP) của hồ sơ đang được lập, chưa khai thác được.'],
  'archive.destroyed': [410, 'Hồ sơ đã bị tiêu hủy theo quyết định; chỉ còn thông tin về hồ sơ.'],
  'archive.request_pending': [409, 'Bạn đã gửi yêu cầu khai thác hồ sơ này, đang chờ phê duyệt.'],
  'archive.request_decided': [409, 'Yêu cầu khai thác đã được xử lý.'],
  'archive.no_request_needed': [409, 'Hồ sơ thuộc chế độ công khai: đọc trực tiếp, không cần yêu cầu.'],
  'archive.copy_unavailable': [
    409,
    'Định dạng này không tạo được bản sao có dấu khai thác; đề nghị đọc tại phòng đọc.',
  ],
  'archive.legal_hold': [409, 'Hồ sơ đang bị phong tỏa (giữ theo yêu cầu pháp lý): không được tiêu hủy.'],
  'archive.not_expired': [409, 'Hồ sơ chưa hết thời hạn bảo quản.'],
  'archive.in_destruction': [409, 'Hồ sơ đã có trong một hồ sơ xét hủy khác.'],
  'archive.step_order': [409, 'Chưa đến bước này của quy trình hủy tài liệu.'],
  'archive.decision_expired': [409, 'Đã quá 15 ngày kể từ ngày quyết định hủy: cần quyết định mới.'],
  'archive.invalid': [400, 'Dữ liệu không hợp lệ.'],
} as const satisfies Record<string, readonly [number, string]>;
export type ArchiveErrorCode = keyof typeof ARCHIVE_ERRORS;

export function arError(code: ArchiveErrorCode, details?: Record<string, unknown>, message?: string): AppError {
  const [status, text] = ARCHIVE_ERRORS[code];
  return new AppError(code, status, message ?? text, details);
}

/** Reasons a file is returned to its unit at transfer (one code each, with what to fix). */
export const CHECK_REASONS = {
  'archive.check.not_closed': 'Hồ sơ chưa đóng.',
  'archive.check.retention_missing': 'Chưa có thời hạn bảo quản.',
  'archive.check.metadata_incomplete':
    'Thiếu thông tin bắt buộc theo TT 05/2025 (tiêu đề, ngày bắt đầu/kết thúc, ngôn ngữ; văn bản: trích yếu, ngày, số trang).',
  'archive.check.hidden_members': 'Có văn bản mật mà người nhận không được xem: cần người có thẩm quyền giao nộp.',
  'archive.check.no_content': 'Có văn bản không có tệp nội dung.',
  'archive.check.format': 'Có tệp định dạng không được chấp nhận (PDF, DOCX, ODT, XLSX, TIFF, JPEG).',
  'archive.check.checksum': 'Tệp nội dung không còn nguyên vẹn (không khớp mã băm SHA-256).',
} as const;
export type CheckReason = keyof typeof CHECK_REASONS;
