import { z } from 'zod';
import type { RouteModule } from './app';
import { migrationsDone } from '../db/migrate';

export const healthRoutes: RouteModule = (app, deps) => {
  app.get(
    '/healthz',
    { schema: { tags: ['ops'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    { schema: { tags: ['ops'], summary: 'Readiness: database reachable and migrations applied' } },
    async (_req, reply) => {
      try {
        await deps.pool.query('SELECT 1');
        if (!(await migrationsDone(deps.pool))) return reply.status(503).send({ status: 'migrating' });
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({ status: 'database_unreachable' });
      }
    },
  );
};
