import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { localDate, nonEmpty, NOTHING_TO_CHANGE } from '../../http/schemas';
import { targetOrgan } from '../org';
import { addOverride, calendarYear, removeOverride } from './calendar.service';
import { addWeekEntry, approveWeek, getWeek, submitWeek, updateWeekEntry, weekStartOf } from './calendar.week';
import { weekPdf } from './calendar.week-pdf';
import { createFeed, feedIcs, listFeeds, revokeFeed } from './calendar.feeds';
import { calError } from './calendar.errors';
import { answerMeeting, bookMeeting, createRoom, listMeetings, listRooms, meetingIcs } from './calendar.meetings';

const tags = ['admin: lịch nghỉ'];
const OrganQuery = z.object({ organId: z.string().uuid().optional() });

export const calendarRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/admin/calendar',
    {
      schema: {
        tags,
        summary: 'Ngày nghỉ lễ (tính theo luật, gồm âm lịch) và điều chỉnh của cơ quan trong năm',
        querystring: OrganQuery.extend({ year: z.coerce.number().int().min(2000).max(2100) }),
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      return calendarYear(deps, p, targetOrgan(p, req.query.organId), req.query.year);
    },
  );
  app.post(
    '/api/admin/calendar/overrides',
    {
      schema: {
        tags,
        summary: 'Thêm ngày nghỉ/ngày làm bù được công bố',
        querystring: OrganQuery,
        body: z.object({
          date: localDate,
          kind: z.enum(['off', 'work']),
          note: z.string().trim().max(200).default(''),
        }),
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const organId = targetOrgan(p, req.query.organId);
      return addOverride(deps, p, actorOf(req, organId), organId, req.body);
    },
  );
  app.delete(
    '/api/admin/calendar/overrides/:id',
    {
      schema: {
        tags,
        summary: 'Xóa điều chỉnh lịch',
        params: z.object({ id: z.string().uuid() }),
        querystring: OrganQuery,
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req);
      const organId = targetOrgan(p, req.query.organId);
      await removeOverride(deps, p, actorOf(req, organId), organId, req.params.id);
      return reply.status(204).send();
    },
  );
};

const meetingTags = ['lịch họp'];
const uuid = z.string().uuid();
const when = z.iso.datetime({ offset: true, error: 'Thời gian không hợp lệ (ISO 8601).' });
const Room = z.object({ id: uuid, name: z.string(), capacity: z.number(), equipment: z.array(z.string()) });
const Meeting = z.object({
  id: uuid,
  title: z.string(),
  place: z.string(),
  roomId: uuid.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['scheduled', 'cancelled']),
  seriesId: uuid.nullable(),
  chair: z.object({ id: uuid, name: z.string() }).nullable(),
  attendees: z.array(
    z.object({
      userId: uuid,
      name: z.string(),
      required: z.boolean(),
      answer: z.enum(['pending', 'attend', 'decline', 'deputy']),
      deputy: z.object({ id: uuid, name: z.string() }).nullable(),
    }),
  ),
  myAnswer: z.enum(['pending', 'attend', 'decline', 'deputy']).nullable(),
});
const Conflict = z.object({
  kind: z.enum(['room', 'chair', 'participant']),
  userId: uuid.optional(),
  name: z.string(),
  meetingId: uuid,
  meetingTitle: z.string(),
  startsAt: z.string(),
});

/** Meetings: rooms, bookings (409 calendar.conflict with details.conflicts), answers, the .ics of a meeting. */
export const meetingRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/calendar/rooms',
    { schema: { tags: meetingTags, summary: 'Phòng họp của cơ quan', response: { 200: z.array(Room) } } },
    async (req) => listRooms(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/calendar/rooms',
    {
      schema: {
        tags: meetingTags,
        summary: 'Thêm phòng họp',
        body: z.object({
          name: z.string().trim().min(1, 'Nhập tên phòng họp.').max(100),
          capacity: z.number().int().min(1).max(5000),
          equipment: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
        }),
        response: { 200: Room },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      return createRoom(deps, p, actorOf(req, p.organId), req.body);
    },
  );
  app.get(
    '/api/calendar/meetings',
    {
      schema: {
        tags: meetingTags,
        summary: 'Cuộc họp trong khoảng thời gian (tối đa 500)',
        querystring: z.object({ from: when, to: when }),
        response: { 200: z.array(Meeting) },
      },
    },
    async (req) =>
      listMeetings(deps.db, requirePrincipal(req), { from: new Date(req.query.from), to: new Date(req.query.to) }),
  );
  app.post(
    '/api/calendar/meetings',
    {
      schema: {
        tags: meetingTags,
        summary: 'Đặt lịch họp (kiểm tra trùng phòng, người chủ trì, người dự bắt buộc; lặp theo RRULE)',
        body: z.object({
          title: z.string().trim().min(1, 'Nhập tên cuộc họp.').max(300),
          description: z.string().max(4000).optional(),
          roomId: uuid.nullish(),
          place: z.string().max(200).optional(),
          chairId: uuid.nullish(),
          startsAt: when,
          endsAt: when,
          attendees: z
            .array(z.object({ userId: uuid, required: z.boolean().optional() }))
            .max(500)
            .default([]),
          rrule: z.string().max(300).nullish(),
          force: z.boolean().optional(),
        }),
        response: {
          200: z.object({
            ids: z.array(uuid),
            seriesId: uuid.nullable(),
            skipped: z.array(z.object({ date: z.string(), holiday: z.string() })),
            warnings: z.array(Conflict),
          }),
        },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const b = req.body;
      return bookMeeting(deps, p, actorOf(req, p.organId), {
        ...b,
        startsAt: new Date(b.startsAt),
        endsAt: new Date(b.endsAt),
      });
    },
  );
  app.post(
    '/api/calendar/meetings/:id/answer',
    {
      schema: {
        tags: meetingTags,
        summary: 'Trả lời giấy mời: dự, không dự, cử người dự thay',
        params: z.object({ id: uuid }),
        body: z.object({
          answer: z.enum(['attend', 'decline', 'deputy']),
          deputyId: uuid.nullish(),
          note: z.string().max(500).optional(),
        }),
        response: {
          200: z.object({ answer: z.enum(['attend', 'decline', 'deputy']), deputyId: uuid.nullable() }),
        },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      return answerMeeting(deps, p, actorOf(req, p.organId), req.params.id, req.body);
    },
  );
  app.get(
    '/api/calendar/meetings/:id/invite.ics',
    {
      schema: {
        tags: meetingTags,
        summary: 'Cuộc họp dạng iCalendar (RFC 5545)',
        params: z.object({ id: uuid }),
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req);
      const ics = await meetingIcs(deps.db, p.organId, req.params.id, 'PUBLISH');
      reply.header('content-type', 'text/calendar; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="cuoc-hop.ics"');
      return reply.send(ics);
    },
  );

  const weekTags = ['lịch công tác'];
  const Entry = z.object({
    id: uuid,
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    place: z.string(),
    leaders: z.string(),
    content: z.string(),
    participants: z.string(),
    preparingUnit: z.string(),
    status: z.enum(['draft', 'submitted', 'approved', 'published']),
    changed: z.boolean(),
    changeNote: z.string(),
  });
  const WeekBody = z.object({ week: localDate, unitId: uuid.nullish() });
  const EntryFields = {
    startsAt: when,
    endsAt: when.nullish(),
    place: z.string().trim().max(200).optional(),
    leaders: z.string().trim().max(300).optional(),
    content: z.string().trim().min(1, 'Nhập nội dung công tác.').max(2000),
    participants: z.string().trim().max(1000).optional(),
    preparingUnit: z.string().trim().max(200).optional(),
    changeNote: z.string().trim().max(500).optional(),
  };
  const dates = <T extends { startsAt?: string; endsAt?: string | null }>(b: T) => ({
    ...b,
    ...(b.startsAt !== undefined ? { startsAt: new Date(b.startsAt) } : {}),
    ...(b.endsAt !== undefined ? { endsAt: b.endsAt === null ? null : new Date(b.endsAt) } : {}),
  });
  app.get(
    '/api/calendar/week',
    {
      schema: {
        tags: weekTags,
        summary: 'Lịch công tác tuần của cơ quan (hoặc đơn vị); week là một ngày bất kỳ trong tuần',
        querystring: z.object({ week: localDate.optional(), unitId: uuid.optional() }),
        response: {
          200: z.object({
            weekStart: z.string(),
            canDraft: z.boolean(),
            canApprove: z.boolean(),
            entries: z.array(Entry),
          }),
        },
      },
    },
    async (req) => {
      const day = req.query.week ? new Date(`${req.query.week}T12:00:00+07:00`) : new Date();
      return getWeek(deps.db, requirePrincipal(req), weekStartOf(day), req.query.unitId ?? null);
    },
  );
  app.get(
    '/api/calendar/week.pdf',
    {
      schema: {
        tags: weekTags,
        summary: 'Lịch công tác tuần đã ban hành, dạng bảng tuần (PDF, khổ A4 ngang)',
        querystring: z.object({ week: localDate.optional(), unitId: uuid.optional() }),
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req);
      const day = req.query.week ? new Date(`${req.query.week}T12:00:00+07:00`) : new Date();
      const week = await getWeek(deps.db, p, weekStartOf(day), req.query.unitId ?? null);
      const organ = await deps.db.selectFrom('organs').select('name').where('id', '=', p.organId).executeTakeFirst();
      const pdf = await weekPdf(organ?.name ?? '', week);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `inline; filename="lich-cong-tac-${week.weekStart}.pdf"`);
      return reply.send(Buffer.from(pdf));
    },
  );
  app.post(
    '/api/calendar/week/entries',
    {
      schema: {
        tags: weekTags,
        summary: 'Thêm mục lịch công tác (dự thảo; sau khi ban hành được đánh dấu thay đổi)',
        body: z.object({ unitId: uuid.nullish(), ...EntryFields }),
        response: { 200: z.object({ id: uuid, weekStart: z.string() }) },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const b = req.body;
      return addWeekEntry(deps, p, actorOf(req, p.organId), {
        ...b,
        startsAt: new Date(b.startsAt),
        endsAt: b.endsAt ? new Date(b.endsAt) : null,
      });
    },
  );
  app.patch(
    '/api/calendar/week/entries/:id',
    {
      schema: {
        tags: weekTags,
        summary: 'Sửa mục lịch công tác (lịch đã ban hành: bắt buộc ghi nội dung thay đổi)',
        params: z.object({ id: uuid }),
        body: z.object(EntryFields).partial().refine(nonEmpty, NOTHING_TO_CHANGE),
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req);
      await updateWeekEntry(deps, p, actorOf(req, p.organId), req.params.id, dates(req.body));
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/calendar/week/submit',
    {
      schema: {
        tags: weekTags,
        summary: 'Trình Chánh Văn phòng duyệt lịch tuần',
        body: WeekBody,
        response: { 200: z.object({ count: z.number() }) },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const week = weekStartOf(new Date(`${req.body.week}T12:00:00+07:00`));
      return submitWeek(deps, p, actorOf(req, p.organId), week, req.body.unitId ?? null);
    },
  );
  app.post(
    '/api/calendar/week/approve',
    {
      schema: {
        tags: weekTags,
        summary: 'Chánh Văn phòng duyệt và ban hành lịch tuần',
        body: WeekBody,
        response: { 200: z.object({ count: z.number() }) },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const week = weekStartOf(new Date(`${req.body.week}T12:00:00+07:00`));
      return approveWeek(deps, p, actorOf(req, p.organId), week, req.body.unitId ?? null);
    },
  );

  const feedTags = ['lịch họp'];
  const Feed = z.object({
    id: uuid,
    scope: z.enum(['user', 'organ']),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  });
  app.get(
    '/api/calendar/feeds',
    {
      schema: {
        tags: feedTags,
        summary: 'Liên kết đăng ký lịch (iCalendar) của tôi',
        response: { 200: z.array(Feed) },
      },
    },
    async (req) => listFeeds(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/calendar/feeds',
    {
      schema: {
        tags: feedTags,
        summary: 'Tạo liên kết đăng ký lịch (đường dẫn bí mật chỉ hiện một lần)',
        body: z.object({ scope: z.enum(['user', 'organ']).default('user') }),
        response: { 200: Feed.omit({ revokedAt: true }).extend({ url: z.string() }) },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const f = await createFeed(deps, p, actorOf(req, p.organId), req.body.scope);
      const origin = deps.config.publicUrl ?? `${req.protocol}://${req.host}`;
      return { id: f.id, scope: f.scope, createdAt: f.createdAt, url: `${origin}/api/calendar/feed/${f.token}.ics` };
    },
  );
  app.delete(
    '/api/calendar/feeds/:id',
    { schema: { tags: feedTags, summary: 'Thu hồi liên kết đăng ký lịch', params: z.object({ id: uuid }) } },
    async (req, reply) => {
      const p = requirePrincipal(req);
      await revokeFeed(deps, p, actorOf(req, p.organId), req.params.id);
      return reply.status(204).send();
    },
  );
  // Public: the secret in the path is the credential (calendar clients cannot log in).
  app.get(
    '/api/calendar/feed/:file',
    {
      schema: {
        tags: feedTags,
        summary: 'Nguồn lịch iCalendar theo liên kết bí mật (không cần đăng nhập)',
        params: z.object({ file: z.string().max(100) }),
      },
    },
    async (req, reply) => {
      const ics = await feedIcs(deps, req.params.file.replace(/\.ics$/, ''));
      if (!ics)
        throw calError('calendar.not_found', undefined, 'Liên kết đăng ký lịch không tồn tại hoặc đã bị thu hồi.');
      reply.header('content-type', 'text/calendar; charset=utf-8');
      reply.header('cache-control', 'private, max-age=300');
      return reply.send(ics);
    },
  );
};
