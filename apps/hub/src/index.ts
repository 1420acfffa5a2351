export { createHubApp, type HubAppOptions, type HubRuntime } from './app';
export { migrateHub } from './db';
export { upsertSystem, type SystemSpec } from './systems.repo';
export { HUB_ERRORS, HubError, type HubErrorCode } from './errors';
export { HubClient, HubClientError } from './client';
