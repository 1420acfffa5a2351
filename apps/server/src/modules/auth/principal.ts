import type { Role } from './roles';

/** The authenticated caller, rebuilt on every request from the session/token and the user's active posts. */
export interface Principal {
  userId: string;
  organId: string;
  username: string;
  fullName: string;
  sysadmin: boolean;
  clearance: 'thuong' | 'mat' | 'toi_mat' | 'tuyet_mat';
  roles: Set<Role>;
  unitIds: string[];
  via: 'session' | 'token';
  sessionIdHash?: Buffer;
  csrfToken?: string;
}

export const hasRole = (p: Principal, ...roles: Role[]) => roles.some((r) => p.roles.has(r));
