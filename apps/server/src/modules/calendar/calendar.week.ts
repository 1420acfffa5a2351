/**
 * The leaders' work calendar of the week (lịch công tác tuần) of the organ (unit_id null) or of a unit.
 * Drafted by the Office (văn thư, Chánh Văn phòng), sent for approval, approved by the Chánh Văn phòng — approval
 * publishes the week. An entry changed or added after publication is marked (changed, change_note) and, for an
 * added one, published at its approval. Members of the organ see published entries; the Office also sees drafts.
 */
import { sql } from 'kysely';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { calError } from './calendar.errors';

const VN = 7 * 3600_000;
const drafts = (p: Principal) => p.roles.has('clerk') || p.roles.has('office_chief') || p.sysadmin;
const approves = (p: Principal) => p.roles.has('office_chief') || p.sysadmin;

/** The Monday (Vietnam time) of the week holding this instant, as YYYY-MM-DD. */
export function weekStartOf(d: Date): string {
  const local = new Date(d.getTime() + VN);
  const dow = (local.getUTCDay() + 6) % 7; // Monday = 0
  local.setUTCDate(local.getUTCDate() - dow);
  return local.toISOString().slice(0, 10);
}

export interface WeekEntryInput {
  unitId?: string | null;
  startsAt: Date;
  endsAt?: Date | null;
  place?: string;
  leaders?: string;
  content: string;
  participants?: string;
  preparingUnit?: string;
  changeNote?: string;
}

export async function addWeekEntry(deps: Deps, p: Principal, actor: Actor, input: WeekEntryInput) {
  if (!drafts(p)) throw calError('calendar.forbidden');
  if (input.endsAt && input.endsAt <= input.startsAt)
    throw calError('calendar.rrule_invalid', undefined, 'Giờ kết thúc phải sau giờ bắt đầu.');
  return deps.db.transaction().execute(async (trx) => {
    if (input.unitId) {
      const u = await trx
        .selectFrom('units')
        .select('id')
        .where('id', '=', input.unitId)
        .where('organ_id', '=', p.organId)
        .executeTakeFirst();
      if (!u) throw calError('calendar.not_found', undefined, 'Không tìm thấy đơn vị trong cơ quan.');
    }
    const week = weekStartOf(input.startsAt);
    const published = await weekPublished(trx, p.organId, input.unitId ?? null, week);
    const row = await trx
      .insertInto('calendar_week_entries')
      .values({
        organ_id: p.organId,
        unit_id: input.unitId ?? null,
        week_start: week,
        starts_at: input.startsAt,
        ends_at: input.endsAt ?? null,
        place: input.place ?? '',
        leaders: input.leaders ?? '',
        content: input.content,
        participants: input.participants ?? '',
        preparing_unit: input.preparingUnit ?? '',
        changed: published,
        change_note: published ? (input.changeNote ?? 'Bổ sung sau khi ban hành') : '',
        created_by: p.userId,
        approved_by: null,
        approved_at: null,
        published_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId: p.organId,
      action: 'calendar.week.add',
      entityType: 'calendar_week_entry',
      entityId: row.id,
      summary: `Thêm lịch công tác tuần ${week}: ${input.content.slice(0, 100)}`,
    });
    return { id: row.id, weekStart: week };
  });
}

async function weekPublished(db: DbOrTrx, organId: string, unitId: string | null, week: string) {
  const r = await db
    .selectFrom('calendar_week_entries')
    .select('id')
    .where('organ_id', '=', organId)
    .where('week_start', '=', week)
    .where(unitId ? sql<boolean>`unit_id = ${unitId}` : sql<boolean>`unit_id IS NULL`)
    .where('status', '=', 'published')
    .limit(1)
    .executeTakeFirst();
  return !!r;
}

/** An entry changed: a published one stays published and is marked as changed with the note. */
export async function updateWeekEntry(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: Partial<Omit<WeekEntryInput, 'unitId'>>,
) {
  if (!drafts(p)) throw calError('calendar.forbidden');
  return deps.db.transaction().execute(async (trx) => {
    const e = await trx
      .selectFrom('calendar_week_entries')
      .selectAll()
      .where('id', '=', id)
      .where('organ_id', '=', p.organId)
      .forUpdate()
      .executeTakeFirst();
    if (!e) throw calError('calendar.not_found');
    const published = e.status === 'published';
    if (published && !input.changeNote?.trim())
      throw calError('calendar.rrule_invalid', undefined, 'Lịch đã ban hành: ghi rõ nội dung thay đổi.');
    const startsAt = input.startsAt ?? e.starts_at;
    await trx
      .updateTable('calendar_week_entries')
      .set({
        starts_at: startsAt,
        week_start: weekStartOf(startsAt),
        ...(input.endsAt !== undefined ? { ends_at: input.endsAt } : {}),
        ...(input.place !== undefined ? { place: input.place } : {}),
        ...(input.leaders !== undefined ? { leaders: input.leaders } : {}),
        ...(input.content !== undefined ? { content: input.content } : {}),
        ...(input.participants !== undefined ? { participants: input.participants } : {}),
        ...(input.preparingUnit !== undefined ? { preparing_unit: input.preparingUnit } : {}),
        ...(published ? { changed: true, change_note: input.changeNote!.trim() } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      organId: p.organId,
      action: 'calendar.week.update',
      entityType: 'calendar_week_entry',
      entityId: id,
      summary: published ? `Thay đổi lịch đã ban hành: ${input.changeNote}` : 'Sửa lịch công tác (dự thảo)',
      before: e,
    });
  });
}

/** The Office sends the week's drafts for approval. */
export async function submitWeek(deps: Deps, p: Principal, actor: Actor, week: string, unitId: string | null) {
  if (!drafts(p)) throw calError('calendar.forbidden');
  return moveWeek(deps, p, actor, week, unitId, 'draft', 'submitted', 'Trình duyệt lịch công tác tuần');
}

/** The Chánh Văn phòng approves the week's submitted entries: they are published. */
export async function approveWeek(deps: Deps, p: Principal, actor: Actor, week: string, unitId: string | null) {
  if (!approves(p)) throw calError('calendar.forbidden', undefined, 'Chỉ Chánh Văn phòng duyệt lịch công tác.');
  return moveWeek(deps, p, actor, week, unitId, 'submitted', 'published', 'Duyệt và ban hành lịch công tác tuần');
}

async function moveWeek(
  deps: Deps,
  p: Principal,
  actor: Actor,
  week: string,
  unitId: string | null,
  from: 'draft' | 'submitted',
  to: 'submitted' | 'published',
  what: string,
) {
  return deps.db.transaction().execute(async (trx) => {
    const now = new Date();
    const rows = await trx
      .updateTable('calendar_week_entries')
      .set({
        status: to,
        updated_at: now,
        ...(to === 'published' ? { approved_by: p.userId, approved_at: now, published_at: now } : {}),
      })
      .where('organ_id', '=', p.organId)
      .where('week_start', '=', week)
      .where(unitId ? sql<boolean>`unit_id = ${unitId}` : sql<boolean>`unit_id IS NULL`)
      .where('status', '=', from)
      .returning('id')
      .execute();
    if (!rows.length)
      throw calError(
        'calendar.not_found',
        undefined,
        from === 'draft' ? 'Tuần này không có lịch dự thảo để trình.' : 'Tuần này không có lịch chờ duyệt.',
      );
    await recordAudit(trx, actor, {
      organId: p.organId,
      action: to === 'published' ? 'calendar.week.approve' : 'calendar.week.submit',
      entityType: 'calendar_week',
      entityId: null,
      summary: `${what} ${week} (${rows.length} mục)`,
    });
    return { count: rows.length };
  });
}

/** The week as the user may see it: published entries; the Office also sees drafts and those awaiting approval. */
export async function getWeek(db: DbOrTrx, p: Principal, week: string, unitId: string | null) {
  let q = db
    .selectFrom('calendar_week_entries as e')
    .select([
      'e.id',
      'e.starts_at',
      'e.ends_at',
      'e.place',
      'e.leaders',
      'e.content',
      'e.participants',
      'e.preparing_unit',
      'e.status',
      'e.changed',
      'e.change_note',
    ])
    .where('e.organ_id', '=', p.organId)
    .where('e.week_start', '=', week)
    .where(unitId ? sql<boolean>`e.unit_id = ${unitId}` : sql<boolean>`e.unit_id IS NULL`);
  if (!drafts(p)) q = q.where('e.status', '=', 'published');
  const rows = await q.orderBy('e.starts_at').execute();
  return {
    weekStart: week,
    canDraft: drafts(p),
    canApprove: approves(p),
    entries: rows.map((r) => ({
      id: r.id,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at?.toISOString() ?? null,
      place: r.place,
      leaders: r.leaders,
      content: r.content,
      participants: r.participants,
      preparingUnit: r.preparing_unit,
      status: r.status,
      changed: r.changed,
      changeNote: r.change_note,
    })),
  };
}
