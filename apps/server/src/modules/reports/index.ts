/**
 * Public entry of the reports module (issue 19): leader dashboard, indicators, O1–O6, access statistics.
 * Other modules import only from here; routes, jobs and schedules are registered from modules/registry.ts.
 */
import type { Deps } from '../../deps';
import type { RouteModule } from '../../http/app';
import type { Cron } from '../jobs';
import { reportsRouteModule } from './reports.routes';

export const reportsRoutes: RouteModule = reportsRouteModule;
export function registerReportsJobs(_deps: Deps): void {}
export function registerReportsSchedules(_cron: Cron): void {}
