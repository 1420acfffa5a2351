// Local dates of Vietnam (Asia/Ho_Chi_Minh). Vietnam has kept UTC+7 without daylight saving
// since 1975, so the conversion is a fixed offset: no time-zone database needed (browser-safe).
import { VnError } from './errors';

/** A calendar date in Vietnam, written 'YYYY-MM-DD'. */
export type LocalDate = string;

export const VN_UTC_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VN_UTC_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

const pad2 = (n: number): string => String(n).padStart(2, '0');

function invalidDate(input: unknown): VnError {
  return new VnError('vn.date_invalid', `Ngày không hợp lệ: ${String(input)}`);
}

/** True when y-m-d is a real Gregorian date. */
export function isValidYmd(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return false;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function makeLocalDate(y: number, m: number, d: number): LocalDate {
  if (!isValidYmd(y, m, d)) throw invalidDate(`${y}-${m}-${d}`);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** True for a well-formed, real 'YYYY-MM-DD' date. */
export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  return !!m && isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Split a LocalDate into numbers; throws vn.date_invalid. */
export function ymd(date: LocalDate): { y: number; m: number; d: number } {
  const m = ISO_DATE.exec(date);
  if (!m || !isValidYmd(Number(m[1]), Number(m[2]), Number(m[3]))) throw invalidDate(date);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

/** Days since 1970-01-01 (the epoch day) of a LocalDate. */
export function toEpochDay(date: LocalDate): number {
  const { y, m, d } = ymd(date);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromEpochDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Vietnam calendar date of an instant. */
export function toLocalDate(instant: Date): LocalDate {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw invalidDate(instant);
  return new Date(t + OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Any accepted date input → LocalDate. A Date is read in Vietnam time; 'YYYY-MM-DD' is taken
 * as is; an ISO date-time with Z or an offset is an instant (read in Vietnam time); a date-time
 * without an offset is Vietnam wall-clock time, so its date part is kept.
 */
export function asLocalDate(input: Date | string): LocalDate {
  if (input instanceof Date) return toLocalDate(input);
  const m = ISO_DATE_PREFIX.exec(input.trim());
  if (!m) throw invalidDate(input);
  const datePart = m[1]!;
  if (!isLocalDate(datePart)) throw invalidDate(input);
  if (m[3]) return toLocalDate(new Date(input.trim()));
  return datePart;
}

/** dd/mm/yyyy, e.g. formatDate('2025-01-29') → '29/01/2025'. */
export function formatDate(input: Date | string): string {
  const { y, m, d } = ymd(asLocalDate(input));
  return `${pad2(d)}/${pad2(m)}/${String(y).padStart(4, '0')}`;
}

/** 'dd/mm/yyyy HH:mm' in Vietnam time. */
export function formatDateTime(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw invalidDate(instant);
  const iso = new Date(t + OFFSET_MS).toISOString();
  return `${formatDate(iso.slice(0, 10))} ${iso.slice(11, 16)}`;
}

/**
 * Strict parse of 'dd/mm/yyyy' (day and month may have one digit; surrounding spaces ignored)
 * → 'YYYY-MM-DD', or null when malformed or not a real date (31/02/2025 → null).
 */
export function parseDate(s: string): LocalDate | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidYmd(y, mo, d) ? makeLocalDate(y, mo, d) : null;
}

/** Today's date in Vietnam. */
export function todayVN(now: Date = new Date()): LocalDate {
  return toLocalDate(now);
}

export function addDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new VnError('vn.days_invalid', `Số ngày phải là số nguyên: ${n}`);
  return fromEpochDay(toEpochDay(date) + n);
}

/** Calendar days from a to b (b − a). */
export function diffDays(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** 0 = Sunday (Chủ nhật), 1 = Monday (Thứ Hai) … 6 = Saturday (Thứ Bảy), as Date#getDay. */
export function dayOfWeek(date: LocalDate): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

const DAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

/** 'Thứ Hai' … 'Chủ nhật'. */
export function dayOfWeekName(date: LocalDate): string {
  return DAY_NAMES[dayOfWeek(date)]!;
}

export function isWeekend(date: LocalDate): boolean {
  const w = dayOfWeek(date);
  return w === 0 || w === 6;
}
