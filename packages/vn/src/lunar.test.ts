import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import {
  leapMonthOf,
  lunarMonthLength,
  lunarNewYear,
  lunarNewYearEve,
  lunarToSolar,
  lunarYearName,
  solarToLunar,
} from './lunar';

describe('lunarNewYear (Tết Nguyên đán)', () => {
  it('matches the published dates', () => {
    expect(lunarNewYear(2023)).toBe('2023-01-22');
    expect(lunarNewYear(2024)).toBe('2024-02-10');
    expect(lunarNewYear(2025)).toBe('2025-01-29');
    expect(lunarNewYear(2026)).toBe('2026-02-17');
    expect(lunarNewYear(2027)).toBe('2027-02-06');
  });

  it('knows the last day of the lunar year (29 or 30 tháng Chạp)', () => {
    expect(lunarNewYearEve(2026)).toBe('2026-02-16');
    expect(solarToLunar('2026-02-16')).toEqual({ day: 29, month: 12, year: 2025, leap: false });
    expect(solarToLunar(lunarNewYearEve(2024))).toEqual({ day: 30, month: 12, year: 2023, leap: false });
  });
});

describe('Giỗ Tổ Hùng Vương (10/3 âm lịch)', () => {
  it('matches the published dates', () => {
    expect(lunarToSolar(10, 3, 2023)).toBe('2023-04-29');
    expect(lunarToSolar(10, 3, 2025)).toBe('2025-04-07');
    expect(lunarToSolar(10, 3, 2026)).toBe('2026-04-26');
    expect(lunarToSolar(10, 3, 2027)).toBe('2027-04-16');
  });
});

describe('leap months', () => {
  it('finds the leap month of a year (2025: tháng 6 nhuận, from 25/07/2025)', () => {
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2026)).toBeNull();
    expect(leapMonthOf(2033)).toBe(11);
    expect(lunarToSolar(1, 6, 2025, true)).toBe('2025-07-25');
    expect(lunarToSolar(1, 6, 2025)).toBe('2025-06-25');
    expect(solarToLunar('2025-07-25')).toEqual({ day: 1, month: 6, year: 2025, leap: true });
  });

  it('rejects a leap month the year does not have, and day 30 of a 29-day month', () => {
    expect(() => lunarToSolar(1, 5, 2025, true)).toThrow(expect.objectContaining({ code: 'vn.lunar_invalid' }));
    expect(() => lunarToSolar(1, 1, 2026, true)).toThrow(expect.objectContaining({ code: 'vn.lunar_invalid' }));
    expect(lunarMonthLength(12, 2025)).toBe(29);
    expect(() => lunarToSolar(30, 12, 2025)).toThrow(expect.objectContaining({ code: 'vn.lunar_invalid' }));
    expect(() => lunarToSolar(1, 13, 2025)).toThrow(expect.objectContaining({ code: 'vn.lunar_invalid' }));
  });
});

describe('solar ↔ lunar round trip', () => {
  it('converts every day of 2024–2027 there and back', () => {
    let d = '2024-01-01';
    let previous = solarToLunar(addDays(d, -1));
    while (d <= '2027-12-31') {
      const l = solarToLunar(d);
      expect(lunarToSolar(l.day, l.month, l.year, l.leap)).toBe(d);
      // consecutive days: the lunar day advances by one or a new month starts
      if (l.day !== 1) expect(l.day).toBe(previous.day + 1);
      previous = l;
      d = addDays(d, 1);
    }
  });

  it('names the year in the sexagenary cycle', () => {
    expect(lunarYearName(2025)).toBe('Ất Tỵ');
    expect(lunarYearName(2026)).toBe('Bính Ngọ');
    expect(lunarYearName(1945)).toBe('Ất Dậu');
  });
});
