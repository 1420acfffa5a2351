/** Roles a membership can carry, with their Vietnamese names (glossary.md). */
export const ROLES = {
  admin: 'Quản trị hệ thống',
  clerk: 'Văn thư',
  organ_leader: 'Lãnh đạo cơ quan',
  office_chief: 'Chánh Văn phòng',
  unit_leader: 'Lãnh đạo đơn vị',
  specialist: 'Chuyên viên',
} as const;
export type Role = keyof typeof ROLES;
export const ROLE_KEYS = Object.keys(ROLES) as Role[];
export const isRole = (r: string): r is Role => r in ROLES;

/** The product's menu, in display order. Which entries a user sees is decided by menuFor(). */
export const MENU = [
  'incoming',
  'outgoing',
  'workfiles',
  'archive',
  'calendar',
  'reports',
  'onestop',
  'admin',
] as const;
export type MenuKey = (typeof MENU)[number];

const MENU_BY_ROLE: Record<Role, MenuKey[]> = {
  admin: ['admin', 'reports'],
  clerk: ['incoming', 'outgoing', 'workfiles', 'archive', 'calendar', 'reports', 'onestop'],
  organ_leader: ['incoming', 'outgoing', 'workfiles', 'calendar', 'reports'],
  office_chief: ['incoming', 'outgoing', 'workfiles', 'calendar', 'reports'],
  unit_leader: ['incoming', 'outgoing', 'workfiles', 'calendar', 'reports'],
  specialist: ['incoming', 'outgoing', 'workfiles', 'calendar'],
};

export function menuFor(roles: Iterable<Role>, sysadmin = false): MenuKey[] {
  const keys = new Set<MenuKey>();
  for (const r of roles) for (const k of MENU_BY_ROLE[r]) keys.add(k);
  if (sysadmin) keys.add('admin');
  return MENU.filter((k) => keys.has(k));
}
