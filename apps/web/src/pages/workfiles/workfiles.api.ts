import { api, request } from '../../api';
import type { AdminUser, Unit } from '../../api.types';

export type Retention = 'permanent' | '70' | '50' | '30' | '20' | '10' | '5' | 'lapse';
export const RETENTION_OPTIONS: { value: Retention; label: string }[] = [
  { value: 'permanent', label: 'Vĩnh viễn' },
  { value: '70', label: '70 năm' },
  { value: '50', label: '50 năm' },
  { value: '30', label: '30 năm' },
  { value: '20', label: '20 năm' },
  { value: '10', label: '10 năm' },
  { value: '5', label: '5 năm' },
  { value: 'lapse', label: 'Đến khi văn bản hết hiệu lực' },
];
export const retentionLabel = (r: Retention | null) =>
  RETENTION_OPTIONS.find((o) => o.value === r)?.label ?? 'Chưa xác định';

export interface FileItem {
  id: string;
  code: string;
  notation: string;
  title: string;
  year: number;
  retention: Retention | null;
  status: 'open' | 'closed';
  startDate: string;
  endDate: string | null;
  memberCount: number;
  unitId: string;
  creatorId: string;
}
export interface FileList {
  items: FileItem[];
  total: number;
  counts: { open: number; closed: number };
  page: number;
  pageSize: number;
}
export interface Member {
  id: string;
  ordinal: number;
  docCode: string;
  kind: 'incoming' | 'outgoing' | 'upload';
  refId: string;
  docDate: string;
  typeName: string;
  numberNotation: string;
  organName: string;
  subject: string;
  pageCount: number | null;
  confidentiality: string;
  draft: boolean;
  link: string;
}
export interface FileCan {
  read: boolean;
  edit: boolean;
  close: boolean;
  reopen: boolean;
  grant: boolean;
  export: boolean;
  submit: boolean;
}
export interface FileDetail extends FileItem {
  creatorName: string;
  unitName: string;
  planEntryId: string | null;
  closedAt: string | null;
  members: Member[];
  hiddenMembers: number;
  tt05: Record<string, string | null>;
  grants: { userId: string; name: string; access: 'read' | 'edit' }[];
  history: { at: string; actorName: string | null; action: string; summary: string | null }[];
  can: FileCan;
}
export interface PlanEntry {
  id?: string;
  notation: string;
  title: string;
  retention: Retention;
  creatorUnitId?: string | null;
  creatorUserId?: string | null;
  note: string;
  fileId?: string | null;
}
export interface PlanHeading {
  id?: string;
  label: string;
  title: string;
  unitId?: string | null;
  entries: PlanEntry[];
  children: PlanHeading[];
}
export interface Plan {
  id: string;
  year: number;
  title: string;
  status: 'draft' | 'approved';
  numbering: 'plan' | 'heading';
  decisionRef: string | null;
  approvedByName: string | null;
  approvedAt: string | null;
  headings: PlanHeading[];
  counts: { entries: number; permanent: number; limited: number };
  can: { edit: boolean; approve: boolean };
}
export interface PlanSummary {
  id: string;
  year: number;
  title: string;
  status: 'draft' | 'approved';
  approvedAt: string | null;
}
export interface Step {
  ord: number;
  role: 'unit_head' | 'leader';
  actorId: string;
  actorName: string;
  state: string;
  opinion: string;
  deadline: string | null;
  actedAt: string | null;
}
export interface Submission {
  id: string;
  title: string;
  note: string;
  status: 'pending' | 'approved' | 'returned' | 'more_info';
  workfileId: string | null;
  workfileCode: string | null;
  submitterName: string;
  deadline: string | null;
  overdue: boolean;
  createdAt: string;
  steps: Step[];
  can: { act: boolean; resubmit: boolean };
}
export interface CloseProblem {
  code: string;
  message: string;
  memberIds?: string[];
}

export const SUBMISSION_STATUS: Record<Submission['status'], { label: string; color: string }> = {
  pending: { label: 'Đang trình', color: 'blue' },
  approved: { label: 'Đã duyệt', color: 'green' },
  returned: { label: 'Trả lại', color: 'red' },
  more_info: { label: 'Đề nghị bổ sung', color: 'orange' },
};
export const STEP_STATE: Record<string, string> = {
  waiting: 'Chờ',
  pending: 'Đang chờ ý kiến',
  approved: 'Đồng ý',
  returned: 'Trả lại',
  more: 'Đề nghị bổ sung',
};

const b = '/api/workfiles';
export const workfilesApi = {
  list: (q: {
    scope: 'mine' | 'unit' | 'organ';
    year?: number;
    status?: string;
    q?: string;
    page?: number;
    pageSize?: number;
    unitId?: string;
  }) => api.get<FileList>(b, q),
  get: (id: string) => api.get<FileDetail>(`${b}/${id}`),
  create: (body: {
    planEntryId?: string;
    title?: string;
    notation?: string;
    retention?: Retention;
    startDate?: string;
  }) => api.post<{ id: string; code: string }>(b, body),
  update: (id: string, body: Record<string, unknown>) => api.patch<FileDetail>(`${b}/${id}`, body),
  pick: (q: string) => api.get<{ id: string; code: string; title: string; memberCount: number }[]>(`${b}/pick`, { q }),
  addMember: (id: string, body: { kind: 'incoming' | 'outgoing' | 'upload'; refId: string }) =>
    api.post<{ ordinal: number; docCode: string }>(`${b}/${id}/members`, body),
  removeMember: (id: string, memberId: string) => api.del(`${b}/${id}/members/${memberId}`),
  close: (id: string) => api.post<FileDetail>(`${b}/${id}/close`),
  reopen: (id: string, reason: string) => api.post<FileDetail>(`${b}/${id}/reopen`, { reason }),
  grant: (id: string, userId: string, access: 'read' | 'edit' | 'none') =>
    request<FileDetail>('PUT', `${b}/${id}/grants/${userId}`, { access }),
  plans: () => api.get<PlanSummary[]>(`${b}/plans`),
  plan: (id: string) => api.get<Plan>(`${b}/plans/${id}`),
  createPlan: (body: { year: number; copyFromYear?: number }) => api.post<Plan>(`${b}/plans`, body),
  savePlan: (
    id: string,
    body: { title: string; numbering: string; decisionRef?: string | null; headings: PlanHeading[] },
  ) => request<Plan>('PUT', `${b}/plans/${id}`, body),
  approvePlan: (id: string, decisionRef: string | null) => api.post<Plan>(`${b}/plans/${id}/approve`, { decisionRef }),
  submissions: (box: 'inbox' | 'mine' | 'done') => api.get<Submission[]>(`${b}/submissions`, { box }),
  submission: (id: string) => api.get<Submission>(`${b}/submissions/${id}`),
  submit: (body: {
    workfileId?: string | null;
    title: string;
    note: string;
    unitHeadId?: string | null;
    leaderId: string;
    deadline?: string | null;
  }) => api.post<Submission>(`${b}/submissions`, body),
  act: (id: string, decision: 'approve' | 'return' | 'more', opinion: string) =>
    api.post<Submission>(`${b}/submissions/${id}/act`, { decision, opinion }),
  resubmit: (id: string, note: string) => api.post<Submission>(`${b}/submissions/${id}/resubmit`, { note }),
  units: () => api.get<Unit[]>('/api/admin/units'),
  users: () => api.get<AdminUser[]>('/api/admin/users'),
};
