/**
 * Who may read an organ's audit trail: its administrators, and the installation's sysadmin for any organ. Someone
 * of another organ gets the 404 a missing organ gets. Pure rules over the principal (auth), so audit depends on
 * no module but auth (every module records into audit; audit must not call back into them).
 */
import { AppError, forbidden } from '../../http/errors';
import type { Principal } from '../auth';

/** The organ an audit request reads: a sysadmin may name one, everyone else reads their own. */
export function auditOrgan(p: Principal, requested?: string): string {
  return p.sysadmin && requested ? requested : p.organId;
}

export function authorizeAuditRead(p: Principal, organId: string): void {
  if (p.sysadmin) return;
  if (organId !== p.organId) throw new AppError('org.not_found', 404, 'Không tìm thấy mục yêu cầu.');
  if (!p.roles.has('admin')) throw forbidden();
}
