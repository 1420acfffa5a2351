import type pg from 'pg';
import type { AuthContext, CallerSystem } from './auth';
import type { PackageStore } from './store';

/** What the routes need; built once by createHubApp. */
export interface HubDeps {
  pool: pg.Pool;
  store: PackageStore;
  now: () => Date;
  maxPackageBytes: number;
  lookupSystem: (systemId: string) => Promise<CallerSystem | null>;
}

declare module 'fastify' {
  interface FastifyRequest {
    hubAuth: AuthContext | null;
  }
}
