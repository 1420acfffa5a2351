import type pg from 'pg';
import type { AuthContext, CallerSystem } from './auth';
import type { DeliveryQueue } from './queue';
import type { PackageStore } from './store';

/** What the routes need; built once by createHubApp. */
export interface HubDeps {
  pool: pg.Pool;
  store: PackageStore;
  now: () => Date;
  maxPackageBytes: number;
  lookupSystem: (systemId: string) => Promise<CallerSystem | null>;
  queue: DeliveryQueue;
}

declare module 'fastify' {
  interface FastifyRequest {
    hubAuth: AuthContext | null;
  }
}
