import { z } from 'zod';
import { todayVN } from '@vanthu/vn';
import type { ZApp } from '../../http/app';
import type { Deps } from '../../deps';
import { requirePrincipal } from '../../http/context';
import { badRequest } from '../../http/errors';
import { registerPdf } from './incoming.pdf';
import { REGISTER_COLUMNS, handlingReport, registerBook } from './incoming.reports';
import { localDate } from './incoming.schemas';
import { buildXlsx } from '../../lib/xlsx';

const tags = ['văn bản đến: báo cáo'];
const Range = z.object({ from: localDate('từ ngày'), to: localDate('đến ngày') });
const BookQuery = Range.extend({ registerId: z.string().uuid().optional() });

function checkRange(from: string, to: string) {
  if (from > to) throw badRequest('incoming.bad_range', 'Từ ngày phải trước hoặc bằng đến ngày.');
}

export async function incomingReportRoutes(app: ZApp, deps: Deps): Promise<void> {
  app.get(
    '/api/incoming/register.pdf',
    { schema: { tags, summary: 'Sổ đăng ký văn bản đến (PDF, 10 cột)', querystring: BookQuery } },
    async (req, reply) => {
      checkRange(req.query.from, req.query.to);
      const book = await registerBook(deps, requirePrincipal(req), req.query);
      const pdf = await registerPdf(book);
      reply.header('content-type', 'application/pdf');
      reply.header(
        'content-disposition',
        `inline; filename*=UTF-8''${encodeURIComponent(`so-van-ban-den_${req.query.from}_${req.query.to}.pdf`)}`,
      );
      return reply.send(pdf);
    },
  );
  app.get(
    '/api/incoming/register.xlsx',
    { schema: { tags, summary: 'Sổ đăng ký văn bản đến (XLSX)', querystring: BookQuery } },
    async (req, reply) => {
      checkRange(req.query.from, req.query.to);
      const book = await registerBook(deps, requirePrincipal(req), req.query);
      const title = [
        book.organName,
        `${book.registerName} — từ ${req.query.from.split('-').reverse().join('/')} đến ${req.query.to.split('-').reverse().join('/')}`,
      ];
      const xlsx = buildXlsx(
        'So van ban den',
        title,
        REGISTER_COLUMNS,
        book.rows,
        [12, 8, 28, 18, 12, 60, 28, 12, 12, 20],
      );
      reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(`so-van-ban-den_${req.query.from}_${req.query.to}.xlsx`)}`,
      );
      return reply.send(Buffer.from(xlsx));
    },
  );
  app.get(
    '/api/incoming/reports/handling',
    { schema: { tags, summary: 'Báo cáo tình hình xử lý văn bản đến theo đơn vị', querystring: Range.partial() } },
    async (req) => {
      const today = todayVN(deps.now());
      const from = req.query.from ?? `${today.slice(0, 4)}-01-01`;
      const to = req.query.to ?? today;
      checkRange(from, to);
      return handlingReport(deps, requirePrincipal(req), { from, to });
    },
  );
}
