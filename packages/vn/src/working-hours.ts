// Deadlines in working hours (một cửa, NĐ 118/2025): the clock runs only inside the office's working periods on
// working days of the holiday calendar. Pure functions on instants (Date); Vietnam time is UTC+7 all year.
import { VnError } from './errors';
import { type LocalDate, VN_UTC_OFFSET_MINUTES, fromEpochDay, toEpochDay } from './dates';
import { type CalendarOverride, type WorkCalendar, createCalendar } from './calendar';

/** Working periods of a day as [start, end) minutes after local midnight, in order, not overlapping. */
export interface WorkingHours {
  periods: readonly (readonly [number, number])[];
}

/** The default office day: 07:30–11:30 and 13:00–17:00 (8 hours). */
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  periods: [
    [7 * 60 + 30, 11 * 60 + 30],
    [13 * 60, 17 * 60],
  ],
};

const MIN = 60_000;
const DAY_MIN = 24 * 60;
const OFFSET = VN_UTC_OFFSET_MINUTES;

/** "07:30" → 450. */
export function parseClock(s: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(s);
  if (!m) throw new VnError('vn.clock_invalid', `Giờ không hợp lệ (dạng HH:MM): ${s}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Working hours from "HH:MM-HH:MM" periods, checked (in order, not overlapping, at least one minute each). */
export function workingHours(periods: readonly string[]): WorkingHours {
  const out: [number, number][] = [];
  for (const p of periods) {
    const [a, b] = p.split('-');
    if (a === undefined || b === undefined)
      throw new VnError('vn.hours_invalid', `Khoảng giờ làm việc không hợp lệ: ${p}`);
    const s = parseClock(a.trim());
    const e = parseClock(b.trim());
    const prev = out[out.length - 1];
    if (e <= s || (prev && s < prev[1]))
      throw new VnError('vn.hours_invalid', `Khoảng giờ làm việc không hợp lệ: ${p}`);
    out.push([s, e]);
  }
  if (out.length === 0) throw new VnError('vn.hours_invalid', 'Chưa có khoảng giờ làm việc nào.');
  return { periods: out };
}

/** Working minutes of one working day. */
export const minutesPerDay = (h: WorkingHours = DEFAULT_WORKING_HOURS) => h.periods.reduce((s, [a, b]) => s + b - a, 0);

/** Local (Vietnam) epoch minute of an instant. Whole minutes: seconds are dropped. */
const localMinute = (t: Date) => Math.floor(t.getTime() / MIN) + OFFSET;
const instant = (localMin: number) => new Date((localMin - OFFSET) * MIN);

/** The local date and minute of day of an instant in Vietnam time. */
export function vnClock(t: Date): { date: LocalDate; minute: number } {
  const lm = localMinute(t);
  const day = Math.floor(lm / DAY_MIN);
  return { date: fromEpochDay(day), minute: lm - day * DAY_MIN };
}

/** The instant of a local Vietnam date and minute of day. */
export function vnInstant(date: LocalDate, minute: number): Date {
  return instant(toEpochDay(date) * DAY_MIN + minute);
}

/**
 * The first instant at or after `t` inside working time: a receipt after hours (or in the lunch break, on a day
 * off) starts the clock at the next working period's start — the next working morning after 17:00.
 */
export function clockStart(cal: WorkCalendar, t: Date, h: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  const lm = localMinute(t);
  let day = Math.floor(lm / DAY_MIN);
  let minute = lm - day * DAY_MIN;
  for (let guard = 0; guard < 3700; guard++) {
    if (cal.isWorkingDay(fromEpochDay(day))) {
      for (const [a, b] of h.periods) if (minute < b) return instant(day * DAY_MIN + Math.max(a, minute));
    }
    day++;
    minute = 0;
  }
  throw new VnError('vn.calendar_no_working_day', 'Không tìm thấy ngày làm việc trong 10 năm tới.');
}

/**
 * The instant `minutes` working minutes after `start`. The clock starts at clockStart(start); a deadline that
 * uses up a period ends at that period's end (17:00 counts as the same day, not the next morning), so it never
 * falls on a day off or outside working hours.
 */
export function addWorkingMinutes(
  cal: WorkCalendar,
  start: Date,
  minutes: number,
  h: WorkingHours = DEFAULT_WORKING_HOURS,
): Date {
  if (!Number.isInteger(minutes) || minutes < 0)
    throw new VnError('vn.minutes_invalid', `Số phút làm việc phải là số nguyên không âm: ${minutes}`);
  const s = localMinute(clockStart(cal, start, h));
  let day = Math.floor(s / DAY_MIN);
  let minute = s - day * DAY_MIN;
  let left = minutes;
  const perDay = minutesPerDay(h);
  for (let guard = 0; guard < 40000; guard++) {
    if (cal.isWorkingDay(fromEpochDay(day))) {
      // Whole working days at once once the clock is at a day's start.
      if (minute <= h.periods[0]![0] && left > perDay) {
        left -= perDay;
      } else {
        for (const [a, b] of h.periods) {
          if (minute >= b) continue;
          const from = Math.max(a, minute);
          if (left <= b - from) return instant(day * DAY_MIN + from + left);
          left -= b - from;
          minute = b;
        }
      }
    }
    day++;
    minute = 0;
  }
  throw new VnError('vn.minutes_invalid', `Thời hạn quá dài: ${minutes} phút làm việc.`);
}

/** Working minutes in [a, b) (0 when b ≤ a): what the clock counted between two instants. */
export function workingMinutesBetween(
  cal: WorkCalendar,
  a: Date,
  b: Date,
  h: WorkingHours = DEFAULT_WORKING_HOURS,
): number {
  const la = localMinute(a);
  const lb = localMinute(b);
  if (lb <= la) return 0;
  let total = 0;
  const perDay = minutesPerDay(h);
  const lastDay = Math.floor(lb / DAY_MIN);
  for (let day = Math.floor(la / DAY_MIN); day <= lastDay; day++) {
    if (!cal.isWorkingDay(fromEpochDay(day))) continue;
    const d0 = day * DAY_MIN;
    if (la <= d0 && lb >= d0 + DAY_MIN) {
      total += perDay;
      continue;
    }
    for (const [p, q] of h.periods) {
      const from = Math.max(d0 + p, la);
      const to = Math.min(d0 + q, lb);
      if (to > from) total += to - from;
    }
  }
  return total;
}

/** A procedure's legal time limit. */
export type TimeLimit =
  | { unit: 'working_hours'; value: number }
  | { unit: 'working_days'; value: number }
  | { unit: 'calendar_days'; value: number };

/**
 * Due instant of a limit counted from `start` (the receipt). Working hours and days run on the working clock
 * (a working day = one day's working minutes); calendar days end at the close of the last day, moved to the close
 * of the next working day when that is a day off.
 */
export function dueAt(cal: WorkCalendar, start: Date, limit: TimeLimit, h: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  if (!Number.isInteger(limit.value) || limit.value < 0)
    throw new VnError('vn.limit_invalid', `Thời hạn giải quyết không hợp lệ: ${limit.value}`);
  if (limit.unit === 'working_hours') return addWorkingMinutes(cal, start, limit.value * 60, h);
  if (limit.unit === 'working_days') return addWorkingMinutes(cal, start, limit.value * minutesPerDay(h), h);
  let day = toEpochDay(vnClock(start).date) + limit.value;
  while (!cal.isWorkingDay(fromEpochDay(day))) day++;
  return instant(day * DAY_MIN + h.periods[h.periods.length - 1]![1]);
}

/** Early / on time / late: finished compared with due, at minute granularity or by local day. */
export function timeliness(
  finished: Date,
  due: Date,
  granularity: 'minute' | 'day' = 'minute',
): 'early' | 'on_time' | 'late' {
  if (granularity === 'day') {
    const f = vnClock(finished).date;
    const d = vnClock(due).date;
    return f < d ? 'early' : f === d ? 'on_time' : 'late';
  }
  const f = localMinute(finished);
  const d = localMinute(due);
  // Finished before the due day's last working hour: early; up to the due minute: on time.
  if (f > d) return 'late';
  return vnClock(finished).date < vnClock(due).date ? 'early' : 'on_time';
}

/** One published version of the holiday calendar: its overrides as announced on that date. */
export interface CalendarVersion {
  id: string;
  publishedAt: LocalDate;
  overrides: readonly CalendarOverride[];
}

/**
 * Versioned calendar: each deadline records the version it was computed with, and is computed again only with
 * that version, so a later announcement (a new day off, a swap) never moves a deadline already given.
 */
export interface VersionedCalendar {
  latest(): { id: string; calendar: WorkCalendar };
  get(id: string): WorkCalendar;
  ids(): string[];
}

export function createVersionedCalendar(versions: readonly CalendarVersion[]): VersionedCalendar {
  if (versions.length === 0) throw new VnError('vn.calendar_versions', 'Chưa có phiên bản lịch làm việc nào.');
  const byId = new Map<string, WorkCalendar>();
  const sorted = [...versions].sort((a, b) =>
    a.publishedAt < b.publishedAt ? -1 : a.publishedAt > b.publishedAt ? 1 : 0,
  );
  for (const v of sorted) {
    if (byId.has(v.id)) throw new VnError('vn.calendar_versions', `Phiên bản lịch trùng: ${v.id}`);
    byId.set(v.id, createCalendar({ overrides: v.overrides }));
  }
  const last = sorted[sorted.length - 1]!;
  return {
    latest: () => ({ id: last.id, calendar: byId.get(last.id)! }),
    get: (id) => {
      const c = byId.get(id);
      if (!c) throw new VnError('vn.calendar_versions', `Không có phiên bản lịch: ${id}`);
      return c;
    },
    ids: () => sorted.map((v) => v.id),
  };
}
