import { AppError } from '../../http/errors';

/** The module's error catalogue: stable code, HTTP status, Vietnamese message. */
export const SEARCH_ERRORS = {
  'search.query_invalid': [400, 'Từ khóa tìm kiếm không hợp lệ.'],
  'search.query_too_long': [400, 'Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).'],
  'search.date_invalid': [400, 'Ngày không hợp lệ (nhập theo dạng dd/mm/yyyy).'],
  'search.range_invalid': [400, 'Khoảng ngày không hợp lệ: "từ ngày" sau "đến ngày".'],
  'search.not_found': [404, 'Không tìm thấy văn bản.'],
  'search.saved_not_found': [404, 'Không tìm thấy tìm kiếm đã lưu.'],
  'search.saved_exists': [409, 'Đã có tìm kiếm được lưu với tên này.'],
  'search.export_too_large': [400, 'Kết quả quá nhiều để xuất (tối đa 5.000 dòng): hãy thu hẹp điều kiện tìm.'],
} as const satisfies Record<string, readonly [number, string]>;
export type SearchErrorCode = keyof typeof SEARCH_ERRORS;

export function searchError(code: SearchErrorCode, details?: Record<string, unknown>): AppError {
  const [status, text] = SEARCH_ERRORS[code];
  return new AppError(code, status, text, details);
}
