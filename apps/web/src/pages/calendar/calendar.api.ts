import { api } from '../../api';
import type { ApiBody, ApiResponse } from '../../api/contract';

export type Week = ApiResponse<'/api/calendar/week'>;
export type WeekEntry = Week['entries'][number];
export type NewEntry = ApiBody<'/api/calendar/week/entries', 'post'>;

export const calendarApi = {
  week: (week: string) => api.get<Week>('/api/calendar/week', { week }),
  add: (body: NewEntry) => api.post<{ id: string; weekStart: string }>('/api/calendar/week/entries', body),
  submit: (week: string) => api.post<{ count: number }>('/api/calendar/week/submit', { week }),
  approve: (week: string) => api.post<{ count: number }>('/api/calendar/week/approve', { week }),
};

export const STATUS_LABEL: Record<WeekEntry['status'], { label: string; color: string }> = {
  draft: { label: 'Dự thảo', color: 'default' },
  submitted: { label: 'Chờ duyệt', color: 'gold' },
  approved: { label: 'Đã duyệt', color: 'blue' },
  published: { label: 'Đã ban hành', color: 'green' },
};
