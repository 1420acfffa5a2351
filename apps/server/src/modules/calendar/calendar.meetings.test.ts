import ICAL from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import type { AppError } from '../../http/errors';
import type { Principal } from '../auth';
import { JobWorker } from '../jobs';
import { startTestSmtp, type TestSmtp } from '../notify/notify.smtp.testkit';
import { answerMeeting, bookMeeting, createRoom } from './calendar.meetings';
import { runMeetingReminders } from './calendar.reminders';

let sys: TestSystem;
let smtp: TestSmtp;
let organId: string;
const U: Record<string, string> = {};
const as = (username: string, roles: string[] = []): Principal => ({
  userId: U[username]!,
  organId,
  username,
  fullName: username,
  sysadmin: false,
  clearance: 'thuong',
  roles: new Set(roles) as Principal['roles'],
  unitIds: [],
  via: 'session',
});
const actor = () => ({ userId: U.vanthu!, name: 'Trần Thị Thư', organId });
const at = (s: string) => new Date(`${s}+07:00`);

beforeAll(async () => {
  sys = await createTestSystem();
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
  organId = (
    await sys.deps.db.selectFrom('organs').select('id').where('code', '=', '000.00.00.G09').executeTakeFirstOrThrow()
  ).id;
  for (const u of await sys.deps.db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('organ_id', '=', organId)
    .execute())
    U[u.username] = u.id;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
  await sys.stop();
});

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

describe('meetings', () => {
  it('a room cannot be double-booked; a leader in two places at once is a conflict; a deputy resolves it', async () => {
    const clerk = as('vanthu', ['clerk']);
    const r1 = await createRoom(sys.deps, clerk, actor(), {
      name: 'Phòng họp số 1',
      capacity: 30,
      equipment: ['máy chiếu', 'truyền hình trực tuyến'],
    });
    const r2 = await createRoom(sys.deps, clerk, actor(), { name: 'Phòng họp số 2', capacity: 10, equipment: [] });
    await bookMeeting(sys.deps, clerk, actor(), {
      title: 'Giao ban Bộ',
      roomId: r1.id,
      chairId: U.botruong!,
      startsAt: at('2026-03-10T08:00:00'),
      endsAt: at('2026-03-10T10:00:00'),
      attendees: [{ userId: U.thutruong! }, { userId: U['vutruong.pc']! }],
    });
    // Same room, overlapping time.
    const room = await refused(
      bookMeeting(sys.deps, clerk, actor(), {
        title: 'Họp Vụ Tổ chức cán bộ',
        roomId: r1.id,
        startsAt: at('2026-03-10T09:00:00'),
        endsAt: at('2026-03-10T11:00:00'),
        attendees: [{ userId: U['vutruong.tccb']! }],
        force: true,
      }),
    );
    expect(room.status).toBe(409);
    expect(room.code).toBe('calendar.conflict');
    expect(room.message).toContain('phòng Phòng họp số 1 đã được đặt cho "Giao ban Bộ"');
    // The same leader (required) elsewhere at the same time.
    const leader = await refused(
      bookMeeting(sys.deps, clerk, actor(), {
        title: 'Làm việc với Sở Nội vụ',
        roomId: r2.id,
        startsAt: at('2026-03-10T09:30:00'),
        endsAt: at('2026-03-10T10:30:00'),
        attendees: [{ userId: U.thutruong! }],
      }),
    );
    expect(leader.code).toBe('calendar.conflict');
    expect(leader.message).toContain('người dự Vũ Chiến Thắng đang có lịch "Giao ban Bộ"');
    expect((leader.details as { conflicts: { kind: string; userId: string }[] }).conflicts).toEqual([
      expect.objectContaining({ kind: 'participant', userId: U.thutruong }),
    ]);
    // Back-to-back is not a conflict.
    await bookMeeting(sys.deps, clerk, actor(), {
      title: 'Tiếp khách',
      roomId: r1.id,
      startsAt: at('2026-03-10T10:00:00'),
      endsAt: at('2026-03-10T10:30:00'),
      attendees: [],
    });
    // The Thứ trưởng sends a deputy to Giao ban: free for the other meeting, and the deputy is now busy.
    const giaoBan = await sys.deps.db
      .selectFrom('calendar_meetings')
      .select('id')
      .where('title', '=', 'Giao ban Bộ')
      .executeTakeFirstOrThrow();
    await answerMeeting(
      sys.deps,
      as('thutruong'),
      { userId: U.thutruong!, name: 'Vũ Chiến Thắng', organId },
      giaoBan.id,
      { answer: 'deputy', deputyId: U['vutruong.tccb']! },
    );
    const ok = await bookMeeting(sys.deps, clerk, actor(), {
      title: 'Làm việc với Sở Nội vụ',
      roomId: r2.id,
      startsAt: at('2026-03-10T09:30:00'),
      endsAt: at('2026-03-10T10:30:00'),
      attendees: [{ userId: U.thutruong! }],
    });
    expect(ok.ids).toHaveLength(1);
    const deputyBusy = await refused(
      bookMeeting(sys.deps, clerk, actor(), {
        title: 'Họp chi bộ',
        roomId: r2.id,
        startsAt: at('2026-03-10T08:30:00'),
        endsAt: at('2026-03-10T09:00:00'),
        attendees: [{ userId: U['vutruong.tccb']! }],
      }),
    );
    expect(deputyBusy.message).toContain('Hoàng Thị Tổ');
    // Room too small; nobody may book without rights.
    expect(
      (
        await refused(
          bookMeeting(sys.deps, clerk, actor(), {
            title: 'Hội nghị',
            roomId: r2.id,
            startsAt: at('2026-03-11T08:00:00'),
            endsAt: at('2026-03-11T09:00:00'),
            attendees: Object.values(U).map((userId) => ({ userId, required: false })),
          }),
        )
      ).code,
    ).toBe('calendar.room_too_small');
    expect(
      (
        await refused(
          bookMeeting(sys.deps, as('chuyenvien.pc', ['specialist']), actor(), {
            title: 'x',
            startsAt: at('2026-03-11T08:00:00'),
            endsAt: at('2026-03-11T09:00:00'),
            attendees: [],
          }),
        )
      ).status,
    ).toBe(403);
  });

  it('a weekly series across Tết 2026 skips the Tết holidays', async () => {
    const clerk = as('vanthu', ['clerk']);
    // Tuesdays 03/02 … 03/03/2026; Mùng 1 Tết Bính Ngọ is Tuesday 17/02/2026.
    const r = await bookMeeting(sys.deps, clerk, actor(), {
      title: 'Giao ban tuần',
      place: 'Phòng họp tầng 5',
      chairId: U.chanhvp!,
      startsAt: at('2026-02-03T14:00:00'),
      endsAt: at('2026-02-03T15:00:00'),
      attendees: [{ userId: U['chuyenvien.pc']! }],
      rrule: 'FREQ=WEEKLY;COUNT=5',
    });
    expect(r.skipped.map((s) => s.date)).toEqual(['2026-02-17']);
    const rows = await sys.deps.db
      .selectFrom('calendar_meetings')
      .select('starts_at')
      .where('series_id', '=', r.seriesId!)
      .orderBy('starts_at')
      .execute();
    expect(rows.map((x) => new Date(x.starts_at.getTime() + 7 * 3600_000).toISOString().slice(0, 10))).toEqual([
      '2026-02-03',
      '2026-02-10',
      '2026-02-24',
      '2026-03-03',
    ]);
    expect(
      (
        await refused(
          bookMeeting(sys.deps, clerk, actor(), {
            title: 'Vô hạn',
            startsAt: at('2026-04-01T08:00:00'),
            endsAt: at('2026-04-01T09:00:00'),
            attendees: [],
            rrule: 'FREQ=WEEKLY',
          }),
        )
      ).code,
    ).toBe('calendar.rrule_invalid');
  });

  it('the invitation mail reaches SMTP with an .ics (METHOD:REQUEST) that an iCalendar parser reads back', async () => {
    const before = smtp.count;
    const r = await bookMeeting(sys.deps, as('vanthu', ['clerk']), actor(), {
      title: 'Họp thẩm định đề án — lần 2',
      place: 'Phòng họp B',
      chairId: U.botruong!,
      startsAt: at('2026-03-20T08:00:00'),
      endsAt: at('2026-03-20T09:30:00'),
      attendees: [{ userId: U['vutruong.pc']! }],
    });
    const worker = new JobWorker(sys.deps.db, sys.deps.jobs, { backoffBaseMs: 5 });
    while ((await worker.runOnce()) > 0) {
      /* drain */
    }
    await smtp.waitFor(before + 1);
    const mail = smtp.received.find((m) => m.parsed.subject === 'Giấy mời họp: Họp thẩm định đề án — lần 2')!;
    expect(mail.rcpt).toEqual(['vutruong.pc@demo.vanthu.vn']);
    const icsPart = mail.parsed.attachments.find(
      (a) => a.contentType.startsWith('text/calendar') || a.filename === 'invite.ics',
    )!;
    expect(icsPart).toBeDefined();
    const text = icsPart.content.toString('utf8');
    expect(text).toMatch(/METHOD:REQUEST/);
    const parsed = ICAL.sync.parseICS(text);
    const ev = Object.values(parsed).find((c) => c?.type === 'VEVENT') as ICAL.VEvent;
    expect(ev.uid).toBe(`${r.ids[0]}@vanthu`);
    expect(String(ev.summary)).toBe('Họp thẩm định đề án — lần 2');
    expect(new Date(ev.start).toISOString()).toBe('2026-03-20T01:00:00.000Z');
    expect(String(ev.location)).toBe('Phòng họp B');
  });
});

describe('meetings over HTTP', () => {
  it('books through the API: a room conflict is a 409 naming the other meeting; answers and the .ics', async () => {
    const clerk = await sys.login('vanthu');
    const room = await clerk.post('/api/calendar/rooms', { name: 'Phòng họp tầng 3', capacity: 12 });
    expect(room.statusCode).toBe(200);
    const body = {
      title: 'Họp triển khai kế hoạch năm 2027',
      roomId: room.json().id,
      chairId: U.chanhvp,
      startsAt: '2026-12-15T08:00:00+07:00',
      endsAt: '2026-12-15T09:30:00+07:00',
      attendees: [{ userId: U['chuyenvien.pc'] }],
    };
    const ok = await clerk.post('/api/calendar/meetings', body);
    expect(ok.statusCode).toBe(200);
    const id = ok.json().ids[0] as string;
    const clash = await clerk.post('/api/calendar/meetings', {
      ...body,
      title: 'Họp khác',
      chairId: null,
      attendees: [],
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('calendar.conflict');
    expect(clash.json().details.conflicts).toEqual([expect.objectContaining({ kind: 'room', meetingId: id })]);
    expect(
      (await clerk.post('/api/calendar/meetings', { ...body, startsAt: 'ngày mai', endsAt: 'ngày kia' })).statusCode,
    ).toBe(400);
    const cv = await sys.login('chuyenvien.pc');
    const list = await cv.get('/api/calendar/meetings?from=2026-12-14T00:00:00%2B07:00&to=2026-12-21T00:00:00%2B07:00');
    expect(list.statusCode).toBe(200);
    const m = (list.json() as { id: string; myAnswer: string; place: string }[]).find((x) => x.id === id)!;
    expect(m).toMatchObject({ myAnswer: 'pending', place: 'Phòng họp tầng 3' });
    expect((await cv.post(`/api/calendar/meetings/${id}/answer`, { answer: 'attend' })).statusCode).toBe(200);
    // Somebody not invited cannot answer; a specialist cannot book.
    expect((await clerk.post(`/api/calendar/meetings/${id}/answer`, { answer: 'attend' })).statusCode).toBe(404);
    expect((await cv.post('/api/calendar/meetings', { ...body, roomId: null })).statusCode).toBe(403);
    const ics = await cv.get(`/api/calendar/meetings/${id}/invite.ics`);
    expect(ics.headers['content-type']).toContain('text/calendar');
    const ev = Object.values(ICAL.sync.parseICS(ics.body)).find((c) => c?.type === 'VEVENT') as ICAL.VEvent;
    expect(String(ev.summary)).toBe('Họp triển khai kế hoạch năm 2027');
    expect(new Date(ev.start).toISOString()).toBe('2026-12-15T01:00:00.000Z');
  });
});

describe('iCalendar subscription feeds', () => {
  it('a secret link serves the user’s meetings without login; revoked, it is gone; the organ feed needs the Office', async () => {
    const clerk = await sys.login('vanthu');
    const cv = await sys.login('chuyenvien.pc');
    const booked = await clerk.post('/api/calendar/meetings', {
      title: 'Họp rà soát thủ tục hành chính',
      place: 'Phòng 402',
      startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 86_400_000 + 3600_000).toISOString(),
      attendees: [{ userId: U['chuyenvien.pc'] }],
    });
    expect(booked.statusCode).toBe(200);
    const feed = await cv.post('/api/calendar/feeds', { scope: 'user' });
    expect(feed.statusCode).toBe(200);
    const url = new URL(feed.json().url as string);
    const anon = await sys.app.inject({ method: 'GET', url: url.pathname });
    expect(anon.statusCode).toBe(200);
    expect(anon.headers['content-type']).toContain('text/calendar');
    const events = Object.values(ICAL.sync.parseICS(anon.body)).filter((c) => c?.type === 'VEVENT') as ICAL.VEvent[];
    expect(events.map((e) => String(e.summary))).toContain('Họp rà soát thủ tục hành chính');
    // The clerk is not invited: not in the specialist's feed's owner list, and a specialist may not take the organ's.
    expect((await cv.post('/api/calendar/feeds', { scope: 'organ' })).statusCode).toBe(403);
    const organ = await clerk.post('/api/calendar/feeds', { scope: 'organ' });
    const organIcs = await sys.app.inject({ method: 'GET', url: new URL(organ.json().url as string).pathname });
    expect(organIcs.body).toContain('Họp rà soát thủ tục hành chính');
    // Another user cannot revoke it (404, as if it did not exist); revoked → 404, as an unknown token.
    expect((await clerk.request('DELETE', `/api/calendar/feeds/${feed.json().id}`)).statusCode).toBe(404);
    expect((await sys.app.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(200);
    expect((await cv.request('DELETE', `/api/calendar/feeds/${feed.json().id}`)).statusCode).toBe(204);
    expect((await sys.app.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(404);
    expect((await sys.app.inject({ method: 'GET', url: '/api/calendar/feed/khong-co.ics' })).statusCode).toBe(404);
    expect((await cv.get('/api/calendar/feeds')).json()[0]).toMatchObject({
      scope: 'user',
      revokedAt: expect.any(String),
    });
  });
});

describe('reminders before a meeting', () => {
  it('the chair, the attendees and the deputy sent are reminded once; the sender of a deputy and later meetings are not', async () => {
    const clerk = as('vanthu', ['clerk']);
    const soon = new Date(Date.now() + 60 * 60_000);
    const r = await bookMeeting(sys.deps, clerk, actor(), {
      title: 'Họp khẩn về phòng chống thiên tai',
      place: 'Phòng họp trực tuyến',
      chairId: U.botruong!,
      startsAt: soon,
      endsAt: new Date(soon.getTime() + 3600_000),
      attendees: [{ userId: U.thutruong! }, { userId: U['vutruong.pc']! }],
      force: true,
    });
    await answerMeeting(sys.deps, as('thutruong'), { userId: U.thutruong!, name: 'x', organId }, r.ids[0]!, {
      answer: 'deputy',
      deputyId: U['chuyenvien.pc']!,
    });
    const later = new Date(Date.now() + 5 * 3600_000);
    await bookMeeting(sys.deps, clerk, actor(), {
      title: 'Họp chiều nay',
      startsAt: later,
      endsAt: new Date(later.getTime() + 3600_000),
      attendees: [{ userId: U['vutruong.pc']! }],
      force: true,
    });
    expect(await runMeetingReminders(sys.deps)).toBe(3);
    expect(await runMeetingReminders(sys.deps)).toBe(0);
    const got = await sys.deps.db
      .selectFrom('notifications')
      .select(['user_id', 'title'])
      .where('kind', '=', 'calendar.reminder')
      .execute();
    expect(got.map((n) => n.user_id).sort()).toEqual([U.botruong, U['vutruong.pc'], U['chuyenvien.pc']].sort());
    expect(got.every((n) => n.title === 'Sắp đến giờ họp: Họp khẩn về phòng chống thiên tai')).toBe(true);
    const mails = await sys.deps.db
      .selectFrom('mail_outbox')
      .select('to_addr')
      .where('subject', 'like', 'Nhắc lịch họp%')
      .execute();
    expect(mails.length).toBe(got.length);
  });
});
