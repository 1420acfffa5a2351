import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar';
import {
  addWorkingMinutes,
  clockStart,
  createVersionedCalendar,
  dueAt,
  minutesPerDay,
  timeliness,
  vnClock,
  vnInstant,
  workingHours,
  workingMinutesBetween,
} from './working-hours';

const cal = createCalendar();
/** Vietnam local time "2026-02-13 16:00" → instant. */
const vn = (s: string) => {
  const [d, t] = s.split(' ');
  const [hh, mm] = t!.split(':').map(Number);
  return vnInstant(d!, hh! * 60 + mm!);
};
const show = (t: Date) => {
  const c = vnClock(t);
  return `${c.date} ${String(Math.floor(c.minute / 60)).padStart(2, '0')}:${String(c.minute % 60).padStart(2, '0')}`;
};
const H = 60;

describe('working-hours deadlines', () => {
  it('Vietnam time is UTC+7: 00:30 in Hà Nội is 17:30 UTC of the day before', () => {
    expect(vn('2026-03-02 00:30').toISOString()).toBe('2026-03-01T17:30:00.000Z');
    expect(vnClock(new Date('2026-03-01T17:30:00Z'))).toEqual({ date: '2026-03-02', minute: 30 });
    expect(minutesPerDay()).toBe(480);
  });

  it('runs across the lunch break: 10:30 + 2 h = 14:00, the break 11:30–13:00 not counted', () => {
    expect(show(addWorkingMinutes(cal, vn('2026-03-03 10:30'), 2 * H))).toBe('2026-03-03 14:00');
    expect(show(addWorkingMinutes(cal, vn('2026-03-03 10:30'), 1 * H))).toBe('2026-03-03 11:30');
    // Received in the lunch break: the clock starts at 13:00.
    expect(show(addWorkingMinutes(cal, vn('2026-03-03 12:10'), 30))).toBe('2026-03-03 13:30');
    expect(workingMinutesBetween(cal, vn('2026-03-03 10:30'), vn('2026-03-03 14:00'))).toBe(2 * H);
  });

  it('after-hours receipt starts the clock the next working morning; a period used up ends at its close', () => {
    expect(show(clockStart(cal, vn('2026-03-03 17:20')))).toBe('2026-03-04 07:30');
    expect(show(clockStart(cal, vn('2026-03-04 06:00')))).toBe('2026-03-04 07:30');
    expect(show(addWorkingMinutes(cal, vn('2026-03-03 17:20'), 3 * H))).toBe('2026-03-04 10:30');
    // 8 h from a morning start ends at 17:00 of the same day, never "07:30 tomorrow".
    expect(show(addWorkingMinutes(cal, vn('2026-03-04 07:30'), 8 * H))).toBe('2026-03-04 17:00');
    expect(show(dueAt(cal, vn('2026-03-04 19:00'), { unit: 'working_days', value: 1 }))).toBe('2026-03-05 17:00');
  });

  it('skips weekends: Friday 16:00 + 4 h = Monday 10:30', () => {
    expect(show(addWorkingMinutes(cal, vn('2026-03-06 16:00'), 4 * H))).toBe('2026-03-09 10:30');
    expect(show(clockStart(cal, vn('2026-03-07 09:00')))).toBe('2026-03-09 07:30');
    expect(workingMinutesBetween(cal, vn('2026-03-06 16:00'), vn('2026-03-09 10:30'))).toBe(4 * H);
    // 3 working days from Wednesday 14:00 → Monday 14:00.
    expect(show(dueAt(cal, vn('2026-03-04 14:00'), { unit: 'working_days', value: 3 }))).toBe('2026-03-09 14:00');
  });

  it('skips Tết Nguyên đán 2026 (16–20/2, with the weekends 14–22/2): Friday 13/2 16:00 + 8 h = Monday 23/2 16:00', () => {
    expect(show(addWorkingMinutes(cal, vn('2026-02-13 16:00'), 8 * H))).toBe('2026-02-23 16:00');
    expect(show(dueAt(cal, vn('2026-02-12 09:00'), { unit: 'working_days', value: 2 }))).toBe('2026-02-23 09:00');
    expect(show(clockStart(cal, vn('2026-02-17 10:00')))).toBe('2026-02-23 07:30');
    // Calendar days: 5 days from 12/2 is 17/2 (Mùng 1 Tết) → the close of the next working day.
    expect(show(dueAt(cal, vn('2026-02-12 09:00'), { unit: 'calendar_days', value: 5 }))).toBe('2026-02-23 17:00');
    expect(workingMinutesBetween(cal, vn('2026-02-13 07:30'), vn('2026-02-24 07:30'))).toBe(2 * 480);
  });

  it('skips Quốc khánh 2026 (Tue 1/9 and Wed 2/9): Mon 31/8 14:00 + 16 h = Fri 4/9 14:00', () => {
    expect(show(addWorkingMinutes(cal, vn('2026-08-31 14:00'), 16 * H))).toBe('2026-09-04 14:00');
    expect(show(clockStart(cal, vn('2026-08-31 17:05')))).toBe('2026-09-03 07:30');
  });

  it('pause and resume: the remaining working time is carried over the pause', () => {
    const received = vn('2026-03-02 08:00'); // Monday
    const due = dueAt(cal, received, { unit: 'working_days', value: 3 });
    expect(show(due)).toBe('2026-03-05 08:00');
    // Paused Tuesday 10:00 (a supplement request), resumed the next Monday 14:00.
    const pausedAt = vn('2026-03-03 10:00');
    const remaining = workingMinutesBetween(cal, pausedAt, due);
    expect(remaining).toBe(1.5 * H + 4 * H + 8 * H + 0.5 * H);
    const resumed = addWorkingMinutes(cal, vn('2026-03-09 14:00'), remaining);
    expect(show(resumed)).toBe('2026-03-11 10:30');
    // Used before the pause + after the resume = the whole limit.
    expect(
      workingMinutesBetween(cal, received, pausedAt) + workingMinutesBetween(cal, vn('2026-03-09 14:00'), resumed),
    ).toBe(3 * 480);
  });

  it('restart on supplement: the whole limit runs again from the receipt of the supplement', () => {
    const restarted = dueAt(cal, vn('2026-03-09 14:00'), { unit: 'working_days', value: 3 });
    expect(show(restarted)).toBe('2026-03-12 14:00');
  });

  it('configurable hours: 08:00–12:00 and 13:30–17:30', () => {
    const h = workingHours(['08:00-12:00', '13:30-17:30']);
    expect(show(addWorkingMinutes(cal, vn('2026-03-03 11:00'), 2 * H, h))).toBe('2026-03-03 14:30');
    expect(() => workingHours(['12:00-08:00'])).toThrow(/không hợp lệ/);
    expect(() => workingHours(['08:00-12:00', '11:00-13:00'])).toThrow(/không hợp lệ/);
  });

  it('early / on time / late', () => {
    const due = vn('2026-03-04 17:00');
    expect(timeliness(vn('2026-03-03 09:00'), due)).toBe('early');
    expect(timeliness(vn('2026-03-04 16:59'), due)).toBe('on_time');
    expect(timeliness(vn('2026-03-05 07:31'), due)).toBe('late');
    expect(timeliness(vn('2026-03-04 17:30'), due, 'day')).toBe('on_time');
  });

  it('versioned calendar: a day off announced later does not move a deadline given under the earlier version', () => {
    const v = createVersionedCalendar([
      { id: '2026.1', publishedAt: '2026-01-01', overrides: [] },
      {
        id: '2026.2',
        publishedAt: '2026-03-01',
        overrides: [{ date: '2026-03-10', kind: 'off', note: 'Nghỉ theo thông báo' }],
      },
    ]);
    expect(v.latest().id).toBe('2026.2');
    const received = vn('2026-03-09 08:00');
    const given = dueAt(v.get('2026.1'), received, { unit: 'working_days', value: 2 });
    expect(show(given)).toBe('2026-03-11 08:00');
    // Recomputed with the version it was given under: unchanged; the new version only for new deadlines.
    expect(show(dueAt(v.get('2026.1'), received, { unit: 'working_days', value: 2 }))).toBe('2026-03-11 08:00');
    expect(show(dueAt(v.latest().calendar, received, { unit: 'working_days', value: 2 }))).toBe('2026-03-12 08:00');
    expect(() => v.get('2025.9')).toThrow(/phiên bản/);
  });

  it('refuses a negative or fractional limit', () => {
    expect(() => addWorkingMinutes(cal, vn('2026-03-03 08:00'), -1)).toThrow();
    expect(() => dueAt(cal, vn('2026-03-03 08:00'), { unit: 'working_days', value: 1.5 })).toThrow();
  });
});
