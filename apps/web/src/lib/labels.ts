import type { Clearance, MenuKey, RoleKey } from '../api.types';

export const PRODUCT_NAME = 'vanthu — Quản lý văn bản và hồ sơ';

export const ROLE_LABELS: Record<RoleKey, string> = {
  admin: 'Quản trị hệ thống',
  clerk: 'Văn thư',
  organ_leader: 'Lãnh đạo cơ quan',
  office_chief: 'Chánh Văn phòng',
  unit_leader: 'Lãnh đạo đơn vị',
  specialist: 'Chuyên viên',
};

/** Độ mật levels a user may be cleared for. */
export const CLEARANCE_OPTIONS: { value: Clearance; label: string }[] = [
  { value: 'thuong', label: 'Thường (không mật)' },
  { value: 'mat', label: 'Mật' },
  { value: 'toi_mat', label: 'Tối mật' },
  { value: 'tuyet_mat', label: 'Tuyệt mật' },
];

/** Client-side hint matching the server's rule (at least 8 characters, letters and digits). */
export const PASSWORD_RULES = [
  { required: true, message: 'Nhập mật khẩu' },
  { min: 8, message: 'Tối thiểu 8 ký tự' },
  { pattern: /(?=.*\p{L})(?=.*\d)/u, message: 'Mật khẩu phải có cả chữ và số' },
];

export function roleLabel(key: string): string {
  return (ROLE_LABELS as Record<string, string>)[key] ?? key;
}

/** Menu keys in contract order, with their labels and routes. */
export const MENU_ITEMS: { key: MenuKey; label: string; path: string }[] = [
  { key: 'incoming', label: 'Văn bản đến', path: '/incoming' },
  { key: 'outgoing', label: 'Văn bản đi', path: '/outgoing' },
  { key: 'workfiles', label: 'Hồ sơ công việc', path: '/workfiles' },
  { key: 'archive', label: 'Lưu trữ', path: '/archive' },
  { key: 'calendar', label: 'Lịch công tác', path: '/calendar' },
  { key: 'reports', label: 'Báo cáo', path: '/reports' },
  { key: 'onestop', label: 'Một cửa', path: '/onestop' },
  { key: 'admin', label: 'Quản trị', path: '/admin' },
];

/** The menu entries a user sees: exactly the server's keys, in contract order. */
export function visibleMenu(keys: readonly string[]): typeof MENU_ITEMS {
  const set = new Set(keys);
  return MENU_ITEMS.filter((m) => set.has(m.key));
}

/** Admin sub-pages, under /admin. `sysadminOnly` entries are hidden from organ admins. */
export const ADMIN_ITEMS: { key: string; label: string; path: string; sysadminOnly?: boolean }[] = [
  { key: 'units', label: 'Đơn vị', path: '/admin/units' },
  { key: 'users', label: 'Người dùng', path: '/admin/users' },
  { key: 'positions', label: 'Chức vụ', path: '/admin/positions' },
  { key: 'registers', label: 'Sổ văn bản', path: '/admin/registers' },
  { key: 'doc-types', label: 'Loại văn bản', path: '/admin/doc-types' },
  { key: 'external-organs', label: 'Cơ quan ngoài', path: '/admin/external-organs' },
  { key: 'organs', label: 'Cơ quan', path: '/admin/organs' },
  { key: 'audit', label: 'Nhật ký', path: '/admin/audit' },
  { key: 'jobs', label: 'Tác vụ nền', path: '/admin/jobs' },
  { key: 'holidays', label: 'Lịch nghỉ', path: '/admin/holidays' },
  { key: 'exchange', label: 'Liên thông', path: '/admin/exchange' },
  { key: 'signing', label: 'Ký số', path: '/admin/signing' },
  { key: 'hub-systems', label: 'Hệ thống trên trục', path: '/admin/hub-systems', sysadminOnly: true },
];

/**
 * Home page of a user. Leaders (reports without the văn thư's archive) land on the dashboard; an admin whose
 * menu has no document section lands on the users page; everyone else on the first entry of the menu.
 */
export function homePath(menu: readonly string[]): string {
  const keys = new Set(menu);
  const first = visibleMenu(menu)[0];
  if (!first) return '/no-access';
  if (keys.has('reports') && keys.has('incoming') && !keys.has('archive')) return '/reports';
  return first.key === 'admin' ? '/admin/users' : first.path;
}
