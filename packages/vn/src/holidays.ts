// Statutory public holidays (Bộ luật Lao động 2019, Điều 112) and compensatory days off
// (Điều 111 khoản 3) for bodies that work Monday–Friday. Pure rules; overrides live in calendar.ts.
import { type LocalDate, addDays, dayOfWeek, dayOfWeekName, formatDate, isWeekend, makeLocalDate } from './dates';
import { lunarNewYear, lunarNewYearEve, lunarToSolar, solarToLunar } from './lunar';

export type HolidayKind = 'statutory' | 'compensatory' | 'override';

export interface Holiday {
  date: LocalDate;
  /** Vietnamese name, e.g. 'Tết Nguyên đán', 'Nghỉ bù Quốc khánh'. */
  name: string;
  kind: HolidayKind;
  /** Detail for display, e.g. 'Mùng 1 Tết', 'Ngày liền kề Quốc khánh', an override's note. */
  note?: string;
}

export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  victory: 'Ngày Chiến thắng',
  labour: 'Ngày Quốc tế lao động',
  national: 'Quốc khánh',
} as const;

/**
 * The day that joins 2/9 (Quốc khánh has "2/9 and one adjacent day, 1/9 or 3/9"). Rule: the
 * adjacent day is a weekday, chosen to join the break to a weekend where possible:
 * 2/9 on Mon → 3/9; Tue → 1/9; Wed → 1/9 (no weekend either way: the day before);
 * Thu → 3/9; Fri → 1/9 (3/9 is a Saturday); Sat → 1/9 (Fri); Sun → 3/9 (Mon).
 */
export function nationalDayAdjacent(year: number): LocalDate {
  const sep2 = makeLocalDate(year, 9, 2);
  const useAfter = [0, 1, 4].includes(dayOfWeek(sep2)); // Sun, Mon, Thu
  return addDays(sep2, useAfter ? 1 : -1);
}

/** The statutory holidays of a solar year, in date order (weekend ones included). */
export function statutoryHolidays(year: number): Holiday[] {
  const s = (date: LocalDate, name: string, note?: string): Holiday =>
    note === undefined ? { date, name, kind: 'statutory' } : { date, name, kind: 'statutory', note };
  const tet = lunarNewYear(year);
  const eve = lunarNewYearEve(year);
  const list: Holiday[] = [
    s(makeLocalDate(year, 1, 1), HOLIDAY_NAMES.newYear),
    s(eve, HOLIDAY_NAMES.tet, `${solarToLunar(eve).day} tháng Chạp`),
    ...[0, 1, 2, 3].map((i) => s(addDays(tet, i), HOLIDAY_NAMES.tet, `Mùng ${i + 1} Tết`)),
    s(lunarToSolar(10, 3, year), HOLIDAY_NAMES.hungKings, '10/3 âm lịch'),
    s(makeLocalDate(year, 4, 30), HOLIDAY_NAMES.victory),
    s(makeLocalDate(year, 5, 1), HOLIDAY_NAMES.labour),
    s(makeLocalDate(year, 9, 2), HOLIDAY_NAMES.national),
    s(nationalDayAdjacent(year), HOLIDAY_NAMES.national, 'Ngày liền kề Quốc khánh'),
  ];
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Compensatory days: each statutory holiday date on a Saturday or Sunday gives one day off on
 * the next weekday that is neither a holiday nor already a compensatory day.
 */
export function compensatoryDays(statutory: readonly Holiday[]): Holiday[] {
  const taken = new Set(statutory.map((h) => h.date));
  const seen = new Set<LocalDate>();
  const result: Holiday[] = [];
  for (const h of statutory) {
    if (!isWeekend(h.date) || seen.has(h.date)) continue;
    seen.add(h.date);
    let d = addDays(h.date, 1);
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    taken.add(d);
    const note = `Bù cho ${dayOfWeekName(h.date)} ${formatDate(h.date)}`;
    result.push({ date: d, name: `Nghỉ bù ${h.name}`, kind: 'compensatory', note });
  }
  return result;
}
