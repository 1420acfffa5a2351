export { createHubApp, type HubAppOptions, type HubRuntime } from './app';
export { startHubServer } from './embed';
export { migrateHub } from './db';
export { loadHubConfig, type HubConfig } from './config';
export { upsertSystem, type SystemSpec } from './systems.repo';
export { HUB_ERRORS, HubError, type HubErrorCode } from './errors';
export { HubClient, HubClientError } from './client';
