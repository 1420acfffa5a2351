/** Registers list, O3 register book (JSON/XLSX/PDF) and O4 report. */
import { z } from 'zod';
import type { ZApp } from '../../http/app';
import type { Deps } from '../../deps';
import { requirePrincipal } from '../../http/context';
import { listRegisters } from '../registers';
import { ensureOutgoingRegisters } from './outgoing.numbering';
import { outgoingReport, registerBook, toPdf, toXlsx } from './outgoing.reports';

const tags = ['văn bản đi: sổ và báo cáo'];

export async function outgoingReportRoutes(app: ZApp, deps: Deps): Promise<void> {
  app.get('/api/outgoing-registers', { schema: { tags, summary: 'Sổ văn bản đi và sổ bản sao' } }, async (req) => {
    const p = requirePrincipal(req);
    await ensureOutgoingRegisters(deps, p.organId);
    return (await listRegisters(deps.db, p.organId)).filter((r) => r.kind !== 'incoming');
  });
  app.get(
    '/api/outgoing-reports/register',
    {
      schema: {
        tags,
        summary: 'Sổ đăng ký văn bản đi (O3): format=json|xlsx|pdf',
        querystring: z.object({
          registerId: z.string().uuid(),
          year: z.coerce.number().int().min(2000).max(2100),
          format: z.enum(['json', 'xlsx', 'pdf']).default('json'),
        }),
      },
    },
    async (req, reply) => {
      const book = await registerBook(deps, requirePrincipal(req), req.query);
      const title = `${book.registerName} năm ${book.year}`;
      if (req.query.format === 'xlsx') {
        reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        reply.header('content-disposition', `attachment; filename="so-van-ban-di-${book.year}.xlsx"`);
        return reply.send(Buffer.from(toXlsx(title, book.columns, book.rows)));
      }
      if (req.query.format === 'pdf') {
        reply.header('content-type', 'application/pdf');
        reply.header('content-disposition', `attachment; filename="so-van-ban-di-${book.year}.pdf"`);
        return reply.send(await toPdf(title, book.columns, book.rows));
      }
      return book;
    },
  );
  app.get(
    '/api/outgoing-reports/summary',
    {
      schema: {
        tags,
        summary: 'Báo cáo văn bản đi theo đơn vị và người ký (O4)',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
      },
    },
    async (req) => outgoingReport(deps, requirePrincipal(req), req.query),
  );
}
