import { api } from '../../api';
import type { ApiResponse } from '../../api/contract';

export type Dashboard = ApiResponse<'/api/reports/dashboard'>;
export type Track = keyof Dashboard['total'];

export const reportsApi = { dashboard: () => api.get<Dashboard>('/api/reports/dashboard') };

export const TRACK_ITEMS: { key: Track; label: string; color?: string }[] = [
  { key: 'received', label: 'Đã nhận' },
  { key: 'in_progress', label: 'Đang xử lý' },
  { key: 'done_on_time', label: 'Xong đúng hạn', color: '#389e0d' },
  { key: 'done_late', label: 'Xong trễ hạn', color: '#d46b08' },
  { key: 'overdue', label: 'Quá hạn', color: '#cf1322' },
  { key: 'due_soon', label: 'Sắp đến hạn', color: '#d4b106' },
];

/** The incoming list a dashboard number counts (same server query: /api/incoming?box=search&…). */
export function listHref(q: { track?: Track; unitId?: string | null; from?: string; to?: string }): string {
  const s = new URLSearchParams({ box: 'search' });
  if (q.track) s.set('track', q.track);
  if (q.unitId) s.set('unitId', q.unitId);
  if (q.from) s.set('from', q.from);
  if (q.to) s.set('to', q.to);
  return `/incoming?${s.toString()}`;
}
