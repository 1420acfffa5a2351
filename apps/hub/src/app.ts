import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type pg from 'pg';
import { adminRoutes } from './admin.routes';
import { agencyRoutes } from './agencies.routes';
import type { CallerSystem } from './auth';
import type { HubDeps } from './context';
import { createPool, migrateHub, migrationsDone } from './db';
import { callOf, failEnvelope, HubError } from './errors';
import { sweepRetention, sweepStorage } from './gc';
import { pruneSignatures } from './replay';
import { PackageStore } from './store';
import { findSystem } from './systems.repo';
import { vxpRoutes } from './vxp.routes';

export interface HubAppOptions {
  /** A pg Pool (kept open on close) or a connection string (pool owned by the app). */
  db: pg.Pool | string;
  dataDir: string;
  /** Delivered-and-done packages are deleted this many days after their last acknowledgement. */
  retentionDays: number;
  clock?: () => Date;
  maxPackageBytes?: number;
  /** Period of the retention sweep; 0 disables the timer (call app.hub.sweepRetention()). Default 1 hour. */
  sweepIntervalMs?: number;
  /** How long a system's credentials and organs are cached in memory. Default 2 s. */
  authCacheMs?: number;
  logger?: FastifyServerOptions['logger'];
}

export interface HubRuntime {
  pool: pg.Pool;
  store: PackageStore;
  sweepRetention: () => Promise<number>;
  sweepStorage: () => Promise<{ temps: number; orphans: number }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    hub: HubRuntime;
  }
}

function toHubError(err: unknown): HubError {
  if (err instanceof HubError) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') return new HubError('hub.package_too_large');
  if (e.code?.startsWith('FST_') && e.statusCode && e.statusCode < 500)
    return new HubError('hub.bad_request', e.message);
  return new HubError('hub.internal');
}

/**
 * The exchange hub: VXP transport (exchange.md §4) with store-and-forward in PostgreSQL. Runs the hub
 * migrations, sweeps what a crash may have left in dataDir, and mounts the routes at / and /vxp/.
 */
export async function createHubApp(opts: HubAppOptions): Promise<FastifyInstance> {
  const { pool, owned } = createPool(opts.db);
  const now = opts.clock ?? (() => new Date());
  const store = new PackageStore(opts.dataDir);
  await store.init();
  await migrateHub(pool);
  await sweepStorage(pool, store);

  const cacheMs = opts.authCacheMs ?? 2000;
  const cache = new Map<string, { at: number; sys: CallerSystem | null }>();
  const deps: HubDeps = {
    pool,
    store,
    now,
    maxPackageBytes: opts.maxPackageBytes ?? 1024 * 1024 * 1024,
    lookupSystem: async (id) => {
      const hit = cache.get(id);
      if (hit && Date.now() - hit.at < cacheMs) return hit.sys;
      const sys = await findSystem(pool, id);
      if (cacheMs > 0 && sys) cache.set(id, { at: Date.now(), sys });
      return sys;
    },
    forgetSystem: (id) => cache.delete(id),
  };

  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024 });
  app.decorate('hub', {
    pool,
    store,
    sweepRetention: async () => {
      await pruneSignatures(pool, opts.retentionDays, now());
      return sweepRetention(pool, store, opts.retentionDays, now());
    },
    sweepStorage: () => sweepStorage(pool, store),
  });
  app.decorateRequest('hubAuth', null);
  await app.register(multipart);
  // The official VXP client posts list calls with Content-Type: application/json and an empty body
  // (exchange.md §4): an empty JSON body is read as {}.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HubError('hub.bad_request', 'nội dung JSON không hợp lệ'), undefined);
    }
  });
  // sendEdoc of the official client (2.0.x): the raw .edxml as application/octet-stream, streamed to
  // the route; a route that does not read a body leaves it to be drained.
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  app.setErrorHandler((err, req, reply) => {
    const he = toHubError(err);
    if (he.httpStatus >= 500) req.log.error({ err }, 'hub request failed');
    return reply.status(he.httpStatus).send(failEnvelope(he, callOf(req.url)));
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send(failEnvelope(new HubError('hub.not_found', 'đường dẫn'), callOf(req.url))),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ready = await migrationsDone(pool);
    if (!ready) return reply.status(503).send(failEnvelope(new HubError('hub.unavailable')));
    return { status: 'ready' };
  });

  for (const prefix of ['', '/vxp']) {
    await app.register(
      async (scope) => {
        await vxpRoutes(scope, deps);
        await agencyRoutes(scope, deps);
        await adminRoutes(scope, deps);
      },
      { prefix },
    );
  }

  let timer: NodeJS.Timeout | null = null;
  const every = opts.sweepIntervalMs ?? 3600_000;
  if (every > 0) {
    timer = setInterval(() => {
      app.hub.sweepRetention().catch((err: unknown) => app.log.error({ err }, 'retention sweep failed'));
    }, every);
    timer.unref();
  }
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await store.close();
    if (owned) await pool.end();
  });
  return app;
}
