/**
 * The list of server modules. A new module adds its routes and its job definitions here (one line each),
 * so app.ts and system.ts stay untouched.
 */
import type { Deps } from '../deps';
import type { RouteModule } from '../http/app';
import { authRoutes } from './auth/auth.routes';
import { orgRoutes } from './org/org.routes';
import { auditRoutes } from './audit/audit.routes';
import { blobRoutes } from './blobs/blobs.routes';
import { jobRoutes } from './jobs/jobs.routes';
import { calendarRoutes, meetingRoutes } from './calendar/calendar.routes';
import type { Cron } from './jobs/jobs.cron';
import { outgoingRoutes } from './outgoing/outgoing.routes';
import { defineOutgoingJobs } from './outgoing/outgoing.jobs';
import { registerRoutes } from './registers/registers.routes';
import { incomingRoutes } from './incoming/incoming.routes';
import { notifyRoutes } from './notify/notify.routes';
import { registerIncomingJobs, registerIncomingSchedules } from './incoming/incoming.jobs';
import { exchangeRoutes } from './exchange/exchange.routes';
import { registerExchangeJobs } from './exchange/exchange.runtime';
import { signingRoutes } from './signing/signing.routes';
import { registerSigningJobs } from './signing/signing.jobs';
import { workfilesRoutes } from './workfiles';
import { registerBlobJobs, registerBlobSchedules } from './blobs/blobs.sweep';
import { archiveRoutes, registerArchiveJobs } from './archive';
import { searchRoutes, registerSearchJobs } from './search';
import { registerCalendarJobs, registerCalendarSchedules } from './calendar';
import { registerNotifyJobs, registerNotifySchedules } from './notify';
import { preservationRoutes, registerPreservationJobs, registerPreservationSchedules } from './preservation';
import { onestopRoutes, registerOnestopJobs, registerOnestopSchedules } from './onestop';
import { reportsRoutes, registerReportsJobs, registerReportsSchedules } from './reports';
import { digitisationRoutes, registerDigitisationJobs } from './digitisation';

export const routeModules: RouteModule[] = [
  authRoutes,
  orgRoutes,
  auditRoutes,
  blobRoutes,
  jobRoutes,
  calendarRoutes,
  meetingRoutes,
  exchangeRoutes,
];
routeModules.push(registerRoutes, incomingRoutes, notifyRoutes);

routeModules.push(outgoingRoutes);
routeModules.push(signingRoutes);
routeModules.push(workfilesRoutes);
routeModules.push(archiveRoutes);
routeModules.push(searchRoutes);
routeModules.push(onestopRoutes);
routeModules.push(reportsRoutes);
routeModules.push(digitisationRoutes);
routeModules.push(preservationRoutes);

/** Job kinds of every module (handlers are defined against the deps they need). */
export function registerModuleJobs(_deps: Deps): void {
  defineOutgoingJobs(_deps);
  registerExchangeJobs(_deps);
  registerSigningJobs(_deps);
  registerIncomingJobs(_deps);
  registerBlobJobs(_deps);
  registerArchiveJobs(_deps);
  registerSearchJobs(_deps);
  registerCalendarJobs(_deps);
  registerNotifyJobs(_deps);
  registerPreservationJobs(_deps);
  registerOnestopJobs(_deps);
  registerReportsJobs(_deps);
  registerDigitisationJobs(_deps);
}

/** Schedules of every module (daily reminders and the like). */
export function registerModuleSchedules(_cron: Cron): void {
  registerIncomingSchedules(_cron);
  registerBlobSchedules(_cron);
  registerCalendarSchedules(_cron);
  registerNotifySchedules(_cron);
  registerPreservationSchedules(_cron);
  registerOnestopSchedules(_cron);
  registerReportsSchedules(_cron);
}
