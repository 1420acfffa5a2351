/** Types of the platform API contract (/work/briefs/api.md); those of routes with response schemas come from the generated contract. */
import type { ApiResponse } from './api/contract';

export type RoleKey = 'admin' | 'clerk' | 'organ_leader' | 'office_chief' | 'unit_leader' | 'specialist';
export type MenuKey = 'incoming' | 'outgoing' | 'workfiles' | 'archive' | 'calendar' | 'reports' | 'onestop' | 'admin';

export type Organ = Me['organ'];

export type Membership = Me['memberships'][number];

/** GET /api/auth/me, from the generated API contract. */
export type Me = ApiResponse<'/api/auth/me'>;

export type ApiTokenInfo = ApiResponse<'/api/auth/tokens'>[number];

export type CreatedApiToken = ApiResponse<'/api/auth/tokens', 'post'>;

export type TotpSetup = ApiResponse<'/api/auth/totp/setup', 'post'>;

export type Role = ApiResponse<'/api/admin/roles'>[number];

export interface Unit {
  id: string;
  parentId: string | null;
  name: string;
  abbr: string;
  sortOrder: number;
}

export interface Position {
  id: string;
  name: string;
  rank: number;
}

export interface AdminUser {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  active: boolean;
  locked: boolean;
  totpEnabled: boolean;
  /** Highest confidentiality level of documents the user may read. */
  clearance?: Clearance;
  memberships: Membership[];
}

export type Clearance = 'thuong' | 'mat' | 'toi_mat' | 'tuyet_mat';

export interface AuditVerifyResult {
  checked: number;
  breaks: { organId: string; id: string; seq: number; reason: string }[];
}

export interface ExternalOrgan {
  id: string;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export interface AuditItem {
  id: string;
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  ip: string | null;
  summary: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export type JobState = 'dead' | 'failed' | 'pending';

export interface Job {
  id: string;
  kind: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: string | null;
  createdAt: string;
}

export interface Holiday {
  date: string;
  name: string;
  kind: string;
}

export interface CalendarOverride {
  id: string;
  date: string;
  kind: 'off' | 'work';
  note: string | null;
}

export interface CalendarYear {
  holidays: Holiday[];
  overrides: CalendarOverride[];
}
