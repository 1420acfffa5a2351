import { api } from '../../api';
import type { Dayjs } from 'dayjs';
import type { ApiBody, ApiResponse } from '../../api/contract';

/** A typed time of day (07:30, 8:00). */
export const HHMM = /^([01]?\d|2[0-3]):[0-5]\d$/;
/** A day picked in the form plus a typed HH:mm, as an instant in Vietnam time. */
export const atVn = (d: Dayjs, hhmm: string) => `${d.format('YYYY-MM-DD')}T${hhmm.padStart(5, '0')}:00+07:00`;

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

export type Meeting = ApiResponse<'/api/calendar/meetings'>[number];
export type Room = ApiResponse<'/api/calendar/rooms'>[number];
export type BookBody = ApiBody<'/api/calendar/meetings', 'post'>;
export type Booked = ApiResponse<'/api/calendar/meetings', 'post'>;

export const meetingsApi = {
  list: (from: string, to: string) => api.get<Meeting[]>('/api/calendar/meetings', { from, to }),
  rooms: () => api.get<Room[]>('/api/calendar/rooms'),
  book: (body: BookBody) => api.post<Booked>('/api/calendar/meetings', body),
  answer: (id: string, answer: 'attend' | 'decline') =>
    api.post<{ answer: string }>(`/api/calendar/meetings/${id}/answer`, { answer }),
};

export const ANSWER_LABEL = { pending: 'Chưa trả lời', attend: 'Dự', decline: 'Không dự', deputy: 'Cử người dự thay' };

export const feedsApi = {
  create: (scope: 'user' | 'organ') =>
    api.post<ApiResponse<'/api/calendar/feeds', 'post'>>('/api/calendar/feeds', { scope }),
};
