import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { localDate } from '../../http/schemas';
import { targetOrgan } from '../org';
import { addOverride, calendarYear, removeOverride } from './calendar.service';

const tags = ['admin: lịch nghỉ'];
const OrganQuery = z.object({ organId: z.string().uuid().optional() });

export const calendarRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/admin/calendar',
    {
      schema: {
        tags,
        summary: 'Ngày nghỉ lễ (tính theo luật, gồm âm lịch) và điều chỉnh của cơ quan trong năm',
        querystring: OrganQuery.extend({ year: z.coerce.number().int().min(2000).max(2100) }),
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      return calendarYear(deps, p, targetOrgan(p, req.query.organId), req.query.year);
    },
  );
  app.post(
    '/api/admin/calendar/overrides',
    {
      schema: {
        tags,
        summary: 'Thêm ngày nghỉ/ngày làm bù được công bố',
        querystring: OrganQuery,
        body: z.object({
          date: localDate,
          kind: z.enum(['off', 'work']),
          note: z.string().trim().max(200).default(''),
        }),
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const organId = targetOrgan(p, req.query.organId);
      return addOverride(deps, p, actorOf(req, organId), organId, req.body);
    },
  );
  app.delete(
    '/api/admin/calendar/overrides/:id',
    {
      schema: {
        tags,
        summary: 'Xóa điều chỉnh lịch',
        params: z.object({ id: z.string().uuid() }),
        querystring: OrganQuery,
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req);
      const organId = targetOrgan(p, req.query.organId);
      await removeOverride(deps, p, actorOf(req, organId), organId, req.params.id);
      return reply.status(204).send();
    },
  );
};
