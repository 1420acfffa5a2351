import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { weekStartOf } from './calendar.week';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => sys.stop());

type Week = {
  weekStart: string;
  canDraft: boolean;
  canApprove: boolean;
  entries: { id: string; content: string; status: string; changed: boolean; changeNote: string }[];
};

describe('the leaders’ work calendar of the week', () => {
  it('weeks start on Monday in Vietnam time', () => {
    expect(weekStartOf(new Date('2026-12-13T16:59:00Z'))).toBe('2026-12-07'); // Sunday 23:59 in Hà Nội
    expect(weekStartOf(new Date('2026-12-13T17:00:00Z'))).toBe('2026-12-14'); // Monday 00:00 in Hà Nội
  });

  it('the Office drafts, the Chánh Văn phòng approves and publishes, members see it; a later change is marked', async () => {
    const office = await sys.login('vanthu');
    const chief = await sys.login('chanhvp');
    const minister = await sys.login('botruong');
    const add = await office.post('/api/calendar/week/entries', {
      startsAt: '2026-12-14T08:00:00+07:00',
      endsAt: '2026-12-14T11:30:00+07:00',
      place: 'Phòng họp số 1',
      leaders: 'Bộ trưởng',
      content: 'Họp giao ban Bộ tháng 12',
      participants: 'Các Thứ trưởng, thủ trưởng các đơn vị',
      preparingUnit: 'Văn phòng Bộ',
    });
    expect(add.statusCode).toBe(200);
    expect(add.json().weekStart).toBe('2026-12-14');
    await office.post('/api/calendar/week/entries', {
      startsAt: '2026-12-16T14:00:00+07:00',
      leaders: 'Thứ trưởng',
      content: 'Làm việc với Sở Nội vụ tỉnh Bắc Ninh',
    });
    // Before approval the Bộ trưởng sees nothing of the draft; he cannot approve.
    expect(((await minister.get('/api/calendar/week?week=2026-12-16')).json() as Week).entries).toEqual([]);
    expect((await office.post('/api/calendar/week/approve', { week: '2026-12-14' })).statusCode).toBe(403);
    expect((await chief.post('/api/calendar/week/approve', { week: '2026-12-14' })).statusCode).toBe(404);
    expect((await office.post('/api/calendar/week/submit', { week: '2026-12-17' })).json().count).toBe(2);
    expect((await chief.post('/api/calendar/week/approve', { week: '2026-12-14' })).json().count).toBe(2);
    const seen = (await minister.get('/api/calendar/week?week=2026-12-18')).json() as Week;
    expect(seen).toMatchObject({ weekStart: '2026-12-14', canDraft: false, canApprove: false });
    expect(seen.entries.map((e) => [e.content, e.status])).toEqual([
      ['Họp giao ban Bộ tháng 12', 'published'],
      ['Làm việc với Sở Nội vụ tỉnh Bắc Ninh', 'published'],
    ]);
    // A change after publication needs its note and is marked.
    const id = seen.entries[1]!.id;
    expect((await office.patch(`/api/calendar/week/entries/${id}`, { place: 'Trụ sở UBND tỉnh' })).statusCode).toBe(
      400,
    );
    expect(
      (
        await office.patch(`/api/calendar/week/entries/${id}`, {
          startsAt: '2026-12-17T08:00:00+07:00',
          changeNote: 'Chuyển sang sáng thứ Năm',
        })
      ).statusCode,
    ).toBe(204);
    const after = (await minister.get('/api/calendar/week?week=2026-12-14')).json() as Week;
    expect(after.entries.find((e) => e.id === id)).toMatchObject({
      changed: true,
      changeNote: 'Chuyển sang sáng thứ Năm',
    });
    // Printed as a week grid: published entries by day, the change marked (pdftotext reads the Vietnamese back).
    const pdf = await minister.get('/api/calendar/week.pdf?week=2026-12-15');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf.rawPayload }).toString('utf8');
    for (const s of [
      'LỊCH CÔNG TÁC TUẦN',
      '(Từ ngày 14/12/2026 đến ngày 20/12/2026)',
      'Thứ Hai, 14/12/2026',
      'Họp giao ban Bộ tháng 12',
      'Thứ Năm, 17/12/2026',
      '(Thay đổi: Chuyển sang',
    ])
      expect(text).toContain(s);
    expect(text.indexOf('Thứ Năm, 17/12/2026')).toBeLessThan(text.indexOf('Làm việc với Sở Nội vụ'));
    // Specialists neither draft nor approve; another organ's entry is not found.
    const cv = await sys.login('chuyenvien.pc');
    expect(
      (await cv.post('/api/calendar/week/entries', { startsAt: '2026-12-14T08:00:00+07:00', content: 'x' })).statusCode,
    ).toBe(403);
    expect((await office.post('/api/calendar/week/entries', { startsAt: 'thứ hai', content: 'x' })).statusCode).toBe(
      400,
    );
  });
});
