import { api } from '../../api';
import type {
  AdminUser,
  AuditVerifyResult,
  Clearance,
  AuditItem,
  CalendarOverride,
  CalendarYear,
  ExternalOrgan,
  Job,
  JobState,
  Membership,
  Organ,
  Page,
  Position,
  Role,
  Unit,
} from '../../api.types';

export interface UserCreate {
  username: string;
  fullName: string;
  email?: string;
  password: string;
  unitId: string;
  positionId: string;
  roles: string[];
  clearance?: Clearance;
}

export interface PostInput {
  unitId: string;
  positionId: string;
  roles: string[];
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  entityType?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export type ExternalOrganInput = Omit<ExternalOrgan, 'id'>;

export type RegisterKind = 'incoming' | 'outgoing' | 'copy';

/** A register (sổ văn bản) as the admin API answers it; `lastNumber` is the last number given this year. */
export interface AdminRegister {
  id: string;
  kind: RegisterKind;
  code: string;
  name: string;
  confidential: boolean;
  /** Document types the register is limited to; null = every type. */
  docTypeCodes: string[] | null;
  active: boolean;
  sortOrder: number;
  lastNumber?: number;
}

export interface RegisterInput {
  kind: RegisterKind;
  code: string;
  name: string;
  confidential: boolean;
  docTypeCodes: string[] | null;
  sortOrder: number;
}

export type RegisterPatch = Partial<Omit<RegisterInput, 'kind' | 'code'>> & { active?: boolean };

export interface AdminDocType {
  id: string;
  code: string;
  name: string;
  abbr: string | null;
  active: boolean;
}

export type DocTypePatch = { name?: string; abbr?: string | null; active?: boolean };

const id = (v: string) => encodeURIComponent(v);

/** Admin endpoints, scoped to the caller's organ, or to `organId` for the system administrator. */
export function adminApi(organId?: string) {
  const q = organId ? { organId } : undefined;
  const withScope = <T extends Record<string, string | number | undefined>>(extra: T) => ({ ...extra, ...(q ?? {}) });
  return {
    roles: () => api.get<Role[]>('/api/admin/roles', q),

    units: () => api.get<Unit[]>('/api/admin/units', q),
    createUnit: (body: { parentId: string | null; name: string; abbr: string }) =>
      api.post<Unit>('/api/admin/units', body, q),
    updateUnit: (unitId: string, body: { name?: string; abbr?: string; parentId?: string | null }) =>
      api.patch<Unit>(`/api/admin/units/${id(unitId)}`, body, q),
    deleteUnit: (unitId: string) => api.del(`/api/admin/units/${id(unitId)}`, q),

    positions: () => api.get<Position[]>('/api/admin/positions', q),
    createPosition: (body: { name: string; rank: number }) => api.post<Position>('/api/admin/positions', body, q),

    users: (filter: { q?: string; unitId?: string }) => api.get<AdminUser[]>('/api/admin/users', withScope(filter)),
    createUser: (body: UserCreate) => api.post<AdminUser>('/api/admin/users', body, q),
    updateUser: (
      userId: string,
      body: { fullName?: string; email?: string | null; active?: boolean; clearance?: Clearance },
    ) => api.patch<AdminUser>(`/api/admin/users/${id(userId)}`, body, q),
    resetPassword: (userId: string, password: string) =>
      api.post<void>(`/api/admin/users/${id(userId)}/password`, { password }, q),
    unlock: (userId: string) => api.post<void>(`/api/admin/users/${id(userId)}/unlock`, undefined, q),
    addMembership: (userId: string, body: PostInput & { primary: boolean }) =>
      api.post<Membership>(`/api/admin/users/${id(userId)}/memberships`, body, q),
    deleteMembership: (membershipId: string) => api.del(`/api/admin/memberships/${id(membershipId)}`, q),
    transfer: (userId: string, body: PostInput) =>
      api.post<AdminUser>(`/api/admin/users/${id(userId)}/transfer`, body, q),

    externalOrgans: (search?: string) =>
      api.get<ExternalOrgan[]>('/api/admin/external-organs', withScope({ q: search })),
    createExternalOrgan: (body: ExternalOrganInput) => api.post<ExternalOrgan>('/api/admin/external-organs', body, q),
    updateExternalOrgan: (eoId: string, body: Partial<ExternalOrganInput>) =>
      api.patch<ExternalOrgan>(`/api/admin/external-organs/${id(eoId)}`, body, q),
    deleteExternalOrgan: (eoId: string) => api.del(`/api/admin/external-organs/${id(eoId)}`, q),

    registers: () => api.get<AdminRegister[]>('/api/admin/registers', q),
    createRegister: (body: RegisterInput) => api.post<AdminRegister>('/api/admin/registers', body, q),
    updateRegister: (registerId: string, body: RegisterPatch) =>
      api.patch<AdminRegister>(`/api/admin/registers/${id(registerId)}`, body, q),

    docTypes: () => api.get<AdminDocType[]>('/api/admin/doc-types', q),
    createDocType: (body: { code: string; name: string; abbr: string | null }) =>
      api.post<AdminDocType>('/api/admin/doc-types', body, q),
    updateDocType: (docTypeId: string, body: DocTypePatch) =>
      api.patch<AdminDocType>(`/api/admin/doc-types/${id(docTypeId)}`, body, q),

    organs: () => api.get<Organ[]>('/api/admin/organs'),
    createOrgan: (body: { code: string; name: string; abbr: string }) => api.post<Organ>('/api/admin/organs', body),

    audit: (f: AuditFilter) => api.get<Page<AuditItem>>('/api/admin/audit', withScope({ ...f })),
    verifyAudit: () => api.get<AuditVerifyResult>('/api/admin/audit/verify', q),

    jobs: (state: JobState) => api.get<{ items: Job[] }>('/api/admin/jobs', withScope({ state })),
    retryJob: (jobId: string) => api.post<void>(`/api/admin/jobs/${id(jobId)}/retry`, undefined, q),

    calendar: (year: number) => api.get<CalendarYear>('/api/admin/calendar', withScope({ year })),
    addOverride: (body: { date: string; kind: 'off' | 'work'; note: string }) =>
      api.post<CalendarOverride>('/api/admin/calendar/overrides', body, q),
    deleteOverride: (overrideId: string) => api.del(`/api/admin/calendar/overrides/${id(overrideId)}`, q),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
