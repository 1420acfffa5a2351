import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { approvePlan, createPlan, getPlan, listPlans, PlanBody, PlanOut, savePlan } from './workfiles.plans';
import { documentsTable, filesTable, planTable, tablePdf, tableXlsx, type Table } from './workfiles.reports';
import { IdParams, Retention, uuid } from './workfiles.schemas';
import { proposeRetention, RETENTION_LABELS } from './workfiles.retention';

const tags = ['hồ sơ công việc'];
const Format = z.object({ format: z.enum(['pdf', 'xlsx']).default('pdf') });

async function sendTable(reply: FastifyReply, t: Table, format: 'pdf' | 'xlsx', name: string) {
  const body = format === 'pdf' ? await tablePdf(t) : Buffer.from(tableXlsx(t));
  reply.header(
    'content-type',
    format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.${format}`)}`);
  return reply.send(body);
}

export const workfilePlanRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/workfiles/plans',
    {
      schema: {
        tags,
        summary: 'Các danh mục hồ sơ của cơ quan',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              year: z.number(),
              title: z.string(),
              status: z.enum(['draft', 'approved']),
              approvedAt: z.string().nullable(),
            }),
          ),
        },
      },
    },
    async (req) => listPlans(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/workfiles/plans',
    {
      schema: {
        tags,
        summary: 'Lập dự thảo danh mục hồ sơ của năm (trống hoặc từ danh mục năm trước)',
        body: z.object({
          year: z.number().int().min(2000).max(2100),
          title: z.string().trim().min(1).max(500).optional(),
          copyFromYear: z.number().int().min(2000).max(2100).optional(),
        }),
        response: { 200: PlanOut },
      },
    },
    async (req) => {
      return createPlan(deps, requirePrincipal(req), actorOf(req), req.body);
    },
  );
  app.get(
    '/api/workfiles/plans/:id',
    {
      schema: {
        tags,
        summary: 'Danh mục hồ sơ: đề mục, mục hồ sơ, số đếm',
        params: IdParams,
        response: { 200: PlanOut },
      },
    },
    async (req) => getPlan(deps, requirePrincipal(req), req.params.id),
  );
  app.put(
    '/api/workfiles/plans/:id',
    {
      schema: {
        tags,
        summary: 'Lưu toàn bộ cây danh mục (dự thảo)',
        params: IdParams,
        body: PlanBody,
        response: { 200: PlanOut },
      },
    },
    async (req) => {
      return savePlan(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body);
    },
  );
  app.post(
    '/api/workfiles/plans/:id/approve',
    {
      schema: {
        tags,
        summary: 'Thủ trưởng cơ quan ban hành danh mục hồ sơ',
        params: IdParams,
        body: z.object({ decisionRef: z.string().trim().max(200).nullable().optional() }),
        response: { 200: PlanOut },
      },
    },
    async (req) => {
      return approvePlan(deps, requirePrincipal(req), actorOf(req), req.params.id, req.body.decisionRef ?? null);
    },
  );
  app.get(
    '/api/workfiles/plans/:id/print',
    {
      schema: {
        tags,
        summary: 'In danh mục hồ sơ theo mẫu NĐ 30 (PDF hoặc XLSX), kèm số đếm hồ sơ vĩnh viễn/có thời hạn',
        params: IdParams,
        querystring: Format,
      },
    },
    async (req, reply) => {
      const t = await planTable(deps, requirePrincipal(req), req.params.id);
      return sendTable(reply, t, req.query.format, t.title);
    },
  );
  app.get(
    '/api/workfiles/retention/propose',
    {
      schema: {
        tags,
        summary: 'Thời hạn bảo quản đề xuất theo bảng thời hạn (TT 10/2022)',
        querystring: z.object({ title: z.string().max(1000), docType: z.string().max(40).optional() }),
        response: {
          200: z.object({ retention: Retention.nullable(), label: z.string().nullable(), rule: z.string().nullable() }),
        },
      },
    },
    async (req) => {
      const r = await proposeRetention(deps.db, requirePrincipal(req).organId, req.query.title, req.query.docType);
      return {
        retention: r?.retention ?? null,
        label: r ? RETENTION_LABELS[r.retention] : null,
        rule: r?.rule ?? null,
      };
    },
  );
  app.get(
    '/api/workfiles/list/print',
    {
      schema: {
        tags,
        summary: 'Danh sách hồ sơ theo đơn vị và năm (O6), PDF hoặc XLSX',
        querystring: Format.extend({ year: z.coerce.number().int().min(2000).max(2100), unitId: uuid.optional() }),
      },
    },
    async (req, reply) => {
      const t = await filesTable(deps, requirePrincipal(req), req.query);
      return sendTable(reply, t, req.query.format, t.title);
    },
  );
  app.get(
    '/api/workfiles/:id/documents/print',
    {
      schema: {
        tags,
        summary: 'Mục lục văn bản trong hồ sơ (O5), PDF hoặc XLSX',
        params: IdParams,
        querystring: Format,
      },
    },
    async (req, reply) => {
      const t = await documentsTable(deps, requirePrincipal(req), req.params.id);
      return sendTable(reply, t, req.query.format, `muc-luc-van-ban`);
    },
  );
};
