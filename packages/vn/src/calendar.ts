// Working-day calendar: statutory holidays + compensatory days + admin overrides.
import { VnError } from './errors';
import { type LocalDate, fromEpochDay, isLocalDate, isWeekend, toEpochDay, ymd } from './dates';
import { type Holiday, compensatoryDays, statutoryHolidays } from './holidays';

/** An announced change: an extra day off, or a day (usually a Saturday) worked in a swap. */
export interface CalendarOverride {
  date: LocalDate;
  kind: 'off' | 'work';
  note: string;
}

export interface WorkCalendar {
  /** Days off of a year in date order: statutory, compensatory and 'off' overrides; a 'work' override removes its date. */
  holidays(year: number): Holiday[];
  /** The holiday entries of one date (empty for an ordinary day or a weekend). */
  holidaysOn(date: LocalDate): Holiday[];
  isWorkingDay(date: LocalDate): boolean;
  /** Deadline n working days after start (the first working day after start counts as 1); n = 0 → start or the next working day. Negative n counts back. */
  addWorkingDays(start: LocalDate, n: number): LocalDate;
  /** Working days in (a, b]; negative when b is before a. addWorkingDays(a, n) = b ⇒ workingDaysBetween(a, b) = n. */
  workingDaysBetween(a: LocalDate, b: LocalDate): number;
  /** The first working day strictly after date. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /** The last working day strictly before date. */
  previousWorkingDay(date: LocalDate): LocalDate;
}

interface YearData {
  list: Holiday[];
  offDays: Set<LocalDate>;
}

function checkOverride(o: CalendarOverride): void {
  if (!isLocalDate(o.date) || (o.kind !== 'off' && o.kind !== 'work')) {
    throw new VnError(
      'vn.calendar.override_invalid',
      `Điều chỉnh lịch làm việc không hợp lệ: ${o.date} (${String(o.kind)})`,
    );
  }
}

export function createCalendar(options: { overrides?: readonly CalendarOverride[] } = {}): WorkCalendar {
  const overrides = new Map<LocalDate, CalendarOverride>();
  for (const o of options.overrides ?? []) {
    checkOverride(o);
    overrides.set(o.date, o); // a later entry for the same date wins
  }
  const years = new Map<number, YearData>();

  function yearData(year: number): YearData {
    let data = years.get(year);
    if (!data) {
      const statutory = statutoryHolidays(year);
      const list = [...statutory, ...compensatoryDays(statutory)];
      data = { list, offDays: new Set(list.map((h) => h.date)) };
      years.set(year, data);
    }
    return data;
  }

  function isWorkingDay(date: LocalDate): boolean {
    const o = overrides.get(date);
    if (o) return o.kind === 'work';
    return !isWeekend(date) && !yearData(ymd(date).y).offDays.has(date);
  }

  function step(date: LocalDate, dir: 1 | -1): LocalDate {
    let day = toEpochDay(date) + dir;
    while (!isWorkingDay(fromEpochDay(day))) day += dir;
    return fromEpochDay(day);
  }

  function holidays(year: number): Holiday[] {
    const own = yearData(year)
      .list.filter((h) => overrides.get(h.date)?.kind !== 'work')
      .map((h) => ({ ...h }));
    const dates = new Set(own.map((h) => h.date));
    const prefix = `${String(year).padStart(4, '0')}-`;
    for (const o of overrides.values()) {
      if (o.kind === 'off' && o.date.startsWith(prefix) && !dates.has(o.date)) {
        own.push({ date: o.date, name: o.note || 'Nghỉ theo thông báo', kind: 'override', note: o.note });
      }
    }
    return own.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  function holidaysOn(date: LocalDate): Holiday[] {
    return holidays(ymd(date).y).filter((h) => h.date === date);
  }

  function addWorkingDays(start: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new VnError('vn.days_invalid', `Số ngày làm việc phải là số nguyên: ${n}`);
    if (n === 0) return isWorkingDay(start) ? start : step(start, 1);
    const dir = n > 0 ? 1 : -1;
    let d = start;
    for (let i = 0; i < Math.abs(n); i++) d = step(d, dir);
    return d;
  }

  function workingDaysBetween(a: LocalDate, b: LocalDate): number {
    const from = toEpochDay(a);
    const to = toEpochDay(b);
    const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let day = lo + 1; day <= hi; day++) if (isWorkingDay(fromEpochDay(day))) count++;
    return sign * count;
  }

  return {
    holidays,
    holidaysOn,
    isWorkingDay,
    addWorkingDays,
    workingDaysBetween,
    nextWorkingDay: (date) => step(date, 1),
    previousWorkingDay: (date) => step(date, -1),
  };
}
