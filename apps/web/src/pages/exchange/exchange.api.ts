import { api, request } from '../../api';

export type ConnectorKind = 'internal_hub' | 'national_hub';
export interface Connector {
  kind: ConnectorKind;
  endpoint: string;
  systemId: string;
  hasSecret: boolean;
  enabled: boolean;
  pollIntervalMs: number;
  lastPollAt: string | null;
  lastError: string | null;
  organCode: string;
}
export interface ConnectorInput {
  kind: ConnectorKind;
  endpoint: string;
  systemId: string;
  secret?: string;
  enabled: boolean;
  pollIntervalMs?: number;
}
export interface OutboxRow {
  id: string;
  outgoingRef: string | null;
  recipientCode: string;
  documentId: string;
  messageType: 'edoc' | 'status';
  businessType: number;
  statusCode: string | null;
  subject: string;
  state: 'queued' | 'sent' | 'failed';
  hubDocId: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  recipientStatus: string | null;
  recipientStatusDesc: string | null;
  recipientStatusAt: string | null;
  answerStatus: string | null;
  createdAt: string;
  sentAt: string | null;
}
export interface InboxRow {
  id: string;
  hubDocId: string;
  senderCode: string;
  documentId: string;
  messageType: 'edoc' | 'status';
  businessType: number;
  statusCode: string | null;
  state: string;
  incomingRef: string | null;
  subject: string;
  code: string;
  files: { name: string; error: string | null }[];
  signature: { status: string } | null;
  errorCode: string | null;
  errorMessage: string | null;
  retrieval: string | null;
  retrievalReason: string | null;
  createdAt: string;
  /** What the tolerant reader noticed (damaged attachments, long CodeNumber, envelope signature problems…). */
  warnings: { code: string; message: string }[];
  /** The envelope's XML signature (XMLDSig): valid / invalid / absent / not_checked; null for status messages. */
  envelopeSignature: { status: string; message: string } | null;
}
export interface Counts {
  outbox: Record<string, number>;
  inbox: Record<string, number>;
}

const id = (v: string) => encodeURIComponent(v);

/** Exchange endpoints (liên thông), scoped to the caller's organ or `organId` for the system administrator. */
export function exchangeApi(organId?: string) {
  const q = organId ? { organId } : undefined;
  return {
    connector: () => api.get<Connector | null>('/api/exchange/connector', q),
    saveConnector: (body: ConnectorInput) => request<Connector>('PUT', '/api/exchange/connector', body, q),
    testConnector: () => api.post<{ ok: boolean; message: string }>('/api/exchange/connector/test', undefined, q),
    pollNow: () =>
      api.post<{ received: { listed: number; processed: number; failed: number }; sent: number }>(
        '/api/exchange/poll',
        undefined,
        q,
      ),
    counts: () => api.get<Counts>('/api/exchange/counts', q),
    outbox: (state?: string) =>
      api.get<OutboxRow[]>('/api/exchange/outbox', { ...(q ?? {}), ...(state ? { state } : {}) }),
    retry: (rowId: string) => api.post<void>(`/api/exchange/outbox/${id(rowId)}/retry`, undefined, q),
    inbox: (state?: string) =>
      api.get<InboxRow[]>('/api/exchange/inbox', { ...(q ?? {}), ...(state ? { state } : {}) }),
    answerRetrieval: (rowId: string, accept: boolean) =>
      api.post<void>(`/api/exchange/inbox/${id(rowId)}/retrieval`, { accept }, q),
  };
}
export type ExchangeApi = ReturnType<typeof exchangeApi>;

export const STATUS_LABEL: Record<string, string> = {
  '01': 'Đã đến',
  '02': 'Từ chối tiếp nhận',
  '03': 'Đã tiếp nhận',
  '04': 'Phân công',
  '05': 'Đang xử lý',
  '06': 'Hoàn thành',
  '13': 'Yêu cầu lấy lại',
  '15': 'Đồng ý',
  '16': 'Từ chối',
};
export const BUSINESS_LABEL = ['Văn bản mới', 'Thu hồi', 'Cập nhật', 'Thay thế'];
export const OUT_STATE: Record<string, { label: string; color: string }> = {
  queued: { label: 'Chờ gửi', color: 'blue' },
  sent: { label: 'Đã gửi', color: 'green' },
  failed: { label: 'Lỗi', color: 'red' },
};
export const IN_STATE: Record<string, { label: string; color: string }> = {
  receiving: { label: 'Đang nhận', color: 'blue' },
  received: { label: 'Đã nhận (chờ vào sổ)', color: 'cyan' },
  registered: { label: 'Đã vào sổ', color: 'green' },
  rejected: { label: 'Đã từ chối', color: 'orange' },
  withdrawn: { label: 'Đã thu hồi', color: 'default' },
  applied: { label: 'Đã xử lý', color: 'green' },
  invalid: { label: 'Không hợp lệ', color: 'red' },
  failed: { label: 'Lỗi', color: 'red' },
};
export const ENVELOPE_LABEL: Record<string, { label: string; color: string }> = {
  valid: { label: 'Chữ ký XML hợp lệ', color: 'green' },
  invalid: { label: 'Chữ ký XML không hợp lệ', color: 'red' },
  absent: { label: 'Không có chữ ký XML', color: 'default' },
  not_checked: { label: 'Chưa kiểm tra chữ ký XML', color: 'orange' },
};
export const SIGNATURE_LABEL: Record<string, { label: string; color: string }> = {
  valid: { label: 'Chữ ký hợp lệ', color: 'green' },
  invalid: { label: 'Chữ ký không hợp lệ', color: 'red' },
  indeterminate: { label: 'Chưa xác định được', color: 'orange' },
  unsigned: { label: 'Không có chữ ký', color: 'orange' },
  not_verified: { label: 'Chưa kiểm tra', color: 'default' },
  no_pdf: { label: 'Không có tệp PDF', color: 'default' },
  error: { label: 'Lỗi kiểm tra', color: 'red' },
};
