import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { requirePrincipal } from '../../http/context';
import { listNotifications, markRead } from './notify.service';

const tags = ['thông báo'];
const Item = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const notifyRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'Thông báo của tôi (mới nhất trước) và số chưa đọc',
        querystring: z.object({ unread: z.enum(['1', '0']).optional() }),
        response: { 200: z.object({ unread: z.number(), items: z.array(Item) }) },
      },
    },
    async (req) => listNotifications(deps.db, requirePrincipal(req).userId, { unreadOnly: req.query.unread === '1' }),
  );
  app.get(
    '/api/notifications/unread-count',
    { schema: { tags, summary: 'Số thông báo chưa đọc', response: { 200: z.object({ unread: z.number() }) } } },
    async (req) => {
      const r = await listNotifications(deps.db, requirePrincipal(req).userId, { limit: 0 });
      return { unread: r.unread };
    },
  );
  app.post(
    '/api/notifications/:id/read',
    { schema: { tags, summary: 'Đánh dấu đã đọc', params: z.object({ id: z.string().uuid() }) } },
    async (req, reply) => {
      await markRead(deps.db, requirePrincipal(req).userId, req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/notifications/read-all',
    { schema: { tags, summary: 'Đánh dấu tất cả đã đọc' } },
    async (req, reply) => {
      await markRead(deps.db, requirePrincipal(req).userId, 'all');
      return reply.status(204).send();
    },
  );
};
