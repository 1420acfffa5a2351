/** Stable error codes of the hub, each with an HTTP status and a Vietnamese message. */
export const HUB_ERRORS = {
  'hub.auth_missing_header': [401, 'Thiếu tiêu đề xác thực XroadVnpt'],
  'hub.auth_unknown_system': [401, 'Hệ thống chưa được đăng ký với trục liên thông'],
  'hub.auth_bad_signature': [401, 'Chữ ký tiêu đề (HMAC) không hợp lệ'],
  'hub.auth_stale_timestamp': [401, 'Thời điểm gửi yêu cầu (timestamp) sai định dạng'],
  'hub.auth_replay': [401, 'Chữ ký yêu cầu này đã được dùng với một nội dung khác (yêu cầu bị phát lại)'],
  'hub.auth_body_mismatch': [401, 'Nội dung gửi lên khác với hash-file đã ký'],
  'hub.auth_unsigned_header': [401, 'Có tiêu đề nghiệp vụ không nằm trong phần được ký'],
  'hub.auth_foreign_organ': [403, 'Hệ thống không được phép gửi thay cho cơ quan này'],
  'hub.bad_request': [400, 'Yêu cầu không hợp lệ'],
  'hub.package_missing': [400, 'Thiếu gói tin (nội dung application/octet-stream hoặc phần file_doc)'],
  'hub.package_too_large': [413, 'Gói tin vượt quá dung lượng cho phép'],
  'hub.package_invalid': [400, 'Gói tin edXML không hợp lệ'],
  'hub.package_from_mismatch': [400, 'Cơ quan gửi trong gói tin khác với tiêu đề from'],
  'hub.no_recipient': [400, 'Gói tin không có cơ quan nhận'],
  'hub.unknown_recipient': [400, 'Cơ quan nhận chưa kết nối với trục liên thông'],
  'hub.not_found': [404, 'Không tìm thấy gói tin'],
  'hub.status_invalid': [400, 'Trạng thái phải là done, fail hoặc processing'],
  'hub.status_final': [409, 'Gói tin đã ở trạng thái cuối, không thể đổi'],
  'hub.agency_invalid': [400, 'Thông tin cơ quan không hợp lệ'],
  'hub.system_invalid': [400, 'Thông tin hệ thống kết nối không hợp lệ'],
  'hub.admin_only': [403, 'Chỉ hệ thống quản trị của trục mới được làm việc này'],
  'hub.internal': [500, 'Lỗi nội bộ của trục liên thông'],
  'hub.unavailable': [503, 'Trục liên thông tạm thời không sẵn sàng'],
} as const satisfies Record<string, readonly [number, string]>;

export type HubErrorCode = keyof typeof HUB_ERRORS;

export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly httpStatus: number;
  readonly detail?: string;

  constructor(code: HubErrorCode, detail?: string) {
    const [status, message] = HUB_ERRORS[code];
    super(detail ? `${message}: ${detail}` : message);
    this.code = code;
    this.httpStatus = status;
    this.detail = detail;
  }
}

/**
 * The fields each call's official client reads from an answer, with their empty values: a failure
 * carries them too, so the client reports our error instead of crashing on a missing field
 * (exchange.md §4: sendEdoc reads DocId even on failure).
 */
const FAIL_FIELDS: Record<string, Record<string, unknown>> = {
  sendEdoc: { DocId: '' },
  updateStatus: { DocId: '' },
  getEdoc: { data: '' },
  getReceivedEdocList: { data: [] },
  getSentEdocList: { data: [] },
  getAgenciesList: { data: [] },
  getAgenciesListQD20: { data: [] },
  getSynchronizeUnit: { data: [] },
  countReceiveEdoc: { count: 0 },
  countReceiveStatus: { count: 0 },
  registerAgency: { data: null },
};

/** The call a URL names (`/vxp/sendEdoc?x` → `sendEdoc`). */
export function callOf(url: string): string {
  const p = url.split('?')[0] ?? '';
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The SDK-style envelope for a failure, with the empty fields the call's client reads. */
export function failEnvelope(
  err: HubError,
  call = '',
): Record<string, unknown> & { status: 'FAIL'; ErrorCode: string; ErrorDesc: string } {
  return { status: 'FAIL', ErrorCode: err.code, ErrorDesc: err.message, ...(FAIL_FIELDS[call] ?? {}) };
}

export const OK = { status: 'OK', ErrorCode: '0', ErrorDesc: '' } as const;
