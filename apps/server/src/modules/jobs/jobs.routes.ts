import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { AppError } from '../../http/errors';
import { recordAudit } from '../audit';
import { authorizeJobsManage } from './jobs.policy';
import { listJobs, retryJob } from './jobs.queue';

export const jobRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/admin/jobs',
    {
      schema: {
        tags: ['admin: tác vụ nền'],
        summary: 'Tác vụ nền (lọc: dead = hỏng hẳn, failed = đang chờ thử lại, pending)',
        querystring: z.object({ state: z.enum(['dead', 'failed', 'pending', 'running', 'done']).default('dead') }),
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      authorizeJobsManage(p);
      return {
        items: await listJobs(deps.db, { state: req.query.state, organId: p.sysadmin ? undefined : p.organId }),
      };
    },
  );
  app.post(
    '/api/admin/jobs/:id/retry',
    {
      schema: {
        tags: ['admin: tác vụ nền'],
        summary: 'Chạy lại một tác vụ hỏng',
        params: z.object({ id: z.string().regex(/^\d+$/) }),
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req);
      authorizeJobsManage(p);
      const ok = await retryJob(deps.db, req.params.id, p.sysadmin ? null : p.organId);
      if (!ok) throw new AppError('jobs.not_found', 404, 'Không tìm thấy tác vụ hỏng này.');
      await deps.db.transaction().execute((trx) =>
        recordAudit(trx, actorOf(req), {
          action: 'jobs.retry',
          entityType: 'job',
          entityId: req.params.id,
          summary: 'Chạy lại tác vụ nền',
        }),
      );
      return reply.status(204).send();
    },
  );
};
