import { AppError, forbidden } from '../../http/errors';
import type { Principal } from '../auth';
import { decideOrg, type OrgAction } from './org.policy';

export function authorizeOrg(p: Principal, action: OrgAction, organId: string, notFoundCode = 'org.not_found'): void {
  const d = decideOrg(p, action, organId);
  if (d === 'not_found') throw new AppError(notFoundCode, 404, 'Không tìm thấy mục yêu cầu.');
  if (d === 'forbidden') throw forbidden();
}
