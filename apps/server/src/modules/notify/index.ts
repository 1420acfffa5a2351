/**
 * Public entry of the notify module — notifications to users and the heads of a unit.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { notify, unitHeads } from './notify.service';
export { type NotifyTables } from './notify.tables';
