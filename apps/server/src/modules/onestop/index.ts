/**
 * Public entry of the one-stop module (một cửa điện tử, issue 17): procedures, dossiers, deadlines in working hours,
 * the citizen's lookup. Other modules import only from here; routes, jobs and schedules are registered from
 * modules/registry.ts.
 */
import type { Deps } from '../../deps';
import type { RouteModule } from '../../http/app';
import type { Cron } from '../jobs';

export const onestopRoutes: RouteModule = () => {};
export function registerOnestopJobs(_deps: Deps): void {}
export function registerOnestopSchedules(_cron: Cron): void {}
