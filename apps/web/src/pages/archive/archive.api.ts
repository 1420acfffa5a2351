import { api, request } from '../../api';

export type Mode = '01' | '02' | '03';
export const MODE_LABEL: Record<Mode, { label: string; color: string }> = {
  '01': { label: 'Công khai', color: 'green' },
  '02': { label: 'Hạn chế', color: 'orange' },
  '03': { label: 'Mật', color: 'red' },
};
export const STATUS_LABEL: Record<string, { label: string; color: string }> = {
  packaging: { label: 'Đang đóng gói', color: 'blue' },
  archived: { label: 'Đã lưu trữ', color: 'green' },
  failed: { label: 'Gói lỗi', color: 'red' },
  destroyed: { label: 'Đã hủy', color: 'default' },
};
export const REQUEST_LABEL: Record<string, { label: string; color: string }> = {
  pending: { label: 'Chờ duyệt', color: 'blue' },
  approved: { label: 'Đã duyệt', color: 'green' },
  rejected: { label: 'Từ chối', color: 'red' },
};
export const DESTRUCTION_LABEL: Record<string, string> = {
  proposed: 'Đã lập danh mục',
  council: 'Đã thành lập hội đồng',
  reviewed: 'Hội đồng đã họp',
  appraised: 'Đã thẩm định',
  decided: 'Đã có quyết định hủy',
  destroyed: 'Đã hủy',
  cancelled: 'Đã dừng',
};
export const retentionText = (r: string) =>
  r === 'permanent' ? 'Vĩnh viễn' : r === 'lapse' ? 'Đến khi hết hiệu lực' : `${r} năm`;

export interface Me {
  archivist: boolean;
  head: boolean;
  decides: boolean;
}
export interface DueItem {
  id: string;
  code: string;
  title: string;
  retention: string | null;
  startDate: string;
  endDate: string | null;
  memberCount: number;
  dueDate: string | null;
  overdue: boolean;
  dueSoon: boolean;
}
export interface Transfer {
  id: string;
  number: number;
  note: string;
  receivedAt: string;
  receivedByName: string;
  records: {
    id: string;
    code: string;
    title: string;
    retention: string;
    startDate: string;
    endDate: string;
    docCount: number;
    status: string;
  }[];
}
export interface TransferItem {
  id: string;
  number: number;
  receivedAt: string;
  receivedByName: string;
  fileCount: number;
}
export interface RecordItem {
  id: string;
  code: string;
  title: string;
  retention: string;
  startDate: string;
  endDate: string;
  mode: Mode;
  status: string;
  docCount: number;
  onHold: boolean;
  reads: number;
}
export interface Hist {
  at: string;
  actorName: string | null;
  action: string;
  summary: string | null;
}
export interface RecordDetail extends RecordItem {
  unitName: string;
  creatorName: string;
  retentionEnds: string | null;
  transfer: { id: string; number: number; receivedAt: string };
  aip: { sha256: string; size: number; valid: boolean; warnings: number } | null;
  hold: { reason: string; until: string | null; at: string | null } | null;
  destroyedAt: string | null;
  documents: {
    ordinal: number;
    docCode: string;
    docDate: string;
    typeName: string;
    numberNotation: string;
    organName: string;
    subject: string;
    pageCount: number | null;
    sha256: string | null;
    mime: string | null;
  }[];
  counts: { view: number; download: number; aip: number };
  requests: { id: string; status: string; purpose: string; requesterName: string; createdAt: string; note: string }[];
  history: Hist[];
  can: { see: boolean; read: boolean; request: boolean; aip: boolean; hold: boolean; changeMode: boolean };
}
export interface AccessRequest {
  id: string;
  status: string;
  purpose: string;
  createdAt: string;
  decidedAt: string | null;
  note: string;
  validUntil: string | null;
  recordId: string;
  code: string;
  title: string;
  mode: Mode;
  requesterName: string;
}
export interface Candidate {
  id: string;
  code: string;
  title: string;
  retention: string;
  endDate: string;
  retentionEnded: string;
  onHold: boolean;
  holdReason: string | null;
  proposed: boolean;
  docCount: number;
}
export interface DestructionItem {
  id: string;
  title: string;
  status: string;
  decisionRef: string | null;
  destroyedAt: string | null;
  createdAt: string;
  itemCount: number;
}
export interface Destruction {
  id: string;
  title: string;
  note: string;
  status: string;
  councilRef: string | null;
  councilMembers: { id: string; name: string }[];
  councilMinutes: string | null;
  appraisal: string | null;
  decisionRef: string | null;
  decisionDate: string | null;
  destructionMinutes: string | null;
  destroyedAt: string | null;
  createdAt: string;
  items: {
    recordId: string;
    code: string;
    title: string;
    retention: string;
    endDate: string;
    aipSha256: string | null;
    docHashes: { ordinal: number; subject: string; sha256: string[] }[];
    onHold: boolean;
    status: string;
  }[];
  history: Hist[];
  can: { council: boolean; review: boolean; appraisal: boolean; decide: boolean; execute: boolean; cancel: boolean };
}

const b = '/api/archive';
export const archiveApi = {
  me: () => api.get<Me>(`${b}/me`),
  due: () => api.get<DueItem[]>(`${b}/due`),
  receive: (workfileIds: string[], note: string) => api.post<Transfer>(`${b}/transfers`, { workfileIds, note }),
  transfers: () => api.get<TransferItem[]>(`${b}/transfers`),
  transfer: (id: string) => api.get<Transfer>(`${b}/transfers/${id}`),
  records: (q: { q?: string; status?: string; page: number; pageSize: number }) =>
    api.get<{ items: RecordItem[]; total: number }>(`${b}/records`, q),
  record: (id: string) => api.get<RecordDetail>(`${b}/records/${id}`),
  request: (id: string, purpose: string) => api.post<{ id: string }>(`${b}/records/${id}/requests`, { purpose }),
  hold: (id: string, reason: string, until: string | null) =>
    request<void>('PUT', `${b}/records/${id}/hold`, { reason, until }),
  release: (id: string) => api.del(`${b}/records/${id}/hold`),
  mode: (id: string, mode: Mode, reason: string) => request<void>('PUT', `${b}/records/${id}/mode`, { mode, reason }),
  requests: (box: 'pending' | 'mine' | 'all') => api.get<AccessRequest[]>(`${b}/requests`, { box }),
  decide: (id: string, approve: boolean, note: string) =>
    api.post<{ status: string }>(`${b}/requests/${id}/decide`, { approve, note }),
  candidates: () => api.get<Candidate[]>(`${b}/destruction/candidates`),
  destructions: () => api.get<DestructionItem[]>(`${b}/destructions`),
  destruction: (id: string) => api.get<Destruction>(`${b}/destructions/${id}`),
  propose: (body: { title: string; note: string; recordIds: string[] }) =>
    api.post<Destruction>(`${b}/destructions`, body),
  step: (id: string, body: Record<string, unknown>) => api.post<Destruction>(`${b}/destructions/${id}/steps`, body),
  users: () => api.get<{ id: string; fullName: string }[]>('/api/admin/users'),
};
