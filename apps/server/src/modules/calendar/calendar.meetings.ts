/**
 * Meetings: rooms, bookings with conflict detection (room, chairperson, required participants), weekly and other
 * series (rrule) expanded into one row per occurrence, attendee answers (attend / decline / send a deputy) and the
 * invitation mail carrying an .ics (METHOD:REQUEST).
 * Holidays: an occurrence that falls on a day off of the organ's calendar (Tết, statutory and announced days) is
 * SKIPPED, and the skipped dates are kept on the first occurrence (`skipped`) and returned to the caller.
 * Who is busy at a meeting: its chair, and every attendee who did not decline and did not send a deputy, and the
 * deputies sent — so sending a deputy resolves the sender's conflict.
 */
import { randomUUID } from 'node:crypto';
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod } from 'ical-generator';
import { sql } from 'kysely';
import rrulePkg from 'rrule';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { MAIL_TEMPLATES, mailFromAddress, queueMail } from '../notify';
import { calError } from './calendar.errors';
import { organCalendar } from './calendar.service';

const { rrulestr } = rrulePkg;
type RRule = rrulePkg.RRule;
const VN = 7 * 3600_000;
const vnDate = (d: Date) => new Date(d.getTime() + VN).toISOString().slice(0, 10);
export const vnWhen = (d: Date) => {
  const s = new Date(d.getTime() + VN).toISOString();
  return `${s.slice(11, 16)} ngày ${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
};
const canManage = (p: Principal) =>
  p.roles.has('clerk') || p.roles.has('office_chief') || p.roles.has('admin') || p.roles.has('organ_leader');

export async function createRoom(
  deps: Deps,
  p: Principal,
  actor: Actor,
  input: { name: string; capacity: number; equipment: string[] },
) {
  if (!canManage(p)) throw calError('calendar.forbidden');
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('calendar_rooms')
      .values({ organ_id: p.organId, name: input.name, capacity: input.capacity, equipment: input.equipment })
      .returning(['id', 'name', 'capacity', 'equipment'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId: p.organId,
      action: 'calendar.room.create',
      entityType: 'calendar_room',
      entityId: row.id,
      summary: `Thêm phòng họp ${input.name}`,
      after: row,
    });
    return row;
  });
}

export async function listRooms(deps: Deps, p: Principal) {
  return deps.db
    .selectFrom('calendar_rooms')
    .select(['id', 'name', 'capacity', 'equipment'])
    .where('organ_id', '=', p.organId)
    .where('active', '=', true)
    .orderBy('name')
    .execute();
}

export interface Conflict {
  kind: 'room' | 'chair' | 'participant';
  userId?: string;
  name: string;
  meetingId: string;
  meetingTitle: string;
  startsAt: string;
}

/** Conflicts of one slot with the organ's other scheduled meetings. */
export async function findConflicts(
  db: DbOrTrx,
  organId: string,
  slot: {
    startsAt: Date;
    endsAt: Date;
    roomId: string | null;
    chairId: string | null;
    requiredIds: string[];
    excludeSeries?: string | null;
  },
): Promise<Conflict[]> {
  const out: Conflict[] = [];
  const overlapping = db
    .selectFrom('calendar_meetings as m')
    .where('m.organ_id', '=', organId)
    .where('m.status', '=', 'scheduled')
    .where('m.starts_at', '<', slot.endsAt)
    .where('m.ends_at', '>', slot.startsAt);
  if (slot.roomId) {
    const rows = await overlapping
      .innerJoin('calendar_rooms as r', 'r.id', 'm.room_id')
      .select(['m.id', 'm.title', 'm.starts_at', 'r.name'])
      .where('m.room_id', '=', slot.roomId)
      .execute();
    for (const r of rows)
      out.push({
        kind: 'room',
        name: r.name,
        meetingId: r.id,
        meetingTitle: r.title,
        startsAt: r.starts_at.toISOString(),
      });
  }
  const people = [...new Set([slot.chairId, ...slot.requiredIds].filter((x): x is string => !!x))];
  if (people.length) {
    // Busy: chair of the other meeting, or attendee who neither declined nor sent a deputy, or a deputy sent there.
    const rows = await sql<{ user_id: string; id: string; title: string; starts_at: Date; full_name: string }>`
      SELECT DISTINCT b.user_id, m.id, m.title, m.starts_at, u.full_name FROM calendar_meetings m
      JOIN LATERAL (
        SELECT m.chair_id AS user_id WHERE m.chair_id IS NOT NULL
        UNION SELECT a.user_id FROM calendar_attendees a WHERE a.meeting_id = m.id AND a.answer NOT IN ('decline', 'deputy')
        UNION SELECT a.deputy_id FROM calendar_attendees a WHERE a.meeting_id = m.id AND a.answer = 'deputy' AND a.deputy_id IS NOT NULL
      ) b ON true
      JOIN users u ON u.id = b.user_id
      WHERE m.organ_id = ${organId} AND m.status = 'scheduled' AND m.starts_at < ${slot.endsAt} AND m.ends_at > ${slot.startsAt}
        AND b.user_id IN (${sql.join(people)})`.execute(db);
    for (const r of rows.rows)
      out.push({
        kind: r.user_id === slot.chairId ? 'chair' : 'participant',
        userId: r.user_id,
        name: r.full_name,
        meetingId: r.id,
        meetingTitle: r.title,
        startsAt: new Date(r.starts_at).toISOString(),
      });
  }
  return out;
}

export function conflictMessage(cs: Conflict[]): string {
  const lines = cs.map((c) =>
    c.kind === 'room'
      ? `phòng ${c.name} đã được đặt cho "${c.meetingTitle}" (${vnWhen(new Date(c.startsAt))})`
      : `${c.kind === 'chair' ? 'người chủ trì' : 'người dự'} ${c.name} đang có lịch "${c.meetingTitle}" (${vnWhen(new Date(c.startsAt))})`,
  );
  return `Lịch họp bị trùng: ${lines.join('; ')}.`;
}

export interface BookInput {
  title: string;
  description?: string;
  roomId?: string | null;
  place?: string;
  chairId?: string | null;
  startsAt: Date;
  endsAt: Date;
  attendees: { userId: string; required?: boolean }[];
  rrule?: string | null;
  /** Book despite people's conflicts (a room is never double-booked). */
  force?: boolean;
}

/** Occurrence starts of a series (dtstart = the first start); at most 200. */
export function occurrences(start: Date, rule: string | null | undefined): Date[] {
  if (!rule) return [start];
  let r: RRule;
  try {
    r = rrulestr(rule.replace(/^RRULE:/i, ''), { dtstart: start }) as RRule;
  } catch {
    throw calError('calendar.rrule_invalid');
  }
  const opts = r.origOptions;
  if (!opts.count && !opts.until)
    throw calError('calendar.rrule_invalid', undefined, 'Quy tắc lặp lại cần COUNT hoặc UNTIL.');
  return r.all((_d, i) => i < 200);
}

export async function bookMeeting(deps: Deps, p: Principal, actor: Actor, input: BookInput) {
  if (!canManage(p)) throw calError('calendar.forbidden');
  const organId = p.organId;
  return deps.db.transaction().execute(async (trx) => {
    // Serialise bookings of the organ so two racing bookings cannot both take a room.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${'calendar:' + organId}))`.execute(trx);
    if (input.roomId) {
      const room = await trx
        .selectFrom('calendar_rooms')
        .select(['id', 'capacity', 'name'])
        .where('id', '=', input.roomId)
        .where('organ_id', '=', organId)
        .executeTakeFirst();
      if (!room) throw calError('calendar.room_not_found');
      if (input.attendees.length > room.capacity)
        throw calError(
          'calendar.room_too_small',
          { capacity: room.capacity },
          `Phòng ${room.name} chỉ có ${room.capacity} chỗ, cuộc họp mời ${input.attendees.length} người.`,
        );
    }
    const userIds = [...new Set([...input.attendees.map((a) => a.userId), ...(input.chairId ? [input.chairId] : [])])];
    const users = userIds.length
      ? await trx
          .selectFrom('users')
          .select(['id', 'full_name', 'email'])
          .where('organ_id', '=', organId)
          .where('id', 'in', userIds)
          .execute()
      : [];
    if (users.length !== userIds.length)
      throw calError('calendar.not_found', undefined, 'Không tìm thấy cán bộ được mời trong cơ quan.');
    const cal = await organCalendar(trx, organId);
    const dur = input.endsAt.getTime() - input.startsAt.getTime();
    if (dur <= 0) throw calError('calendar.rrule_invalid', undefined, 'Giờ kết thúc phải sau giờ bắt đầu.');
    const starts = occurrences(input.startsAt, input.rrule);
    const kept: Date[] = [];
    const skipped: { date: string; holiday: string }[] = [];
    for (const s of starts) {
      const h = cal.holidaysOn(vnDate(s));
      if (h.length) skipped.push({ date: vnDate(s), holiday: h.map((x) => x.note ?? x.name).join(', ') });
      else kept.push(s);
    }
    const requiredIds = input.attendees.filter((a) => a.required !== false).map((a) => a.userId);
    const conflicts: Conflict[] = [];
    for (const s of kept)
      conflicts.push(
        ...(await findConflicts(trx, organId, {
          startsAt: s,
          endsAt: new Date(s.getTime() + dur),
          roomId: input.roomId ?? null,
          chairId: input.chairId ?? null,
          requiredIds,
        })),
      );
    const hard = conflicts.filter((c) => c.kind === 'room');
    if (hard.length || (conflicts.length && !input.force))
      throw calError('calendar.conflict', { conflicts }, conflictMessage(conflicts));
    const seriesId = kept.length > 1 ? randomUUID() : null;
    const ids: string[] = [];
    for (const [i, s] of kept.entries()) {
      const id = i === 0 && seriesId ? seriesId : randomUUID();
      await trx
        .insertInto('calendar_meetings')
        .values({
          id,
          organ_id: organId,
          title: input.title,
          description: input.description ?? '',
          room_id: input.roomId ?? null,
          place: input.place ?? '',
          chair_id: input.chairId ?? null,
          starts_at: s,
          ends_at: new Date(s.getTime() + dur),
          series_id: seriesId,
          rrule: input.rrule ?? null,
          skipped: JSON.stringify(i === 0 ? skipped : []),
          ical_uid: `${id}@vanthu`,
          minutes_ref: null,
          conclusion_ref: null,
          created_by: p.userId,
        })
        .execute();
      if (input.attendees.length)
        await trx
          .insertInto('calendar_attendees')
          .values(
            input.attendees.map((a) => ({
              meeting_id: id,
              organ_id: organId,
              user_id: a.userId,
              required: a.required !== false,
              deputy_id: null,
              answered_at: null,
            })),
          )
          .execute();
      ids.push(id);
    }
    // The invitation (giấy mời) of the first occurrence, with the series' .ics, to every invitee with an address.
    const first = ids[0];
    if (first) {
      const ics = await meetingIcs(trx, organId, first, 'REQUEST');
      const m = await meetingRow(trx, organId, first);
      for (const u of users.filter((x) => x.email && input.attendees.some((a) => a.userId === x.id))) {
        await queueMail(trx, {
          organId,
          to: u.email!,
          ...MAIL_TEMPLATES.invitation({
            title: input.title,
            when: vnWhen(input.startsAt),
            place: m.placeLabel,
            chair: m.chairName ?? '',
          }),
          ics,
          icsMethod: 'REQUEST',
          related: { type: 'calendar_meeting', id: first },
        });
      }
    }
    await recordAudit(trx, actor, {
      organId,
      action: 'calendar.meeting.book',
      entityType: 'calendar_meeting',
      entityId: first ?? null,
      summary: `Đặt lịch họp "${input.title}" (${kept.length} buổi${skipped.length ? `, bỏ ${skipped.length} buổi trùng ngày nghỉ` : ''})`,
      after: { ids, skipped, warnings: conflicts },
    });
    return { ids, seriesId, skipped, warnings: conflicts };
  });
}

async function meetingRow(db: DbOrTrx, organId: string, id: string) {
  const m = await db
    .selectFrom('calendar_meetings as m')
    .leftJoin('calendar_rooms as r', 'r.id', 'm.room_id')
    .leftJoin('users as c', 'c.id', 'm.chair_id')
    .select([
      'm.id',
      'm.title',
      'm.description',
      'm.place',
      'm.starts_at',
      'm.ends_at',
      'm.ical_uid',
      'm.sequence',
      'm.rrule',
      'm.series_id',
      'r.name as room_name',
      'c.full_name as chair_name',
      'c.email as chair_email',
    ])
    .where('m.id', '=', id)
    .where('m.organ_id', '=', organId)
    .executeTakeFirst();
  if (!m) throw calError('calendar.meeting_not_found');
  return { ...m, placeLabel: [m.room_name, m.place].filter(Boolean).join(' — '), chairName: m.chair_name };
}

/** The iCalendar object (RFC 5545) of one meeting with its attendees. */
export async function meetingIcs(
  db: DbOrTrx,
  organId: string,
  id: string,
  method: 'REQUEST' | 'PUBLISH',
): Promise<string> {
  const m = await meetingRow(db, organId, id);
  const att = await db
    .selectFrom('calendar_attendees as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['u.full_name', 'u.email', 'a.answer', 'a.required'])
    .where('a.meeting_id', '=', id)
    .execute();
  const cal = ical({
    name: 'Lịch họp',
    prodId: { company: 'vanthu', product: 'lich-hop', language: 'VI' },
    method: method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.PUBLISH,
  });
  const status = {
    pending: ICalAttendeeStatus.NEEDSACTION,
    attend: ICalAttendeeStatus.ACCEPTED,
    decline: ICalAttendeeStatus.DECLINED,
    deputy: ICalAttendeeStatus.DELEGATED,
  } as const;
  cal.createEvent({
    id: m.ical_uid,
    sequence: m.sequence,
    start: m.starts_at,
    end: m.ends_at,
    summary: m.title,
    description: m.description,
    location: m.placeLabel,
    // The mailbox organises: attendees' calendar replies (METHOD:REPLY) come back to it (mail in).
    organizer: { name: m.chair_name ?? 'Văn phòng', email: mailFromAddress() },
    attendees: att
      .filter((a) => a.email)
      .map((a) => ({
        name: a.full_name,
        email: a.email!,
        rsvp: true,
        status: status[a.answer],
        role: a.required ? ICalAttendeeRole.REQ : ICalAttendeeRole.OPT,
      })),
  });
  return cal.toString();
}

/** The user's own answer to an invitation; a deputy must be a member of the organ. */
export async function answerMeeting(
  deps: Deps,
  p: Pick<Principal, 'userId' | 'organId'>,
  actor: Actor,
  meetingId: string,
  input: { answer: 'attend' | 'decline' | 'deputy'; deputyId?: string | null; note?: string },
) {
  return deps.db.transaction().execute(async (trx) => {
    const a = await trx
      .selectFrom('calendar_attendees')
      .select(['user_id'])
      .where('meeting_id', '=', meetingId)
      .where('user_id', '=', p.userId)
      .where('organ_id', '=', p.organId)
      .executeTakeFirst();
    if (!a) throw calError('calendar.meeting_not_found');
    let deputyId: string | null = null;
    if (input.answer === 'deputy') {
      const d = input.deputyId
        ? await trx
            .selectFrom('users')
            .select('id')
            .where('id', '=', input.deputyId)
            .where('organ_id', '=', p.organId)
            .executeTakeFirst()
        : null;
      if (!d || d.id === p.userId)
        throw calError('calendar.not_found', undefined, 'Cần chọn người dự thay là cán bộ khác trong cơ quan.');
      deputyId = d.id;
    }
    await trx
      .updateTable('calendar_attendees')
      .set({ answer: input.answer, deputy_id: deputyId, note: input.note ?? '', answered_at: new Date() })
      .where('meeting_id', '=', meetingId)
      .where('user_id', '=', p.userId)
      .execute();
    await recordAudit(trx, actor, {
      organId: p.organId,
      action: 'calendar.meeting.answer',
      entityType: 'calendar_meeting',
      entityId: meetingId,
      summary:
        input.answer === 'deputy'
          ? 'Cử người dự thay'
          : input.answer === 'attend'
            ? 'Nhận lời dự họp'
            : 'Từ chối dự họp',
      after: { answer: input.answer, deputyId },
    });
    return { answer: input.answer, deputyId };
  });
}

/** The organ's meetings in a period (the calendar is the organ's; papers are for attendees only). */
export async function listMeetings(db: DbOrTrx, p: Principal, range: { from: Date; to: Date }) {
  const rows = await db
    .selectFrom('calendar_meetings as m')
    .leftJoin('calendar_rooms as r', 'r.id', 'm.room_id')
    .leftJoin('users as c', 'c.id', 'm.chair_id')
    .select([
      'm.id',
      'm.title',
      'm.place',
      'm.starts_at',
      'm.ends_at',
      'm.status',
      'm.series_id',
      'm.room_id',
      'r.name as room_name',
      'm.chair_id',
      'c.full_name as chair_name',
    ])
    .where('m.organ_id', '=', p.organId)
    .where('m.starts_at', '<', range.to)
    .where('m.ends_at', '>', range.from)
    .orderBy('m.starts_at')
    .limit(500)
    .execute();
  const ids = rows.map((r) => r.id);
  const att = ids.length
    ? await db
        .selectFrom('calendar_attendees as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .leftJoin('users as d', 'd.id', 'a.deputy_id')
        .select([
          'a.meeting_id',
          'a.user_id',
          'u.full_name',
          'a.required',
          'a.answer',
          'a.deputy_id',
          'd.full_name as deputy_name',
        ])
        .where('a.meeting_id', 'in', ids)
        .where('a.organ_id', '=', p.organId)
        .execute()
    : [];
  return rows.map((m) => {
    const mine = att.filter((a) => a.meeting_id === m.id);
    return {
      id: m.id,
      title: m.title,
      place: [m.room_name, m.place].filter(Boolean).join(' — '),
      roomId: m.room_id,
      startsAt: m.starts_at.toISOString(),
      endsAt: m.ends_at.toISOString(),
      status: m.status,
      seriesId: m.series_id,
      chair: m.chair_id ? { id: m.chair_id, name: m.chair_name ?? '' } : null,
      attendees: mine.map((a) => ({
        userId: a.user_id,
        name: a.full_name,
        required: a.required,
        answer: a.answer,
        deputy: a.deputy_id ? { id: a.deputy_id, name: a.deputy_name ?? '' } : null,
      })),
      myAnswer: mine.find((a) => a.user_id === p.userId)?.answer ?? null,
    };
  });
}

/**
 * An attendee's answer from their calendar client (an iCalendar METHOD:REPLY, RFC 5546): matched by the event's UID
 * and the attendee's address to a user invited to that meeting of the organ. ACCEPTED → attend, DECLINED → decline.
 */
export async function applyIcsReply(
  deps: Deps,
  organId: string,
  ics: string,
): Promise<{ ok: true; meetingId: string; answer: 'attend' | 'decline' } | { ok: false; reason: string }> {
  if (!/^METHOD:REPLY\r?$/im.test(ics)) return { ok: false, reason: 'không phải thư trả lời lịch (METHOD:REPLY)' };
  const uid = /^UID:(.+?)\r?$/im.exec(ics)?.[1]?.trim();
  const att = /^ATTENDEE[^:\r\n]*PARTSTAT=([A-Z-]+)[^:\r\n]*:mailto:([^\s\r\n]+)/im.exec(
    ics.replace(/\r?\n[ \t]/g, ''),
  );
  if (!uid || !att) return { ok: false, reason: 'thư trả lời lịch thiếu UID hoặc ATTENDEE' };
  const answer = att[1] === 'ACCEPTED' ? 'attend' : att[1] === 'DECLINED' ? 'decline' : null;
  if (!answer) return { ok: false, reason: `trạng thái ${att[1]} không xử lý tự động` };
  const m = await deps.db
    .selectFrom('calendar_meetings')
    .select('id')
    .where('organ_id', '=', organId)
    .where('ical_uid', '=', uid)
    .executeTakeFirst();
  const u = m
    ? await deps.db
        .selectFrom('calendar_attendees as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['u.id', 'u.full_name'])
        .where('a.meeting_id', '=', m.id)
        .where((eb) => eb(eb.fn('lower', ['u.email']), '=', att[2]!.toLowerCase()))
        .executeTakeFirst()
    : undefined;
  if (!m || !u) return { ok: false, reason: 'không tìm thấy cuộc họp hoặc người được mời tương ứng' };
  await answerMeeting(
    deps,
    { userId: u.id, organId },
    { userId: u.id, name: `${u.full_name} (trả lời qua lịch)`, organId },
    m.id,
    { answer },
  );
  return { ok: true, meetingId: m.id, answer };
}
