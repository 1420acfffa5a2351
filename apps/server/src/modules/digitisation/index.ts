/**
 * Public entry of the digitisation module (số hóa, issue 22): scans in, Vietnamese OCR, PDF/A out, metadata
 * proposed. Other modules import only from here; routes and jobs are registered from modules/registry.ts.
 */
import type { Deps } from '../../deps';
import type { RouteModule } from '../../http/app';

export const digitisationRoutes: RouteModule = () => {};
export function registerDigitisationJobs(_deps: Deps): void {}
