/**
 * Public entry of the jobs module — the job queue and the cron: enqueue in the caller's transaction, job definitions with payload schemas.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { type Cron } from './jobs.cron';
export { JobWorker, enqueue, type JobDef } from './jobs.queue';
