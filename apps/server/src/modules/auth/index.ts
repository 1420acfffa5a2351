/**
 * Public entry of the auth module — authentication and the principal: who is calling, roles, passwords, API tokens.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { revokeAllApiTokens } from './auth.service';
export { hashPassword, passwordProblem } from './password';
export { hasRole, type Principal } from './principal';
export { ROLES, ROLE_KEYS, isRole, type Role } from './roles';
