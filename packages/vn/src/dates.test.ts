import { describe, expect, it } from 'vitest';
import { VnError } from './errors';
import {
  addDays,
  asLocalDate,
  dayOfWeek,
  dayOfWeekName,
  diffDays,
  formatDate,
  formatDateTime,
  isLocalDate,
  parseDate,
  todayVN,
} from './dates';

describe('formatDate', () => {
  it('formats a LocalDate as dd/mm/yyyy', () => {
    expect(formatDate('2025-01-29')).toBe('29/01/2025');
  });

  it('reads a Date in Vietnam time (UTC+7), not UTC or the machine zone', () => {
    // 17:30 UTC on 31/12/2024 is already 00:30 on 01/01/2025 in Hà Nội.
    expect(formatDate(new Date('2024-12-31T17:30:00Z'))).toBe('01/01/2025');
    expect(formatDate(new Date('2024-12-31T16:59:59Z'))).toBe('31/12/2024');
  });

  it('reads ISO date-times with an offset as instants, without one as Vietnam wall time', () => {
    expect(formatDate('2024-12-31T18:00:00Z')).toBe('01/01/2025');
    expect(formatDate('2025-03-10T23:30:00+07:00')).toBe('10/03/2025');
    expect(formatDate('2025-03-10T23:30')).toBe('10/03/2025');
  });

  it('rejects garbage with a coded error', () => {
    expect(() => formatDate('2025-02-30')).toThrowError(VnError);
    expect(() => formatDate('hôm nay')).toThrow(expect.objectContaining({ code: 'vn.date_invalid' }));
    expect(() => formatDate(new Date('x'))).toThrow(expect.objectContaining({ code: 'vn.date_invalid' }));
  });
});

describe('parseDate', () => {
  it('parses dd/mm/yyyy to YYYY-MM-DD', () => {
    expect(parseDate('29/01/2025')).toBe('2025-01-29');
    expect(parseDate(' 5/9/2025 ')).toBe('2025-09-05');
  });

  it('is strict about real dates and the format', () => {
    expect(parseDate('31/02/2025')).toBeNull();
    expect(parseDate('29/02/2025')).toBeNull();
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    expect(parseDate('32/01/2025')).toBeNull();
    expect(parseDate('01/13/2025')).toBeNull();
    expect(parseDate('2025-01-29')).toBeNull();
    expect(parseDate('01/01/25')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
});

describe('formatDateTime and todayVN', () => {
  it('formats an instant as dd/mm/yyyy HH:mm in Vietnam time', () => {
    expect(formatDateTime(new Date('2025-09-01T17:05:00Z'))).toBe('02/09/2025 00:05');
    expect(formatDateTime(new Date('2025-01-29T02:00:59Z'))).toBe('29/01/2025 09:00');
  });

  it('gives the Vietnam date of now', () => {
    expect(todayVN(new Date('2025-04-29T16:59:00Z'))).toBe('2025-04-29');
    expect(todayVN(new Date('2025-04-29T17:00:00Z'))).toBe('2025-04-30');
    expect(isLocalDate(todayVN())).toBe(true);
  });
});

describe('day arithmetic', () => {
  it('adds days across months, leap years and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(diffDays('2025-01-01', '2026-01-01')).toBe(365);
  });

  it('gives the day of the week (0 = Chủ nhật)', () => {
    expect(dayOfWeek('2025-01-29')).toBe(3);
    expect(dayOfWeekName('2025-01-29')).toBe('Thứ Tư');
    expect(dayOfWeek('2026-02-15')).toBe(0);
    expect(dayOfWeekName('2026-02-15')).toBe('Chủ nhật');
    expect(dayOfWeek('1969-12-31')).toBe(3);
  });

  it('validates LocalDate strings', () => {
    expect(isLocalDate('2025-04-30')).toBe(true);
    expect(isLocalDate('2025-04-31')).toBe(false);
    expect(isLocalDate('2025-4-30')).toBe(false);
    expect(asLocalDate('2025-04-30')).toBe('2025-04-30');
  });
});
