// Vietnamese lunar calendar, after Hồ Ngọc Đức's algorithm ("Âm lịch Việt Nam", public
// domain description of the astronomical method), computed for UTC+7. Accurate for the
// years the system deals with (1900–2199).
import { VnError } from './errors';
import { type LocalDate, makeLocalDate, ymd } from './dates';

export const VN_TIME_ZONE_HOURS = 7;
const TZ = VN_TIME_ZONE_HOURS;
const INT = Math.floor;
const dr = Math.PI / 180;

/** A lunar date: day, month (1–12), lunar year, and whether the month is the leap (nhuận) one. */
export interface LunarDate {
  day: number;
  month: number;
  year: number;
  leap: boolean;
}

/** Julian day number of a Gregorian date. */
export function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  return dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
}

/** Gregorian [day, month, year] of a Julian day number. */
export function jdToDate(jd: number): [number, number, number] {
  const a = jd + 32044;
  const b = INT((4 * a + 3) / 146097);
  const c = a - INT((b * 146097) / 4);
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  const day = e - INT((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * INT(m / 10);
  const year = b * 100 + d - 4800 + INT(m / 10);
  return [day, month, year];
}

/** Julian day (fractional, UT) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltaT;
}

/** Sun's ecliptic longitude (radians, 0..2π) at a fractional Julian day. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= Math.PI * 2 * INT(L / (Math.PI * 2));
  return L;
}

/** Solar term sector (0..11, 30° each) at the start of a local day. */
function sunSector(dayNumber: number): number {
  return INT((sunLongitude(dayNumber - 0.5 - TZ / 24) / Math.PI) * 6);
}

function newMoonDay(k: number): number {
  return INT(newMoon(k) + 0.5 + TZ / 24);
}

/** Julian day of the first day of lunar month 11 (the month holding the winter solstice) of year yy. */
function lunarMonth11(yy: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / 29.530588853);
  const nm = newMoonDay(k);
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** Offset (from month 11) of the leap month in a lunar year that starts at a11. */
function leapMonthOffset(a11: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a solar (Gregorian) LocalDate. */
export function solarToLunar(date: LocalDate): LunarDate {
  const { y: yy, m: mm, d: dd } = ymd(date);
  const dayNumber = jdFromDate(dd, mm, yy);
  const k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > dayNumber) monthStart = newMoonDay(k);
  let a11 = lunarMonth11(yy);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = lunarMonth11(yy - 1);
  } else {
    lunarYear = yy + 1;
    b11 = lunarMonth11(yy + 1);
  }
  const day = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/** The leap month (1–12) found between month 11 of solar year y and month 11 of y + 1, if any. */
function leapMonthAfter(y: number): number | null {
  const a11 = lunarMonth11(y);
  if (lunarMonth11(y + 1) - a11 <= 365) return null;
  const leapMonth = (leapMonthOffset(a11) - 2 + 12) % 12;
  return leapMonth === 0 ? 12 : leapMonth;
}

/** The lunar month that is doubled in a lunar year (1–12), or null when the year has none. */
export function leapMonthOf(lunarYear: number): number | null {
  const early = leapMonthAfter(lunarYear - 1); // months 11, 12 of the year before, 1–10 of this one
  if (early !== null && early <= 10) return early;
  const late = leapMonthAfter(lunarYear); // months 11, 12 of this year
  return late !== null && late >= 11 ? late : null;
}

/**
 * Index (for newMoonDay) of the new moon that starts a lunar month, or null when the year has
 * no such (leap) month.
 */
function monthNewMoonIndex(month: number, year: number, leap: boolean): number | null {
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1);
    b11 = lunarMonth11(year);
  } else {
    a11 = lunarMonth11(year);
    b11 = lunarMonth11(year + 1);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  return k + off;
}

function checkLunarArgs(day: number, month: number, year: number): boolean {
  return [day, month, year].every(Number.isInteger) && day >= 1 && day <= 30 && month >= 1 && month <= 12;
}

/** Number of days (29 or 30) of a lunar month; throws vn.lunar_invalid for a leap month the year lacks. */
export function lunarMonthLength(month: number, year: number, leap = false): number {
  const idx = checkLunarArgs(1, month, year) ? monthNewMoonIndex(month, year, leap) : null;
  if (idx === null) throw lunarInvalid(1, month, year, leap);
  return newMoonDay(idx + 1) - newMoonDay(idx);
}

function lunarInvalid(day: number, month: number, year: number, leap: boolean): VnError {
  return new VnError('vn.lunar_invalid', `Ngày âm lịch không hợp lệ: ${day}/${month}${leap ? ' nhuận' : ''}/${year}`);
}

/**
 * The solar date of a lunar date. Throws vn.lunar_invalid for a leap month that the year does
 * not have, or a day beyond the month's length (29 or 30).
 */
export function lunarToSolar(day: number, month: number, year: number, leap = false): LocalDate {
  const idx = checkLunarArgs(day, month, year) ? monthNewMoonIndex(month, year, leap) : null;
  if (idx === null) throw lunarInvalid(day, month, year, leap);
  const monthStart = newMoonDay(idx);
  if (day > newMoonDay(idx + 1) - monthStart) throw lunarInvalid(day, month, year, leap);
  const [d, m, y] = jdToDate(monthStart + day - 1);
  return makeLocalDate(y, m, d);
}

/** Tết Nguyên đán (mùng 1 tháng Giêng) of a year. */
export function lunarNewYear(year: number): LocalDate {
  return lunarToSolar(1, 1, year);
}

/** The last day of the lunar year that ends just before Tết of `year` (29 or 30 tháng Chạp). */
export function lunarNewYearEve(year: number): LocalDate {
  const { y, m, d } = ymd(lunarNewYear(year));
  const [dd, mm, yy] = jdToDate(jdFromDate(d, m, y) - 1);
  return makeLocalDate(yy, mm, dd);
}

const CAN = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'] as const;
const CHI = ['Tý', 'Sửu', 'Dần', 'Mão', 'Thìn', 'Tỵ', 'Ngọ', 'Mùi', 'Thân', 'Dậu', 'Tuất', 'Hợi'] as const;

/** The year's name in the sexagenary cycle, e.g. 2026 → 'Bính Ngọ'. */
export function lunarYearName(year: number): string {
  return `${CAN[(((year + 6) % 10) + 10) % 10]} ${CHI[(((year + 8) % 12) + 12) % 12]}`;
}
