/** Who sees and retries the organ's background jobs (the admin's "Tác vụ nền"): its administrators and the sysadmin. */
import { forbidden } from '../../http/errors';
import type { Principal } from '../auth';

export function authorizeJobsManage(p: Principal): void {
  if (!p.sysadmin && !p.roles.has('admin')) throw forbidden();
}
