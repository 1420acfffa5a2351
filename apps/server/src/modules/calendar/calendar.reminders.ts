/**
 * Reminders before a meeting (job calendar.meeting_reminders, every 15 minutes): everyone expected there — the chair,
 * attendees who did not decline or send a deputy, and the deputies sent — gets an in-app notification and, with an
 * address, a mail, once per meeting (the notification's dedup key), for meetings starting within REMIND_AHEAD_MS.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { Cron } from '../jobs';
import { MAIL_TEMPLATES, notify, queueMail } from '../notify';
import { vnWhen } from './calendar.meetings';

export const MEETING_REMINDERS = 'calendar.meeting_reminders';
export const REMIND_AHEAD_MS = 2 * 3600_000;

export async function runMeetingReminders(deps: Deps, now = deps.now()): Promise<number> {
  const rows = await sql<{
    meeting_id: string;
    organ_id: string;
    title: string;
    starts_at: Date;
    place: string;
    user_id: string;
    email: string | null;
  }>`
    SELECT m.id AS meeting_id, m.organ_id, m.title, m.starts_at,
           concat_ws(' — ', NULLIF(r.name, ''), NULLIF(m.place, '')) AS place, u.id AS user_id, u.email
    FROM calendar_meetings m
    LEFT JOIN calendar_rooms r ON r.id = m.room_id
    JOIN LATERAL (
      SELECT m.chair_id AS user_id WHERE m.chair_id IS NOT NULL
      UNION SELECT a.user_id FROM calendar_attendees a WHERE a.meeting_id = m.id AND a.answer NOT IN ('decline', 'deputy')
      UNION SELECT a.deputy_id FROM calendar_attendees a WHERE a.meeting_id = m.id AND a.answer = 'deputy' AND a.deputy_id IS NOT NULL
    ) who ON true
    JOIN users u ON u.id = who.user_id
    WHERE m.status = 'scheduled' AND m.starts_at > ${now} AND m.starts_at <= ${new Date(now.getTime() + REMIND_AHEAD_MS)}
    ORDER BY m.starts_at
    LIMIT 5000`.execute(deps.db);
  let sent = 0;
  for (const r of rows.rows)
    await deps.db.transaction().execute(async (trx) => {
      const when = vnWhen(new Date(r.starts_at));
      const n = await notify(trx, {
        organId: r.organ_id,
        userIds: [r.user_id],
        kind: 'calendar.reminder',
        title: `Sắp đến giờ họp: ${r.title}`,
        body: `${when}${r.place ? ` — ${r.place}` : ''}`,
        link: '/calendar',
        dedupKey: `meeting-reminder:${r.meeting_id}`,
      });
      if (!n) return; // reminded before
      sent++;
      if (r.email)
        await queueMail(trx, {
          organId: r.organ_id,
          to: r.email,
          ...MAIL_TEMPLATES.reminder({ title: r.title, when, place: r.place || 'Theo giấy mời' }),
          related: { type: 'calendar_meeting', id: r.meeting_id },
        });
    });
  return sent;
}

export function defineReminderJob(deps: Deps): void {
  deps.jobs.define({
    kind: MEETING_REMINDERS,
    schema: z.object({}).passthrough(),
    handler: async () => void (await runMeetingReminders(deps)),
  });
}

export function scheduleReminders(cron: Cron): void {
  cron.add({ kind: MEETING_REMINDERS, everyMinutes: 15 });
}
