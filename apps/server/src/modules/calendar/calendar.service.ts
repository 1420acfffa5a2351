import { createCalendar, type CalendarOverride } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { AppError, conflict } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { authorizeOrg } from '../org';

/** The organ's working-day calendar: statutory holidays from @vanthu/vn plus the organ's announced swaps. */
export async function organCalendar(db: DbOrTrx, organId: string) {
  const rows = await db
    .selectFrom('calendar_overrides')
    .select(['date', 'kind', 'note'])
    .where('organ_id', '=', organId)
    .execute();
  const overrides: CalendarOverride[] = rows.map((r) => ({ date: r.date, kind: r.kind, note: r.note }));
  return createCalendar({ overrides });
}

export async function calendarYear(deps: Deps, p: Principal, organId: string, year: number) {
  authorizeOrg(p, 'calendar.read', organId);
  const cal = await organCalendar(deps.db, organId);
  const overrides = await deps.db
    .selectFrom('calendar_overrides')
    .select(['id', 'date', 'kind', 'note'])
    .where('organ_id', '=', organId)
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
  // Overrides are listed on their own; holidays are the statutory and compensatory days only.
  return { holidays: cal.holidays(year).filter((h) => h.kind !== 'override'), overrides };
}

export async function addOverride(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  input: { date: string; kind: 'off' | 'work'; note: string },
) {
  authorizeOrg(p, 'calendar.manage', organId);
  return deps.db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('calendar_overrides')
      .select('id')
      .where('organ_id', '=', organId)
      .where('date', '=', input.date)
      .executeTakeFirst();
    if (dup) throw conflict('calendar.override_exists', 'Ngày này đã có điều chỉnh; xóa điều chỉnh cũ trước.');
    const row = await trx
      .insertInto('calendar_overrides')
      .values({ organ_id: organId, ...input })
      .returning(['id', 'date', 'kind', 'note'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId,
      action: 'calendar.override.add',
      entityType: 'calendar_override',
      entityId: row.id,
      summary: `${input.kind === 'off' ? 'Thêm ngày nghỉ' : 'Thêm ngày làm bù'} ${input.date}`,
      after: row,
    });
    return row;
  });
}

export async function removeOverride(deps: Deps, p: Principal, actor: Actor, organId: string, id: string) {
  authorizeOrg(p, 'calendar.manage', organId);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('calendar_overrides')
      .where('id', '=', id)
      .where('organ_id', '=', organId)
      .returning(['date', 'kind', 'note'])
      .executeTakeFirst();
    if (!row) throw new AppError('calendar.not_found', 404, 'Không tìm thấy điều chỉnh lịch.');
    await recordAudit(trx, actor, {
      organId,
      action: 'calendar.override.remove',
      entityType: 'calendar_override',
      entityId: id,
      summary: `Xóa điều chỉnh lịch ngày ${row.date}`,
      before: row,
    });
  });
}
