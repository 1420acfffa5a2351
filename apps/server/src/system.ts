import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { pino, type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config';
import { createDb } from './db/database';
import { startEmbeddedPostgres, type EmbeddedCluster } from './db/embedded';
import { migrate } from './db/migrate';
import type { Deps } from './deps';
import { buildApp } from './http/app';
import { DiskBlobStore } from './modules/blobs/blobs.store';
import { JobRegistry, JobWorker } from './modules/jobs/jobs.queue';
import { Cron } from './modules/jobs/jobs.cron';
import { seedDemo } from './seed/demo';
import { seedDemoOffice } from './seed/demo-office';
import { sealAudit } from './modules/audit/audit.service';
import { registerModuleJobs, registerModuleSchedules } from './modules/registry';
import { startExchange } from './modules/exchange/exchange.runtime';

export interface System {
  deps: Deps;
  app: FastifyInstance | null;
  worker: JobWorker | null;
  url: string | null;
  seeded: boolean;
  close: () => Promise<void>;
}

/** Ensures the named database exists on the embedded cluster (the cluster's own 'postgres' db stays clean). */
async function ensureDatabase(adminUrl: string, name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}

export async function startSystem(
  config: Config = loadConfig(),
  opts: { log?: Logger; listen?: boolean } = {},
): Promise<System> {
  const log =
    opts.log ?? pino({ level: config.logLevel, base: { app: 'vanthu' }, timestamp: pino.stdTimeFunctions.isoTime });
  fs.mkdirSync(config.dataDir, { recursive: true });
  let cluster: EmbeddedCluster | null = null;
  let url = config.databaseUrl;
  if (!url) {
    const port = Number(process.env.VANTHU_PG_PORT ?? 54329);
    log.info({ dir: path.join(config.dataDir, 'pg'), port }, 'starting embedded PostgreSQL');
    cluster = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'pg'),
      port,
      log: (m) => log.debug({ pg: m }),
    });
    await ensureDatabase(cluster.url('postgres'), 'vanthu');
    url = cluster.url('vanthu');
  }
  const { db, pool } = createDb(url);
  await migrate(pool, (m) => log.info(m));
  const seeded = config.demo ? await seedDemo(db) : false;
  if (seeded) log.info('demo installation seeded');

  const blobs = new DiskBlobStore(path.join(config.dataDir, 'blobs'), { mirror: config.preservation.blobMirror });
  const jobs = new JobRegistry();
  const deps: Deps = { config, db, pool, log, blobs, jobs, now: () => new Date() };
  registerPlatformJobs(deps);
  registerModuleJobs(deps);

  const app = config.roles.has('web') ? await buildApp(deps) : null;
  let worker: JobWorker | null = null;
  let sealer: NodeJS.Timeout | null = null;
  let cron: Cron | null = null;
  if (config.roles.has('worker')) {
    worker = new JobWorker(db, jobs, { log });
    await worker.reviveStuck();
    worker.start();
    // Chain committed audit events promptly (the writers never wait for the chain).
    sealer = setInterval(() => {
      sealAudit(db).catch((err) => log.error({ err }, 'audit sealing failed'));
    }, 1000);
    sealer.unref();
  }
  if (config.roles.has('cron')) {
    cron = new Cron(db, log);
    cron.add({ kind: 'platform.housekeeping', everyMinutes: 60 });
    registerModuleSchedules(cron);
    cron.start();
  }
  // --- exchange (liên thông): receive/send loop, demo hub under /vxp — modules/exchange/exchange.runtime.ts ---
  const exchange = await startExchange(deps, app, { listening: opts.listen !== false });
  // --- end exchange ---
  // Demo: a working office (documents in every box) before the server answers /readyz.
  if (config.demoOffice && app) {
    const office = await seedDemoOffice(deps, app);
    if (!office.skipped) log.info(office, 'demo office seeded');
  }
  let address: string | null = null;
  if (app && opts.listen !== false) address = await app.listen({ port: config.port, host: config.host });
  return {
    deps,
    app,
    worker,
    url: address,
    seeded,
    close: async () => {
      cron?.stop();
      if (sealer) clearInterval(sealer);
      await exchange.stop();
      await worker?.stop();
      await app?.close();
      await db.destroy();
      await cluster?.stop();
    },
  };
}

function registerPlatformJobs(deps: Deps) {
  // Hourly housekeeping: expired sessions, crashed uploads' temp files.
  deps.jobs.define({
    kind: 'platform.housekeeping',
    schema: z.object({}).passthrough(),
    handler: async () => {
      await deps.db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
      await deps.blobs.sweepTemp(24 * 3600_000);
    },
  });
}
