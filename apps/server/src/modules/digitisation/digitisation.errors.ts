import { AppError } from '../../http/errors';

/** The digitisation error catalogue: stable code, HTTP status, Vietnamese message. */
export const DIGITISATION_ERRORS = {
  'digitisation.not_found': [404, 'Không tìm thấy lô số hóa.'],
  'digitisation.forbidden': [403, 'Chỉ văn thư, lưu trữ của cơ quan được số hóa tài liệu.'],
  'digitisation.not_multipart': [400, 'Yêu cầu phải gửi dạng multipart/form-data (phần "meta" và các tệp "files").'],
  'digitisation.no_file': [400, 'Chưa chọn tệp quét nào.'],
  'digitisation.too_many_files': [400, 'Một lô số hóa có tối đa 500 tệp.'],
  'digitisation.bad_meta': [400, 'Thông tin lô số hóa không hợp lệ.'],
  'digitisation.pixel_flood': [
    415,
    'Ảnh quét khai báo kích thước quá lớn so với giới hạn; tệp bị từ chối trước khi giải nén.',
  ],
  'digitisation.too_many_pages': [415, 'Tệp quét có quá nhiều trang so với giới hạn của một lô.'],
  'digitisation.corrupt_image': [415, 'Ảnh quét bị hỏng hoặc không đầy đủ (tệp bị cắt cụt hoặc sai cấu trúc).'],
  'digitisation.unsupported': [
    415,
    'Định dạng không hỗ trợ: chỉ nhận ảnh TIFF, JPEG, PNG hoặc tệp PDF chỉ chứa ảnh quét.',
  ],
  'digitisation.not_a_scan': [
    415,
    'Tệp PDF này đã có lớp chữ, không phải bản quét: đính kèm trực tiếp khi vào sổ, không cần số hóa.',
  ],
  'digitisation.encrypted': [415, 'Tệp PDF được mã hóa hoặc đặt mật khẩu: không số hóa được.'],
  'digitisation.low_resolution': [422, 'Độ phân giải bản quét thấp hơn yêu cầu.'],
  'digitisation.colour_depth': [422, 'Bản quét phải là ảnh màu 24 bit theo hồ sơ số hóa lưu trữ.'],
  'digitisation.no_resolution': [
    422,
    'Bản quét không ghi độ phân giải (dpi): không kiểm tra được theo hồ sơ số hóa lưu trữ.',
  ],
  'digitisation.timeout': [422, 'Nhận dạng chữ vượt quá thời gian cho phép của một tác vụ; đã dừng.'],
  'digitisation.memory': [422, 'Nhận dạng chữ vượt quá giới hạn bộ nhớ của một tác vụ; đã dừng.'],
  'digitisation.ocr_failed': [422, 'Không nhận dạng được chữ của bản quét (ảnh hỏng hoặc không đọc được).'],
  'digitisation.not_ready': [409, 'Văn bản số hóa chưa xử lý xong.'],
  'digitisation.no_file_code': [400, 'Cần mã hồ sơ để đặt tên bản số hóa lưu trữ (mã hồ sơ + "." + số thứ tự).'],
} as const satisfies Record<string, readonly [number, string]>;
export type DigitisationErrorCode = keyof typeof DIGITISATION_ERRORS;

export function dgError(code: DigitisationErrorCode, details?: Record<string, unknown>, message?: string): AppError {
  const [status, text] = DIGITISATION_ERRORS[code];
  return new AppError(code, status, message ?? text, details);
}
