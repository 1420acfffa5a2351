/**
 * Public entry of the notify module — notifications to users and the heads of a unit.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { notify, unitHeads } from './notify.service';
export { type NotifyTables } from './notify.tables';
import type { Deps } from '../../deps';
import type { Cron } from '../jobs';

/** Jobs and schedules of notifications (mail outbox, digests — issue 18). */
export function registerNotifyJobs(_deps: Deps): void {}
export function registerNotifySchedules(_cron: Cron): void {}
