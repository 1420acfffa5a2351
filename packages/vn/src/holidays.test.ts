import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar';
import { nationalDayAdjacent } from './holidays';

const calendar = createCalendar();
const brief = (year: number) => calendar.holidays(year).map((h) => `${h.date} ${h.kind} ${h.name}`);

describe('holidays(year)', () => {
  it('2025: Tết from 29 tháng Chạp (28/01) to mùng 4 (01/02, a Saturday → nghỉ bù 03/02)', () => {
    expect(brief(2025)).toEqual([
      '2025-01-01 statutory Tết Dương lịch',
      '2025-01-28 statutory Tết Nguyên đán',
      '2025-01-29 statutory Tết Nguyên đán',
      '2025-01-30 statutory Tết Nguyên đán',
      '2025-01-31 statutory Tết Nguyên đán',
      '2025-02-01 statutory Tết Nguyên đán',
      '2025-02-03 compensatory Nghỉ bù Tết Nguyên đán',
      '2025-04-07 statutory Giỗ Tổ Hùng Vương',
      '2025-04-30 statutory Ngày Chiến thắng',
      '2025-05-01 statutory Ngày Quốc tế lao động',
      '2025-09-01 statutory Quốc khánh',
      '2025-09-02 statutory Quốc khánh',
    ]);
  });

  it('2026: Tết 16–20/02 includes 17/02; Giỗ Tổ on Sunday 26/04 → nghỉ bù 27/04', () => {
    expect(brief(2026)).toEqual([
      '2026-01-01 statutory Tết Dương lịch',
      '2026-02-16 statutory Tết Nguyên đán',
      '2026-02-17 statutory Tết Nguyên đán',
      '2026-02-18 statutory Tết Nguyên đán',
      '2026-02-19 statutory Tết Nguyên đán',
      '2026-02-20 statutory Tết Nguyên đán',
      '2026-04-26 statutory Giỗ Tổ Hùng Vương',
      '2026-04-27 compensatory Nghỉ bù Giỗ Tổ Hùng Vương',
      '2026-04-30 statutory Ngày Chiến thắng',
      '2026-05-01 statutory Ngày Quốc tế lao động',
      '2026-09-01 statutory Quốc khánh',
      '2026-09-02 statutory Quốc khánh',
    ]);
    const tet = calendar.holidaysOn('2026-02-17');
    expect(tet).toEqual([{ date: '2026-02-17', name: 'Tết Nguyên đán', kind: 'statutory', note: 'Mùng 1 Tết' }]);
  });

  it('2027: Tết 05–09/02 with two weekend days → nghỉ bù 10 and 11/02; 1/5 on Saturday → 03/05', () => {
    expect(brief(2027)).toEqual([
      '2027-01-01 statutory Tết Dương lịch',
      '2027-02-05 statutory Tết Nguyên đán',
      '2027-02-06 statutory Tết Nguyên đán',
      '2027-02-07 statutory Tết Nguyên đán',
      '2027-02-08 statutory Tết Nguyên đán',
      '2027-02-09 statutory Tết Nguyên đán',
      '2027-02-10 compensatory Nghỉ bù Tết Nguyên đán',
      '2027-02-11 compensatory Nghỉ bù Tết Nguyên đán',
      '2027-04-16 statutory Giỗ Tổ Hùng Vương',
      '2027-04-30 statutory Ngày Chiến thắng',
      '2027-05-01 statutory Ngày Quốc tế lao động',
      '2027-05-03 compensatory Nghỉ bù Ngày Quốc tế lao động',
      '2027-09-02 statutory Quốc khánh',
      '2027-09-03 statutory Quốc khánh',
    ]);
  });

  it('chains compensatory days past other holidays (2023: Giỗ Tổ Sat 29/04, 30/04 Sun, 1/5 Mon → 02 and 03/05)', () => {
    const may = calendar.holidays(2023).filter((h) => h.date >= '2023-04-29' && h.date <= '2023-05-31');
    expect(may.map((h) => `${h.date} ${h.kind}`)).toEqual([
      '2023-04-29 statutory',
      '2023-04-30 statutory',
      '2023-05-01 statutory',
      '2023-05-02 compensatory',
      '2023-05-03 compensatory',
    ]);
    expect(calendar.isWorkingDay('2023-05-03')).toBe(false);
    expect(calendar.isWorkingDay('2023-05-04')).toBe(true);
  });

  it('returns copies: changing a result does not change the cached year', () => {
    calendar.holidays(2026)[0]!.name = 'x';
    expect(calendar.holidays(2026)[0]!.name).toBe('Tết Dương lịch');
  });
});

describe('Quốc khánh adjacent day (joins a weekend where possible)', () => {
  it('matches the announced days of 2021–2025 and follows the rule after', () => {
    expect(nationalDayAdjacent(2021)).toBe('2021-09-03'); // 2/9 Thursday
    expect(nationalDayAdjacent(2022)).toBe('2022-09-01'); // Friday
    expect(nationalDayAdjacent(2023)).toBe('2023-09-01'); // Saturday
    expect(nationalDayAdjacent(2024)).toBe('2024-09-03'); // Monday
    expect(nationalDayAdjacent(2025)).toBe('2025-09-01'); // Tuesday
    expect(nationalDayAdjacent(2026)).toBe('2026-09-01'); // Wednesday: the day before
  });

  it('2/9 on Sunday (2029): 03/09 Monday adjacent and 04/09 nghỉ bù', () => {
    const sep = calendar.holidays(2029).filter((h) => h.date.startsWith('2029-09'));
    expect(sep.map((h) => `${h.date} ${h.kind}`)).toEqual([
      '2029-09-02 statutory',
      '2029-09-03 statutory',
      '2029-09-04 compensatory',
    ]);
  });

  it('2/9 on Saturday (2023): 01/09 Friday adjacent and 04/09 nghỉ bù', () => {
    const sep = calendar.holidays(2023).filter((h) => h.date.startsWith('2023-09'));
    expect(sep.map((h) => `${h.date} ${h.kind}`)).toEqual([
      '2023-09-01 statutory',
      '2023-09-02 statutory',
      '2023-09-04 compensatory',
    ]);
  });
});
