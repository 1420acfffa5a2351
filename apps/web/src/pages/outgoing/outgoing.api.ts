/** Calls and types of the outgoing-documents API (/api/outgoing…, modules/outgoing on the server). */
import { ApiError, api, request } from '../../api';
import type { AdminUser, ExternalOrgan, Unit } from '../../api.types';

export type Box = 'mine' | 'todo' | 'to_issue' | 'issued' | 'received' | 'all';
export type DocStatus = 'draft' | 'in_review' | 'signed' | 'issued' | 'recalled';
export type StepAction = 'review' | 'initial' | 'format_check' | 'sign';
export type Action =
  | 'view'
  | 'edit'
  | 'upload'
  | 'comment'
  | 'consult'
  | 'submit'
  | 'act'
  | 'adjust_route'
  | 'issue'
  | 'cancel_number'
  | 'copy'
  | 'recall';

export interface ListItem {
  id: string;
  subject: string;
  docType: string;
  docTypeName: string;
  status: DocStatus;
  urgency: string;
  confidentiality: string;
  numberNotation: string | null;
  issuedDate: string | null;
  activeStep: { action: StepAction; actorId: string } | null;
  updatedAt: string;
  actions: Action[];
}
export interface Step {
  ord: number;
  action: StepAction;
  actorId: string;
  actorName: string;
  state: 'pending' | 'active' | 'done';
  actedByName: string | null;
  actedAt: string | null;
}
export interface StepEvent {
  ord: number;
  action: string;
  decision: string;
  userName: string;
  target: string | null;
  comment: string | null;
  at: string;
}
export interface Version {
  id: string;
  kind: 'draft' | 'attachment';
  versionNo: number;
  fileId: string;
  name: string;
  mime: string;
  sha256: string;
  uploadedByName: string;
  at: string;
}
export interface Comment {
  id: string;
  versionId: string | null;
  authorName: string;
  body: string;
  at: string;
}
export interface Consultation {
  id: string;
  unitId: string;
  unitName: string;
  question: string;
  answer: string | null;
  answerFileId: string | null;
  answeredByName: string | null;
}
export interface Recipient {
  id: string;
  kind: 'internal' | 'external';
  unitId: string | null;
  organCode: string | null;
  name: string;
  status: string;
  incomingId: string | null;
  note: string | null;
}
export interface Copy {
  id: string;
  form: 'SY' | 'SL' | 'TrS';
  numberNotation: string;
  fileId: string;
}
export interface RecallRecord {
  kind: string;
  reason: string;
  summary: string;
  at: string;
}
export interface OutgoingDoc {
  id: string;
  subject: string;
  docType: string;
  docTypeName: string;
  urgency: string;
  confidentiality: string;
  status: DocStatus;
  draftingUnitId: string;
  draftingUnitName: string;
  drafterId: string;
  drafterName: string;
  signerId: string | null;
  signerName: string | null;
  answersIncomingId: string | null;
  numberNotation: string | null;
  number: number | null;
  issuedDate: string | null;
  signRank: string | null;
  signedByName: string | null;
  finalFileId: string | null;
  preparedFileId: string | null;
  signedFileId: string | null;
  sealedFileId: string | null;
  recallKind: string | null;
  recallReason: string | null;
  emailRecipients: string[];
  steps: Step[];
  events: StepEvent[];
  versions: Version[];
  comments: Comment[];
  consultations: Consultation[];
  recipients: Recipient[];
  copies: Copy[];
  recallRecords: RecallRecord[];
  actions: Action[];
}
export interface DraftInput {
  docType: string;
  subject: string;
  urgency: string;
  confidentiality: string;
  signerId: string;
  answersIncomingId?: string | null;
  recipients: { kind: 'internal' | 'external'; unitId?: string; organCode?: string }[];
}
export interface RegisterInfo {
  id: string;
  kind: string;
  code?: string;
  name: string;
}
export interface RegisterBook {
  registerName: string;
  year: number;
  columns: string[];
  rows: string[][];
}
export interface SummaryRow {
  name: string;
  drafting: number;
  inReview: number;
  signed: number;
  issued: number;
  recalled: number;
  total: number;
}
export interface Summary {
  year: number;
  byUnit: SummaryRow[];
  bySigner: SummaryRow[];
}
export interface DocType {
  id: string;
  code: string;
  name: string;
  abbr: string | null;
}
export interface IncomingHit {
  id: string;
  numberNotation: string;
  subject: string;
  issuingOrganName: string;
  arrivalNumber: number | null;
}
/** POST /api/outgoing/:id/sign/prepare: the stamped PDF to sign through vanthu-signer, and the signature's place. */
export interface PreparedSign {
  preparedFileId: string;
  numberNotation: string;
  date: string;
  appearance: { kind: 'signature'; rect: { x: number; y: number; width: number; height: number } };
  reason: string;
}
/** POST /api/outgoing/:id/issue/prepare-seal: the signed file to seal through vanthu-signer, and the seal's place. */
export interface PreparedSeal {
  signedFileId: string;
  numberNotation: string;
  appearance: { kind: 'seal'; signerRect: { x: number; y: number; width: number; height: number } };
  reason: string;
}
export type Decision =
  | { decision: 'approve' }
  | { decision: 'return'; comment: string; target: 'drafter' | 'previous' }
  | { decision: 'forward'; toUserId: string; comment?: string };

export const fileUrl = (docId: string, fileId: string, download = false) =>
  `/api/outgoing/${docId}/files/${fileId}${download ? '?download=1' : ''}`;

export const outgoingApi = {
  list: (box: Box) => api.get<ListItem[]>('/api/outgoing', { box }),
  get: (id: string) => api.get<OutgoingDoc>(`/api/outgoing/${id}`),
  create: (body: DraftInput) => api.post<{ id: string }>('/api/outgoing', body),
  adjustRoute: (id: string, steps: { action: StepAction; actorId: string }[]) =>
    request<void>('PUT', `/api/outgoing/${id}/route`, { steps }),
  submit: (id: string) => api.post<void>(`/api/outgoing/${id}/submit`),
  decide: (id: string, body: Decision) => api.post<void>(`/api/outgoing/${id}/decision`, body),
  comment: (id: string, body: string, versionId: string | null) =>
    api.post<{ id: string }>(`/api/outgoing/${id}/comments`, { body, versionId }),
  consult: (id: string, unitId: string, question: string) =>
    api.post<{ id: string }>(`/api/outgoing/${id}/consultations`, { unitId, question }),
  answer: (consultationId: string, answer: string) =>
    api.post<void>(`/api/outgoing/consultations/${consultationId}/answer`, { answer }),
  finalPdf: (id: string) => api.post<{ fileId: string }>(`/api/outgoing/${id}/final`),
  prepareSign: (id: string) => api.post<PreparedSign>(`/api/outgoing/${id}/sign/prepare`),
  completeSign: (id: string, signedFileId: string, comment?: string) =>
    api.post<void>(`/api/outgoing/${id}/sign/complete`, { signedFileId, ...(comment ? { comment } : {}) }),
  issue: (id: string) => api.post<void>(`/api/outgoing/${id}/issue`),
  prepareSeal: (id: string) => api.post<PreparedSeal>(`/api/outgoing/${id}/issue/prepare-seal`),
  completeSeal: (id: string, sealedFileId: string) =>
    api.post<void>(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId }),
  cancelNumber: (id: string, reason: string) => api.post<void>(`/api/outgoing/${id}/cancel-number`, { reason }),
  copy: (id: string, form: Copy['form'], recipients: string | null) =>
    api.post<{ numberNotation: string; fileId: string }>(`/api/outgoing/${id}/copies`, { form, recipients }),
  recall: (id: string, kind: 'recall' | 'update' | 'replace', reason: string) =>
    api.post<void>(`/api/outgoing/${id}/recall`, { kind, reason }),
  registers: () => api.get<RegisterInfo[]>('/api/outgoing-registers'),
  book: (registerId: string, year: number) =>
    api.get<RegisterBook>('/api/outgoing-reports/register', { registerId, year }),
  summary: (year: number) => api.get<Summary>('/api/outgoing-reports/summary', { year }),
  docTypes: () => api.get<DocType[]>('/api/doc-types'),
  units: () => api.get<Unit[]>('/api/admin/units'),
  users: () => api.get<AdminUser[]>('/api/admin/users'),
  externalOrgans: () => api.get<ExternalOrgan[]>('/api/admin/external-organs'),
  searchIncoming: async (q: string) =>
    (await api.get<{ items: IncomingHit[] }>('/api/incoming', { box: 'search', q, pageSize: 20 })).items,
};

/** Uploads a draft version or an attachment (multipart; the JSON client cannot send files). */
export async function uploadFile(
  id: string,
  file: File,
  kind: 'draft' | 'attachment',
  csrfToken: string | null,
): Promise<Version> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`/api/outgoing/${id}/versions?kind=${kind}`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
  });
  const body = (await res.json().catch(() => null)) as {
    code?: string;
    message?: string;
    details?: Record<string, unknown>;
  } | null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      body?.code ?? 'http.error',
      body?.message ?? `Lỗi máy chủ (HTTP ${res.status}).`,
      body?.details,
    );
  return body as unknown as Version;
}
