/**
 * Public entry of the org module — organs, units and people: the organ guard and the target organ of a request.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { authorizeOrg } from './org.guard';
export { targetOrgan } from './org.policy';
