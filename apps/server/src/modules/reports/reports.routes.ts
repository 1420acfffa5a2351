import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { requirePrincipal } from '../../http/context';
import { forbidden } from '../../http/errors';
import { TRACKS } from '../incoming';
import { dashboard } from './reports.dashboard';
import { canSeeDashboard } from './reports.policy';

const tags = ['báo cáo'];
const Counts = z.object(
  Object.fromEntries(TRACKS.map((t) => [t, z.number().int()])) as Record<(typeof TRACKS)[number], z.ZodNumber>,
);
const Bucket = z.object({ label: z.string(), from: z.string(), to: z.string(), received: z.number().int() });
const DashboardSchema = z.object({
  today: z.string(),
  total: Counts,
  units: z.array(z.object({ unitId: z.string().nullable(), unitName: z.string(), counts: Counts })),
  weeks: z.array(Bucket),
  months: z.array(Bucket),
  oldestOverdue: z.array(
    z.object({
      id: z.string(),
      numberNotation: z.string(),
      subject: z.string(),
      deadline: z.string().nullable(),
      issuingOrganName: z.string(),
    }),
  ),
});

export const reportsRouteModule: RouteModule = (app, deps) => {
  app.get(
    '/api/reports/dashboard',
    {
      schema: {
        tags,
        summary:
          'Bảng điều hành của lãnh đạo: văn bản đến theo đơn vị (đã nhận, đang xử lý, đúng hạn, trễ hạn, quá hạn, sắp đến hạn), xu hướng, quá hạn lâu nhất; mỗi số là tổng của danh sách /api/incoming?box=search&track=…',
        response: { 200: DashboardSchema },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      if (!canSeeDashboard(p)) throw forbidden('Bạn không có quyền xem báo cáo.');
      return dashboard(deps, p);
    },
  );
};
