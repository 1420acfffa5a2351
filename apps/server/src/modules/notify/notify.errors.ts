import { AppError } from '../../http/errors';

/** The notify module's error catalogue: stable code, HTTP status, Vietnamese message. */
export const NOTIFY_ERRORS = {
  'notify.not_found': [404, 'Không tìm thấy thông báo.'],
  'notify.mail_not_found': [404, 'Không tìm thấy thư trong hộp thư đi.'],
  'notify.forbidden': [403, 'Bạn không có quyền xem hộp thư của cơ quan.'],
  'notify.mail_invalid': [400, 'Thư không đọc được (không đúng định dạng RFC 822).'],
} as const satisfies Record<string, readonly [number, string]>;
export type NotifyErrorCode = keyof typeof NOTIFY_ERRORS;

export function notifyError(code: NotifyErrorCode, details?: Record<string, unknown>): AppError {
  const [status, message] = NOTIFY_ERRORS[code];
  return new AppError(code, status, message, details);
}
