import { z } from 'zod';
import { formatDate, todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import { organCalendar } from '../calendar';
import type { Cron } from '../jobs';
import { notify, unitHeads } from '../notify';
import { defineStatusJob } from './incoming.events';
import { DUE_SOON_WORKING_DAYS } from './incoming.lists';

export const REMINDERS_JOB = 'incoming.reminders';

/**
 * F1l: each morning, assignees of open rows due within N working days or overdue get a notification.
 * Idempotent per day: the notification's dedup key is row + date, so a re-run (retry, second cron) adds nothing.
 */
export async function runReminders(deps: Deps, opts: { days?: number; organId?: string } = {}): Promise<number> {
  const today = todayVN(deps.now());
  let organs = deps.db.selectFrom('organs').select('id').where('active', '=', true);
  if (opts.organId) organs = organs.where('id', '=', opts.organId);
  let sent = 0;
  for (const { id: organId } of await organs.execute()) {
    const soon = (await organCalendar(deps.db, organId)).addWorkingDays(today, opts.days ?? DUE_SOON_WORKING_DAYS);
    const rows = await deps.db
      .selectFrom('incoming_assignments as a')
      .innerJoin('incoming_documents as d', 'd.id', 'a.document_id')
      .select([
        'a.id',
        'a.assignee_user_id',
        'a.assignee_unit_id',
        'a.deadline',
        'd.id as doc_id',
        'd.subject',
        'd.arrival_number',
      ])
      .where('a.organ_id', '=', organId)
      .where('a.state', 'in', ['pending', 'in_progress'])
      .where('a.deadline', '<=', soon)
      .execute();
    const heads = new Map<string, string[]>();
    for (const r of rows) {
      let users: string[];
      if (r.assignee_user_id) users = [r.assignee_user_id];
      else {
        if (!heads.has(r.assignee_unit_id!))
          heads.set(r.assignee_unit_id!, await unitHeads(deps.db, r.assignee_unit_id!));
        users = heads.get(r.assignee_unit_id!)!;
      }
      const overdue = r.deadline! < today;
      sent += await notify(deps.db, {
        organId,
        userIds: users,
        kind: overdue ? 'incoming.overdue' : 'incoming.due_soon',
        title: overdue
          ? `Văn bản đến quá hạn xử lý (hạn ${formatDate(r.deadline!)})`
          : `Văn bản đến sắp đến hạn xử lý (hạn ${formatDate(r.deadline!)})`,
        body: `Số đến ${r.arrival_number ?? '—'}: ${r.subject}`,
        link: `/incoming/doc/${r.doc_id}`,
        dedupKey: `reminder:${r.id}:${today}`,
      });
    }
  }
  return sent;
}

export function registerIncomingJobs(deps: Deps): void {
  defineStatusJob(deps);
  deps.jobs.define({
    kind: REMINDERS_JOB,
    schema: z.object({ days: z.number().int().min(0).max(30).optional() }),
    handler: async (p) => void (await runReminders(deps, { days: p.days })),
  });
}

export function registerIncomingSchedules(cron: Cron): void {
  cron.add({ kind: REMINDERS_JOB, dailyAt: '07:00' });
}
