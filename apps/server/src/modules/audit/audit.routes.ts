import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { requirePrincipal } from '../../http/context';
import { localDate } from '../../http/schemas';
import { auditOrgan, authorizeAuditRead } from './audit.policy';
import { listAuditEvents, verifyAuditChains } from './audit.service';

const date = localDate;

export const auditRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/admin/audit',
    {
      schema: {
        tags: ['admin: nhật ký'],
        summary: 'Nhật ký hệ thống (lọc theo thao tác, người dùng, đối tượng, ngày)',
        querystring: z.object({
          organId: z.string().uuid().optional(),
          action: z.string().max(100).optional(),
          actorId: z.string().uuid().optional(),
          entityType: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
          from: date.optional(),
          to: date.optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const organId = auditOrgan(p, req.query.organId);
      authorizeAuditRead(p, organId);
      // Summaries of events about documents above the reader's clearance are withheld (issue 10, hole 1).
      return listAuditEvents(deps.db, organId, req.query, p.clearance);
    },
  );
  app.get(
    '/api/admin/audit/verify',
    {
      schema: {
        tags: ['admin: nhật ký'],
        summary: 'Kiểm tra chuỗi băm của nhật ký',
        querystring: z.object({ organId: z.string().uuid().optional() }),
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const organId = auditOrgan(p, req.query.organId);
      authorizeAuditRead(p, organId);
      return verifyAuditChains(deps.db, organId);
    },
  );
};
