/**
 * Public entry of the notify module — notifications to users and the heads of a unit; the mail outbox (SMTP);
 * the văn thư's inbound mailbox.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { notify, unitHeads } from './notify.service';
export { type NotifyTables } from './notify.tables';
export { queueMail, renderMail, mailFromAddress, MAIL_TEMPLATES, SEND_MAIL, type MailInput } from './notify.mail';
import type { Deps } from '../../deps';
import type { Cron } from '../jobs';
import { defineMailJobs } from './notify.mail';

/** Jobs and schedules of notifications (mail outbox, digests — issue 18). */
export function registerNotifyJobs(deps: Deps): void {
  defineMailJobs(deps);
}
export function registerNotifySchedules(_cron: Cron): void {}
