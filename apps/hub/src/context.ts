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
  /** Drops a cached lookup after an admin change (other hub processes see it when their short cache expires). */
  forgetSystem?: (systemId: string) => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    hubAuth: AuthContext | null;
  }
}
