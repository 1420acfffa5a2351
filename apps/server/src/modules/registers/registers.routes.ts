import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { todayVN } from '@vanthu/vn';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { forbidden } from '../../http/errors';
import { NOTHING_TO_CHANGE, int32, nonEmpty } from '../../http/schemas';
import { targetOrgan } from '../org';
import { counters, createRegister, listRegisters, updateRegister } from './registers.service';
import { createDocType, listDocTypes, updateDocType } from './doctypes.service';

const tags = ['sổ văn bản'];
const uuid = z.string().uuid();
const Kind = z.enum(['incoming', 'outgoing', 'copy']);
const Register = z.object({
  id: z.string(),
  kind: Kind,
  code: z.string(),
  name: z.string(),
  confidential: z.boolean(),
  docTypeCodes: z.array(z.string()).nullable(),
  active: z.boolean(),
  sortOrder: z.number(),
  lastNumber: z.number().optional(),
});
const DocType = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  abbr: z.string().nullable(),
  active: z.boolean(),
});
const OrganQuery = z.object({ organId: uuid.optional() });
/** A type's abbreviation is one group of a notation (QĐ in 05/QĐ-BNV): no space, "/" or "-". */
const Abbr = z
  .string()
  .trim()
  .max(20, 'Viết tắt tối đa 20 ký tự.')
  .regex(/^[^\s/-]*$/, 'Viết tắt không được có khoảng trắng, dấu "/" hoặc "-" (ví dụ QĐ, TTr).');

function adminCtx(req: FastifyRequest) {
  const p = requirePrincipal(req);
  if (!p.sysadmin && !p.roles.has('admin')) throw forbidden();
  const organId = targetOrgan(p, (req.query as { organId?: string } | undefined)?.organId);
  return { p, organId, actor: actorOf(req, organId) };
}

/** The current year in Vietnam time: counters are per calendar year there. */
const yearVN = (now: Date) => Number(todayVN(now).slice(0, 4));

export const registerRoutes: RouteModule = (app, deps) => {
  app.get(
    '/api/registers',
    {
      schema: {
        tags,
        summary: 'Sổ văn bản của cơ quan (kèm số đã cấp trong năm)',
        querystring: z.object({ kind: Kind.optional() }),
        response: { 200: z.array(Register) },
      },
    },
    async (req) => {
      const p = requirePrincipal(req);
      const regs = await listRegisters(deps.db, p.organId, req.query.kind);
      const last = await counters(deps.db, p.organId, yearVN(deps.now()));
      // Confidential registers are listed only to people cleared for secrets.
      return regs
        .filter((r) => !r.confidential || p.clearance !== 'thuong')
        .map((r) => ({ ...r, lastNumber: last[r.id] ?? 0 }));
    },
  );
  app.get(
    '/api/doc-types',
    { schema: { tags, summary: 'Loại văn bản đang dùng', response: { 200: z.array(DocType) } } },
    async (req) => listDocTypes(deps.db, requirePrincipal(req).organId, { activeOnly: true }),
  );

  app.get(
    '/api/admin/registers',
    {
      schema: {
        tags,
        summary: 'Sổ văn bản (quản trị, kèm số đã cấp trong năm)',
        querystring: OrganQuery.extend({ kind: Kind.optional() }),
        response: { 200: z.array(Register) },
      },
    },
    async (req) => {
      const { organId } = adminCtx(req);
      const regs = await listRegisters(deps.db, organId, req.query.kind);
      const last = await counters(deps.db, organId, yearVN(deps.now()));
      return regs.map((r) => ({ ...r, lastNumber: last[r.id] ?? 0 }));
    },
  );
  app.post(
    '/api/admin/registers',
    {
      schema: {
        tags,
        summary: 'Tạo sổ văn bản',
        querystring: OrganQuery,
        body: z.object({
          kind: Kind,
          code: z.string().trim().min(1).max(30),
          name: z.string().trim().min(1).max(200),
          confidential: z.boolean().default(false),
          docTypeCodes: z.array(z.string().max(50)).max(100).nullish(),
          sortOrder: int32().optional(),
        }),
        response: { 200: Register },
      },
    },
    async (req) => {
      const { organId, actor } = adminCtx(req);
      return createRegister(deps, actor, organId, req.body);
    },
  );
  app.patch(
    '/api/admin/registers/:id',
    {
      schema: {
        tags,
        summary: 'Sửa sổ văn bản',
        params: z.object({ id: uuid }),
        querystring: OrganQuery,
        body: z
          .object({
            name: z.string().trim().min(1).max(200).optional(),
            confidential: z.boolean().optional(),
            docTypeCodes: z.array(z.string().max(50)).max(100).nullish(),
            active: z.boolean().optional(),
            sortOrder: int32().optional(),
          })
          .refine(nonEmpty, NOTHING_TO_CHANGE),
        response: { 200: Register },
      },
    },
    async (req) => {
      const { organId, actor } = adminCtx(req);
      return updateRegister(deps, actor, organId, req.params.id, req.body);
    },
  );

  app.get(
    '/api/admin/doc-types',
    {
      schema: {
        tags,
        summary: 'Loại văn bản (quản trị)',
        querystring: OrganQuery,
        response: { 200: z.array(DocType) },
      },
    },
    async (req) => listDocTypes(deps.db, adminCtx(req).organId),
  );
  app.post(
    '/api/admin/doc-types',
    {
      schema: {
        tags,
        summary: 'Thêm loại văn bản',
        querystring: OrganQuery,
        body: z.object({
          code: z
            .string()
            .trim()
            .regex(/^[a-z0-9_]{1,50}$/),
          name: z.string().trim().min(1).max(100),
          abbr: Abbr.nullable(),
        }),
        response: { 200: DocType },
      },
    },
    async (req) => {
      const { organId, actor } = adminCtx(req);
      return createDocType(deps, actor, organId, req.body);
    },
  );
  app.patch(
    '/api/admin/doc-types/:id',
    {
      schema: {
        tags,
        summary: 'Sửa loại văn bản',
        params: z.object({ id: uuid }),
        querystring: OrganQuery,
        body: z
          .object({
            name: z.string().trim().min(1).max(100).optional(),
            abbr: Abbr.nullable().optional(),
            active: z.boolean().optional(),
          })
          .refine(nonEmpty, NOTHING_TO_CHANGE),
        response: { 200: DocType },
      },
    },
    async (req) => {
      const { organId, actor } = adminCtx(req);
      return updateDocType(deps, actor, organId, req.params.id, req.body);
    },
  );
};
