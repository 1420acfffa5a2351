import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { Db } from './db/database';
import type { BlobStore } from './modules/blobs/blobs.store';
import type { JobRegistry } from './modules/jobs/jobs.queue';

/** Everything a service needs, built once in main.ts and overridable in tests. */
export interface Deps {
  config: Config;
  db: Db;
  pool: pg.Pool;
  log: Logger;
  blobs: BlobStore;
  jobs: JobRegistry;
  now: () => Date;
}
