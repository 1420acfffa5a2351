import type { Principal } from '../auth';

/** Actions of the organisation module. Pure rules; the service enforces them on every call. */
export type OrgAction =
  | 'organ.read'
  | 'organ.create'
  | 'organ.update'
  | 'unit.read'
  | 'unit.manage'
  | 'position.read'
  | 'position.manage'
  | 'user.read'
  | 'user.manage'
  | 'external.read'
  | 'external.manage'
  | 'calendar.read'
  | 'calendar.manage';

export type Decision = 'allow' | 'forbidden' | 'not_found';

/** What any member of the organ may read: the directory needed to address and assign work. */
const MEMBER_READ: ReadonlySet<OrgAction> = new Set([
  'organ.read',
  'unit.read',
  'position.read',
  'user.read',
  'external.read',
  'calendar.read',
]);
/** Installation-level actions only a sysadmin may take. */
const SYSADMIN_ONLY: ReadonlySet<OrgAction> = new Set(['organ.create']);

/**
 * May `p` do `action` on something belonging to `organId`?
 * Anything in another organ is 'not_found' (it must look as if it does not exist), except for a sysadmin.
 */
export function decideOrg(p: Principal, action: OrgAction, organId: string): Decision {
  if (p.sysadmin) return 'allow';
  if (organId !== p.organId) return 'not_found';
  if (SYSADMIN_ONLY.has(action)) return 'forbidden';
  if (p.roles.has('admin')) return 'allow';
  if (MEMBER_READ.has(action)) return 'allow';
  return 'forbidden';
}

/** Which organ an admin request works on: a sysadmin may choose one, everyone else works in their own. */
export function targetOrgan(p: Principal, requested?: string): string {
  return p.sysadmin && requested ? requested : p.organId;
}
