/**
 * Public entry of the audit module — audit trail (nhật ký): recording an audited action in the caller's transaction.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { recordAudit, verifyAuditChains, type Actor } from './audit.service';
