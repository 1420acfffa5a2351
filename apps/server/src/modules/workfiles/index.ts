/**
 * Public entry of the work files module (hồ sơ công việc, danh mục hồ sơ, phiếu trình). Other modules import
 * only from here: service functions, the error catalogue, the TT 05 mapping, the route module.
 */
import type { RouteModule } from '../../http/app';
import { workfileFileRoutes } from './workfiles.routes';
import { workfilePlanRoutes } from './workfiles.plans.routes';
import { workfileSubmissionRoutes } from './workfiles.submissions.routes';

export { WORKFILES_ERRORS, CLOSE_REASONS, type WorkfilesErrorCode, type CloseReason } from './workfiles.errors';
export {
  fileCode,
  docCode,
  addMember,
  createFile,
  getFile,
  listFiles,
  searchFilesToAdd,
  filesOfDocument,
  closeFile,
  reopenFile,
  setTransferLookup,
  type TransferLookup,
} from './workfiles.service';
export { createPlan, approvePlan, getPlan, listPlans } from './workfiles.plans';
export { createSubmission, actOnSubmission, listSubmissions, submissionStats } from './workfiles.submissions';
export { proposeRetention, RETENTION_LABELS } from './workfiles.retention';
export { exportXml } from './workfiles.export';
export type { WorkfilesTables, Retention, MemberKind } from './workfiles.tables';

/** All routes of the module (registered once in modules/registry.ts). */
export const workfilesRoutes: RouteModule = async (app, deps) => {
  await workfilePlanRoutes(app, deps);
  await workfileSubmissionRoutes(app, deps);
  await workfileFileRoutes(app, deps);
};
