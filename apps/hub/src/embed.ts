import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { createHubApp } from './app';
import { upsertSystem, type SystemSpec } from './systems.repo';

/**
 * Runs a hub inside another process (npm start's demo: the demo organs exchange through it).
 * Provisions the given systems, listens, and returns its endpoint.
 */
export async function startHubServer(opts: {
  db: pg.Pool | string;
  dataDir: string;
  systems: SystemSpec[];
  host?: string;
  port?: number;
  retentionDays?: number;
  logger?: boolean;
}): Promise<{ app: FastifyInstance; endpoint: string; close: () => Promise<void> }> {
  const app = await createHubApp({
    db: opts.db,
    dataDir: opts.dataDir,
    retentionDays: opts.retentionDays ?? 30,
    logger: opts.logger,
  });
  for (const s of opts.systems) await upsertSystem(app.hub.pool, s);
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ host, port: opts.port ?? 3100 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 3100);
  return { app, endpoint: `http://${host}:${port}`, close: () => app.close() };
}
