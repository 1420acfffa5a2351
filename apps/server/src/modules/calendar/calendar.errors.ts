import { AppError } from '../../http/errors';

/** The calendar module's error catalogue: stable code, HTTP status, Vietnamese message. */
export const CALENDAR_ERRORS = {
  'calendar.not_found': [404, 'Không tìm thấy mục lịch.'],
  'calendar.meeting_not_found': [404, 'Không tìm thấy cuộc họp.'],
  'calendar.room_not_found': [404, 'Không tìm thấy phòng họp.'],
  'calendar.conflict': [409, 'Lịch họp bị trùng.'],
  'calendar.room_too_small': [409, 'Phòng họp không đủ chỗ cho số người dự.'],
  'calendar.forbidden': [403, 'Bạn không có quyền thực hiện thao tác này với lịch.'],
  'calendar.rrule_invalid': [400, 'Quy tắc lặp lại không hợp lệ.'],
} as const satisfies Record<string, readonly [number, string]>;
export type CalendarErrorCode = keyof typeof CALENDAR_ERRORS;

export function calError(code: CalendarErrorCode, details?: Record<string, unknown>, message?: string): AppError {
  const [status, msg] = CALENDAR_ERRORS[code];
  return new AppError(code, status, message ?? msg, details);
}
