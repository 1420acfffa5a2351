import { describe, expect, it } from 'vitest';
import { type CalendarOverride, createCalendar } from './calendar';
import { addDays } from './dates';

const plain = createCalendar();

// The announced 2025 Tết arrangement, entered as overrides: Monday 27/01 off, Saturday 08/02 worked.
const swap2025: CalendarOverride[] = [
  { date: '2025-01-27', kind: 'off', note: 'Nghỉ hoán đổi dịp Tết Ất Tỵ' },
  { date: '2025-02-08', kind: 'work', note: 'Làm bù cho thứ Hai 27/01' },
];

describe('isWorkingDay', () => {
  it('is false on weekends, holidays and compensatory days; true on ordinary weekdays', () => {
    expect(plain.isWorkingDay('2026-02-13')).toBe(true); // Friday before Tết
    expect(plain.isWorkingDay('2026-02-14')).toBe(false); // Saturday
    expect(plain.isWorkingDay('2026-02-17')).toBe(false); // mùng 1 Tết
    expect(plain.isWorkingDay('2026-04-27')).toBe(false); // nghỉ bù Giỗ Tổ
    expect(plain.isWorkingDay('2026-02-23')).toBe(true);
  });
});

describe('addWorkingDays (deadlines)', () => {
  it('a 5-working-day deadline started before Tết 2026 skips the whole break', () => {
    // Fri 13/02 → Tết 16–20/02 and two weekends are skipped: 23, 24, 25, 26, 27/02.
    expect(plain.addWorkingDays('2026-02-13', 5)).toBe('2026-02-27');
    // Thu 12/02 → 13/02 counts as 1, then 23–26/02.
    expect(plain.addWorkingDays('2026-02-12', 5)).toBe('2026-02-26');
  });

  it('counts the first working day after start as 1, also from a day off', () => {
    expect(plain.addWorkingDays('2025-06-02', 1)).toBe('2025-06-03'); // Mon → Tue
    expect(plain.addWorkingDays('2025-06-07', 1)).toBe('2025-06-09'); // Sat → Mon
    expect(plain.addWorkingDays('2025-04-29', 1)).toBe('2025-05-02'); // before 30/4 and 1/5
  });

  it('n = 0 keeps a working start and moves a day off to the next working day', () => {
    expect(plain.addWorkingDays('2025-06-02', 0)).toBe('2025-06-02');
    expect(plain.addWorkingDays('2026-02-17', 0)).toBe('2026-02-23');
  });

  it('counts back with a negative n and rejects fractions', () => {
    expect(plain.addWorkingDays('2026-02-23', -1)).toBe('2026-02-13');
    expect(() => plain.addWorkingDays('2026-02-23', 1.5)).toThrow(expect.objectContaining({ code: 'vn.days_invalid' }));
  });

  it('never lands on a day off, and workingDaysBetween inverts it (every start of 2025–2027, n = 1..10)', () => {
    for (let d = '2025-01-01'; d <= '2027-12-31'; d = addDays(d, 1)) {
      for (let n = 1; n <= 10; n++) {
        const due = plain.addWorkingDays(d, n);
        if (!plain.isWorkingDay(due) || plain.workingDaysBetween(d, due) !== n) {
          throw new Error(`${d} + ${n} → ${due}`);
        }
      }
    }
  });
});

describe('overrides', () => {
  const swapped = createCalendar({ overrides: swap2025 });

  it('a swapped Saturday counts as a working day', () => {
    expect(plain.isWorkingDay('2025-02-08')).toBe(false);
    expect(swapped.isWorkingDay('2025-02-08')).toBe(true);
    expect(swapped.addWorkingDays('2025-02-07', 1)).toBe('2025-02-08');
    expect(plain.addWorkingDays('2025-02-07', 1)).toBe('2025-02-10');
  });

  it('an extra day off is skipped and listed as an override', () => {
    expect(plain.addWorkingDays('2025-01-24', 1)).toBe('2025-01-27');
    // 27/01 off, 28/01–01/02 Tết, weekend, 03/02 nghỉ bù → 04/02.
    expect(swapped.addWorkingDays('2025-01-24', 1)).toBe('2025-02-04');
    expect(swapped.holidaysOn('2025-01-27')).toEqual([
      {
        date: '2025-01-27',
        name: 'Nghỉ hoán đổi dịp Tết Ất Tỵ',
        kind: 'override',
        note: 'Nghỉ hoán đổi dịp Tết Ất Tỵ',
      },
    ]);
    expect(swapped.holidays(2025)).toHaveLength(plain.holidays(2025).length + 1);
  });

  it("a 'work' override on a computed day off makes it a working day and removes it from the list", () => {
    const cal = createCalendar({
      overrides: [{ date: '2025-02-03', kind: 'work', note: 'Không nghỉ bù theo thông báo' }],
    });
    expect(cal.isWorkingDay('2025-02-03')).toBe(true);
    expect(cal.holidays(2025).some((h) => h.date === '2025-02-03')).toBe(false);
  });

  it('rejects a malformed override with a coded error', () => {
    expect(() => createCalendar({ overrides: [{ date: '2025-02-30', kind: 'off', note: '' }] })).toThrow(
      expect.objectContaining({ code: 'vn.calendar.override_invalid' }),
    );
  });
});

describe('workingDaysBetween, nextWorkingDay, previousWorkingDay', () => {
  it('counts working days in (a, b], negative when reversed', () => {
    expect(plain.workingDaysBetween('2026-02-13', '2026-02-27')).toBe(5);
    expect(plain.workingDaysBetween('2026-02-27', '2026-02-13')).toBe(-5);
    expect(plain.workingDaysBetween('2026-02-13', '2026-02-13')).toBe(0);
    // 2026 has 261 weekdays; 11 of them are days off (1/1, Tết ×5, 27/4, 30/4, 1/5, 1/9, 2/9).
    expect(plain.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(261 - 11);
  });

  it('finds the next and previous working day strictly around a date', () => {
    expect(plain.nextWorkingDay('2026-02-13')).toBe('2026-02-23');
    expect(plain.nextWorkingDay('2026-02-23')).toBe('2026-02-24');
    expect(plain.previousWorkingDay('2026-02-23')).toBe('2026-02-13');
    expect(plain.nextWorkingDay('2025-12-31')).toBe('2026-01-02');
  });
});
