import { AppError } from '../../http/errors';

/** The module's error catalogue: stable code, HTTP status, Vietnamese message (issue 11). */
export const WORKFILES_ERRORS = {
  'workfiles.not_found': [404, 'Không tìm thấy hồ sơ.'],
  'workfiles.plan_not_found': [404, 'Không tìm thấy danh mục hồ sơ.'],
  'workfiles.entry_not_found': [404, 'Không tìm thấy mục hồ sơ trong danh mục.'],
  'workfiles.member_not_found': [404, 'Văn bản không có trong hồ sơ.'],
  'workfiles.submission_not_found': [404, 'Không tìm thấy phiếu trình.'],
  'workfiles.document_not_found': [404, 'Không tìm thấy văn bản hoặc bạn không có quyền xem văn bản này.'],
  'workfiles.user_not_found': [404, 'Không tìm thấy cán bộ trong cơ quan.'],
  'workfiles.forbidden': [403, 'Bạn không có quyền thực hiện thao tác này với hồ sơ.'],
  'workfiles.plan_exists': [409, 'Danh mục hồ sơ của năm này đã có.'],
  'workfiles.plan_source_missing': [404, 'Không có danh mục hồ sơ của năm trước để sao chép.'],
  'workfiles.plan_approved': [409, 'Danh mục hồ sơ đã được ban hành, không sửa được.'],
  'workfiles.plan_empty': [400, 'Danh mục hồ sơ chưa có mục hồ sơ nào.'],
  'workfiles.plan_invalid': [400, 'Danh mục hồ sơ không hợp lệ.'],
  'workfiles.notation_taken': [409, 'Ký hiệu hồ sơ đã dùng cho hồ sơ khác trong năm.'],
  'workfiles.notation_invalid': [400, 'Ký hiệu hồ sơ chỉ gồm chữ, số, dấu chấm, gạch ngang (tối đa 20 ký tự).'],
  'workfiles.closed': [409, 'Hồ sơ đã đóng. Mở lại hồ sơ (ghi rõ lý do) trước khi thay đổi.'],
  'workfiles.not_closed': [409, 'Hồ sơ chưa đóng.'],
  'workfiles.already_member': [409, 'Văn bản đã có trong hồ sơ này.'],
  'workfiles.close_refused': [409, 'Chưa đóng được hồ sơ: còn những điểm cần hoàn thiện.'],
  'workfiles.reason_required': [400, 'Cần ghi lý do.'],
  'workfiles.transferred': [
    409,
    'Hồ sơ đã nộp lưu vào lưu trữ cơ quan, không mở lại được. Muốn bổ sung, đề nghị lưu trữ cơ quan.',
  ],
  'workfiles.submission_closed': [409, 'Phiếu trình đã được xử lý xong.'],
  'workfiles.submission_not_yours': [403, 'Phiếu trình không chờ ý kiến của bạn.'],
  'workfiles.submission_route_invalid': [
    400,
    'Người nhận phiếu trình không hợp lệ (lãnh đạo đơn vị và lãnh đạo cơ quan).',
  ],
} as const satisfies Record<string, readonly [number, string]>;
export type WorkfilesErrorCode = keyof typeof WORKFILES_ERRORS;

export function wfError(code: WorkfilesErrorCode, details?: Record<string, unknown>, message?: string): AppError {
  const [status, text] = WORKFILES_ERRORS[code];
  return new AppError(code, status, message ?? text, details);
}

/** Each reason closing can refuse with (records.md "Closing"), one code each. */
export const CLOSE_REASONS = {
  'workfiles.close.empty': 'Hồ sơ chưa có văn bản nào.',
  'workfiles.close.drafts': 'Hồ sơ còn dự thảo chưa ban hành: loại bỏ trước khi đóng.',
  'workfiles.close.duplicates': 'Hồ sơ có văn bản trùng nội dung: loại bỏ bản trùng.',
  'workfiles.close.retention_missing': 'Chưa xác định thời hạn bảo quản của hồ sơ.',
  'workfiles.close.retention_short': 'Thời hạn bảo quản ngắn hơn thời hạn đề xuất theo bảng thời hạn bảo quản.',
  'workfiles.close.title_missing': 'Tiêu đề hồ sơ chưa đạt (quá ngắn).',
  'workfiles.close.code_invalid': 'Mã hồ sơ không đúng (mã cơ quan + năm + ký hiệu hồ sơ).',
  'workfiles.close.metadata_incomplete':
    'Văn bản trong hồ sơ còn thiếu thông tin bắt buộc (số, ký hiệu, ngày, trích yếu, cơ quan ban hành, số trang).',
} as const;
export type CloseReason = keyof typeof CLOSE_REASONS;
