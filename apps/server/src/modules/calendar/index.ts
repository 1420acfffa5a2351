/**
 * Public entry of the calendar module — the organ's working calendar (holidays, working days) used for deadlines.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { organCalendar } from './calendar.service';
export { applyIcsReply } from './calendar.meetings';
import { defineReminderJob, scheduleReminders } from './calendar.reminders';
import type { Deps } from '../../deps';
import type { Cron } from '../jobs';

/** Jobs and schedules of the calendar (meetings, reminders, week calendars — issue 18). */
export function registerCalendarJobs(deps: Deps): void {
  defineReminderJob(deps);
}
export function registerCalendarSchedules(cron: Cron): void {
  scheduleReminders(cron);
}
