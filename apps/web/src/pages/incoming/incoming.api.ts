import type { MailMeta } from './MailRegisterModal';
import { ApiError, api } from '../../api';
import type { AdminUser, ExternalOrgan, Unit } from '../../api.types';

export type Box =
  'todo' | 'doing' | 'done' | 'overdue' | 'due_soon' | 'info' | 'pending_registration' | 'register' | 'search';
export type Status = 'pending_registration' | 'pending_assignment' | 'in_progress' | 'done' | 'returned';

export interface ListItem {
  id: string;
  arrivalNumber: number | null;
  arrivalYear: number | null;
  arrivalDate: string | null;
  numberNotation: string;
  issuedDate: string;
  issuingOrganName: string;
  subject: string;
  typeName: string;
  urgency: string;
  confidentiality: string;
  status: Status;
  source: string;
  deadline: string | null;
  overdue: boolean;
  assignment: { id: string; role: string; state: string } | null;
}
export interface ListPage {
  items: ListItem[];
  total: number;
  page: number;
  pageSize: number;
}
export interface Counts {
  todo: number;
  doing: number;
  overdue: number;
  dueSoon: number;
  info: number;
  pendingRegistration: number;
  badge: number;
}
export interface Assignment {
  id: string;
  parentId: string | null;
  role: 'present' | 'lead' | 'coordinate' | 'info';
  state: 'pending' | 'in_progress' | 'done' | 'returned' | 'info';
  userId: string | null;
  unitId: string | null;
  assignee: string;
  unitName: string | null;
  assignedBy: string | null;
  direction: string | null;
  deadline: string | null;
  note: string | null;
  createdAt: string;
  doneAt: string | null;
  overdue: boolean;
}
export interface TraceEntry {
  id: string;
  at: string;
  actorName: string | null;
  action: string;
  label: string;
  note: string | null;
  details: Record<string, unknown> | null;
}
export interface Can {
  register: boolean;
  reject: boolean;
  present: boolean;
  assign: boolean;
  reassign: boolean;
  progress: boolean;
  complete: boolean;
  contribute: boolean;
  return: boolean;
}
export interface IncomingDoc {
  id: string;
  status: Status;
  source: string;
  register: { id: string; name: string } | null;
  arrivalNumber: number | null;
  arrivalYear: number | null;
  arrivalDate: string | null;
  typeName: string;
  number: string;
  notation: string;
  numberNotation: string;
  issuedDate: string;
  issuingOrganName: string;
  subject: string;
  signerPosition: string | null;
  signerName: string | null;
  urgency: string;
  confidentiality: string;
  pageCount: number | null;
  recipients: string | null;
  description: string | null;
  deadline: string | null;
  overdue: boolean;
  completedAt: string | null;
  completionNote: string | null;
  answerOutgoingId: string | null;
  answerRef: string | null;
  returnedReason: string | null;
  documentIdentifier: string | null;
  files: { id: string; name: string; mime: string; size: number; kind: string; url: string; damaged?: string | null }[];
  assignments: Assignment[];
  trace: TraceEntry[];
  can: Can;
}
export interface DocType {
  id: string;
  code: string;
  name: string;
  abbr: string | null;
}
/** An issued outgoing document offered as the answer of an incoming one. */
export interface AnswerHit {
  id: string;
  numberNotation: string;
  subject: string;
  issuedDate: string | null;
  docTypeName: string;
}
export interface CompleteBody {
  note: string;
  answerOutgoingId?: string;
  answerRef?: string;
}
export interface Register {
  id: string;
  kind: string;
  name: string;
  confidential: boolean;
  lastNumber?: number;
}
export interface HandlingRow {
  unitId: string | null;
  unitName: string;
  received: number;
  doneOnTime: number;
  doneLate: number;
  inProgress: number;
  overdue: number;
}
export interface RegisterResult {
  id: string;
  arrivalNumber: number;
  registerName: string;
}
export interface Party {
  userId?: string;
  unitId?: string;
}
export type Deadline = { workingDays: number } | { date: string } | null;

export type ListQuery = {
  box: Box;
  q?: string;
  from?: string;
  to?: string;
  docType?: string;
  urgency?: string;
  status?: string;
  unitId?: string;
  track?: string;
  sort?: string;
  order?: string;
  page?: number;
  pageSize?: number;
};

export const incomingApi = {
  list: (q: ListQuery) => api.get<ListPage>('/api/incoming', q),
  counts: () => api.get<Counts>('/api/incoming/counts'),
  get: (id: string) => api.get<IncomingDoc>(`/api/incoming/${id}`),
  docTypes: () => api.get<DocType[]>('/api/doc-types'),
  registers: () => api.get<Register[]>('/api/registers', { kind: 'incoming' }),
  units: () => api.get<Unit[]>('/api/admin/units'),
  users: () => api.get<AdminUser[]>('/api/admin/users'),
  externalOrgans: (q: string) => api.get<ExternalOrgan[]>('/api/admin/external-organs', { q }),
  present: (id: string, body: Party & { note?: string }) => api.post<void>(`/api/incoming/${id}/present`, body),
  assign: (
    id: string,
    body: { direction: string; lead: Party; coordinate: Party[]; info: Party[]; deadline: Deadline },
  ) => api.post<{ deadline: string | null }>(`/api/incoming/${id}/assign`, body),
  reassign: (
    id: string,
    body: { direction: string; lead?: string; coordinate: string[]; info: string[]; deadline: Deadline },
  ) => api.post<void>(`/api/incoming/${id}/reassign`, body),
  progress: (id: string, note: string) => api.post<void>(`/api/incoming/${id}/progress`, { note }),
  contribute: (id: string, note: string) => api.post<void>(`/api/incoming/${id}/contribute`, { note }),
  complete: (id: string, body: CompleteBody) => api.post<void>(`/api/incoming/${id}/complete`, body),
  searchAnswers: (q: string) => api.get<AnswerHit[]>('/api/outgoing/issued/search', { q }),
  returnUp: (id: string, reason: string) => api.post<void>(`/api/incoming/${id}/return`, { reason }),
  reject: (id: string, reason: string) => api.post<void>(`/api/incoming/${id}/reject`, { reason }),
  registerReceived: (id: string, body: { confirmDuplicate: boolean; meta?: MailMeta }) =>
    api.post<RegisterResult>(`/api/incoming/${id}/register`, body),
  handling: (from: string, to: string) =>
    api.get<{ rows: HandlingRow[]; total: HandlingRow }>('/api/incoming/reports/handling', { from, to }),
};

/** Multipart registration of a paper document (the JSON client cannot send files). */
export async function registerPaper(
  meta: Record<string, unknown>,
  files: File[],
  csrfToken: string | null,
): Promise<RegisterResult> {
  const form = new FormData();
  form.append('meta', JSON.stringify(meta));
  for (const f of files) form.append('files', f, f.name);
  const res = await fetch('/api/incoming', {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
  });
  const body = (await res.json().catch(() => null)) as
    { code?: string; message?: string; details?: Record<string, unknown> } | RegisterResult | null;
  if (!res.ok) {
    const b = (body ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> };
    throw new ApiError(res.status, b.code ?? 'http.error', b.message ?? `Lỗi máy chủ (HTTP ${res.status}).`, b.details);
  }
  return body as RegisterResult;
}

export const STATUS_LABELS: Record<Status, string> = {
  pending_registration: 'Chờ vào sổ',
  pending_assignment: 'Chờ phân công',
  in_progress: 'Đang xử lý',
  done: 'Hoàn thành',
  returned: 'Đã trả lại',
};
export const STATUS_COLORS: Record<Status, string> = {
  pending_registration: 'default',
  pending_assignment: 'gold',
  in_progress: 'blue',
  done: 'green',
  returned: 'red',
};
export const URGENCY_OPTIONS = [
  { value: 'thuong', label: 'Thường' },
  { value: 'khan', label: 'Khẩn' },
  { value: 'thuong_khan', label: 'Thượng khẩn' },
  { value: 'hoa_toc', label: 'Hỏa tốc' },
];
export const CONF_OPTIONS = [
  { value: 'thuong', label: 'Thường' },
  { value: 'mat', label: 'Mật' },
  { value: 'toi_mat', label: 'Tối mật' },
  { value: 'tuyet_mat', label: 'Tuyệt mật' },
];
export const ROLE_LABELS: Record<Assignment['role'], string> = {
  present: 'Trình',
  lead: 'Chủ trì',
  coordinate: 'Phối hợp',
  info: 'Để biết',
};
export const STATE_LABELS: Record<Assignment['state'], string> = {
  pending: 'Chưa xử lý',
  in_progress: 'Đang xử lý',
  done: 'Đã xong',
  returned: 'Trả lại',
  info: 'Để biết',
};
export const labelOf = (opts: { value: string; label: string }[], v: string) =>
  opts.find((o) => o.value === v)?.label ?? v;

export const BOX_ITEMS: { key: Box; label: string; count?: keyof Counts; clerkOnly?: boolean }[] = [
  { key: 'todo', label: 'Cần xử lý', count: 'todo' },
  { key: 'doing', label: 'Đang xử lý', count: 'doing' },
  { key: 'done', label: 'Đã xử lý' },
  { key: 'overdue', label: 'Quá hạn', count: 'overdue' },
  { key: 'due_soon', label: 'Sắp đến hạn', count: 'dueSoon' },
  { key: 'info', label: 'Để biết', count: 'info' },
  { key: 'pending_registration', label: 'Chờ vào sổ', count: 'pendingRegistration', clerkOnly: true },
  { key: 'register', label: 'Sổ văn bản đến', clerkOnly: true },
];
