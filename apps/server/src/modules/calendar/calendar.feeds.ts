/**
 * iCalendar subscription feeds (RFC 5545) for Outlook, Thunderbird and phones: a user's own feed (meetings they
 * chair, attend or were sent to as deputy) or the organ's (every meeting and the published week calendar).
 * The secret token is shown once; only its SHA-256 is kept; a revoked or unknown token answers 404.
 * A feed holds what its owner may see today: a user who left the organ (no active membership) gets 404.
 */
import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalCalendarMethod } from 'ical-generator';
import { sql } from 'kysely';
import type { Deps } from '../../deps';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { calError } from './calendar.errors';

const hash = (token: string) => createHash('sha256').update(token).digest();
const PAST_DAYS = 60;
const FUTURE_DAYS = 400;

export async function createFeed(deps: Deps, p: Principal, actor: Actor, scope: 'user' | 'organ') {
  if (scope === 'organ' && !(p.roles.has('clerk') || p.roles.has('office_chief') || p.roles.has('organ_leader')))
    throw calError('calendar.forbidden', undefined, 'Chỉ Văn phòng và lãnh đạo cơ quan đăng ký lịch của cả cơ quan.');
  const token = randomBytes(32).toString('base64url');
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('calendar_feed_tokens')
      .values({ organ_id: p.organId, user_id: p.userId, scope, token_hash: hash(token), revoked_at: null })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId: p.organId,
      action: 'calendar.feed.create',
      entityType: 'calendar_feed',
      entityId: row.id,
      summary: scope === 'organ' ? 'Tạo liên kết đăng ký lịch của cơ quan' : 'Tạo liên kết đăng ký lịch cá nhân',
    });
    return { id: row.id, scope, token, createdAt: row.created_at.toISOString() };
  });
}

export async function listFeeds(deps: Deps, p: Principal) {
  const rows = await deps.db
    .selectFrom('calendar_feed_tokens')
    .select(['id', 'scope', 'created_at', 'revoked_at'])
    .where('organ_id', '=', p.organId)
    .where('user_id', '=', p.userId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    scope: r.scope,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeFeed(deps: Deps, p: Principal, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('calendar_feed_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('organ_id', '=', p.organId)
      .where('user_id', '=', p.userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw calError('calendar.not_found', undefined, 'Không tìm thấy liên kết đăng ký lịch.');
    await recordAudit(trx, actor, {
      organId: p.organId,
      action: 'calendar.feed.revoke',
      entityType: 'calendar_feed',
      entityId: id,
      summary: 'Thu hồi liên kết đăng ký lịch',
    });
  });
}

/** The feed's iCalendar text, or null (unknown or revoked token, owner no longer a member). */
export async function feedIcs(deps: Deps, token: string, now = new Date()): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const f = await deps.db
    .selectFrom('calendar_feed_tokens as t')
    .select(['t.organ_id', 't.user_id', 't.scope'])
    .where('t.token_hash', '=', hash(token))
    .where('t.revoked_at', 'is', null)
    .where(
      sql<boolean>`EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = t.user_id AND m.organ_id = t.organ_id AND m.ended_at IS NULL)`,
    )
    .executeTakeFirst();
  if (!f) return null;
  const from = new Date(now.getTime() - PAST_DAYS * 86_400_000);
  const to = new Date(now.getTime() + FUTURE_DAYS * 86_400_000);
  let q = deps.db
    .selectFrom('calendar_meetings as m')
    .leftJoin('calendar_rooms as r', 'r.id', 'm.room_id')
    .leftJoin('users as c', 'c.id', 'm.chair_id')
    .select([
      'm.id',
      'm.ical_uid',
      'm.sequence',
      'm.title',
      'm.description',
      'm.place',
      'm.starts_at',
      'm.ends_at',
      'm.status',
      'r.name as room_name',
      'c.full_name as chair_name',
    ])
    .where('m.organ_id', '=', f.organ_id)
    .where('m.starts_at', '<', to)
    .where('m.ends_at', '>', from);
  if (f.scope === 'user')
    q = q.where(
      sql<boolean>`(m.chair_id = ${f.user_id} OR EXISTS (SELECT 1 FROM calendar_attendees a WHERE a.meeting_id = m.id
        AND ((a.user_id = ${f.user_id} AND a.answer <> 'decline') OR a.deputy_id = ${f.user_id})))`,
    );
  const meetings = await q.orderBy('m.starts_at').limit(2000).execute();
  const cal = ical({
    name: f.scope === 'organ' ? 'Lịch họp và lịch công tác cơ quan' : 'Lịch họp của tôi',
    prodId: { company: 'vanthu', product: 'lich', language: 'VI' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const m of meetings)
    cal.createEvent({
      id: m.ical_uid,
      sequence: m.sequence,
      start: m.starts_at,
      end: m.ends_at,
      summary: m.status === 'cancelled' ? `[Hủy] ${m.title}` : m.title,
      description: [m.description, m.chair_name ? `Chủ trì: ${m.chair_name}` : ''].filter(Boolean).join('\n'),
      location: [m.room_name, m.place].filter(Boolean).join(' — '),
    });
  if (f.scope === 'organ') {
    const entries = await deps.db
      .selectFrom('calendar_week_entries')
      .select(['id', 'starts_at', 'ends_at', 'content', 'leaders', 'place', 'changed', 'change_note'])
      .where('organ_id', '=', f.organ_id)
      .where('unit_id', 'is', null)
      .where('status', '=', 'published')
      .where('starts_at', '<', to)
      .where('starts_at', '>', from)
      .orderBy('starts_at')
      .limit(2000)
      .execute();
    for (const e of entries)
      cal.createEvent({
        id: `week-${e.id}@vanthu`,
        start: e.starts_at,
        end: e.ends_at ?? new Date(e.starts_at.getTime() + 3600_000),
        summary: e.leaders ? `${e.leaders}: ${e.content}` : e.content,
        description: e.changed ? `Thay đổi: ${e.change_note}` : '',
        location: e.place,
      });
  }
  return cal.toString();
}
