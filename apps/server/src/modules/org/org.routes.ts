import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requirePrincipal } from '../../http/context';
import { NOTHING_TO_CHANGE, int32, nonEmpty } from '../../http/schemas';
import { ROLES, ROLE_KEYS } from '../auth';
import { targetOrgan } from './org.policy';
import * as org from './org.service';

const tags = ['admin: tổ chức'];
const uuid = z.string().uuid();
const IdParams = z.object({ id: uuid });
const OrganQuery = z.object({ organId: uuid.optional() });
const Unit = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  abbr: z.string(),
  sortOrder: z.number(),
});
const Membership = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  positionId: z.string(),
  positionName: z.string(),
  roles: z.array(z.string()),
  primary: z.boolean(),
});
const User = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  totpEnabled: z.boolean(),
  clearance: z.string(),
  memberships: z.array(Membership),
});
const External = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});
const ExternalInput = z.object({
  code: z.string().trim().min(1).max(30),
  name: z.string().trim().min(1).max(200),
  email: z.string().email().max(100).nullish(),
  phone: z.string().max(20).nullish(),
  address: z.string().max(500).nullish(),
});
const Clearance = z.enum(['thuong', 'mat', 'toi_mat', 'tuyet_mat']);
const roleList = z.array(z.enum(ROLE_KEYS as [string, ...string[]])).max(10);

export const orgRoutes: RouteModule = (app, deps) => {
  const ctx = (req: Parameters<typeof requirePrincipal>[0] & { query: unknown }) => {
    const p = requirePrincipal(req);
    const organId = targetOrgan(p, (req.query as { organId?: string } | undefined)?.organId);
    return { p, organId, actor: actorOf(req, organId) };
  };

  app.get(
    '/api/admin/roles',
    {
      schema: {
        tags,
        summary: 'Danh sách vai trò',
        response: { 200: z.array(z.object({ key: z.string(), name: z.string() })) },
      },
    },
    async (req) => {
      requirePrincipal(req);
      return ROLE_KEYS.map((key) => ({ key, name: ROLES[key] }));
    },
  );

  app.get(
    '/api/admin/organs',
    {
      schema: {
        tags,
        summary: 'Cơ quan (quản trị hệ thống: tất cả)',
        response: { 200: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), abbr: z.string() })) },
      },
    },
    async (req) => org.listOrgans(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/admin/organs',
    {
      schema: {
        tags,
        summary: 'Tạo cơ quan (quản trị hệ thống)',
        body: z.object({
          code: z.string().trim().min(1).max(13),
          name: z.string().trim().min(1).max(200),
          abbr: z.string().trim().min(1).max(20),
        }),
      },
    },
    async (req) => org.createOrgan(deps, requirePrincipal(req), actorOf(req), req.body),
  );

  app.get(
    '/api/admin/units',
    {
      schema: {
        tags,
        summary: 'Đơn vị của cơ quan (danh sách phẳng)',
        querystring: OrganQuery,
        response: { 200: z.array(Unit) },
      },
    },
    async (req) => {
      const { p, organId } = ctx(req);
      return org.listUnits(deps, p, organId);
    },
  );
  app.post(
    '/api/admin/units',
    {
      schema: {
        tags,
        summary: 'Tạo đơn vị',
        querystring: OrganQuery,
        body: z.object({
          parentId: uuid.nullable(),
          name: z.string().trim().min(1).max(200),
          abbr: z.string().trim().min(1).max(20),
          sortOrder: int32().optional(),
        }),
        response: { 200: Unit },
      },
    },
    async (req) => {
      const { p, organId, actor } = ctx(req);
      return org.createUnit(deps, p, actor, organId, req.body);
    },
  );
  app.patch(
    '/api/admin/units/:id',
    {
      schema: {
        tags,
        summary: 'Sửa đơn vị',
        params: IdParams,
        querystring: OrganQuery,
        body: z
          .object({
            parentId: uuid.nullable().optional(),
            name: z.string().trim().min(1).max(200).optional(),
            abbr: z.string().trim().min(1).max(20).optional(),
            sortOrder: int32().optional(),
          })
          .refine(nonEmpty, NOTHING_TO_CHANGE),
        response: { 200: Unit },
      },
    },
    async (req) => {
      const { p, organId, actor } = ctx(req);
      return org.updateUnit(deps, p, actor, organId, req.params.id, req.body);
    },
  );
  app.delete(
    '/api/admin/units/:id',
    { schema: { tags, summary: 'Xóa đơn vị trống', params: IdParams, querystring: OrganQuery } },
    async (req, reply) => {
      const { p, organId, actor } = ctx(req);
      await org.deleteUnit(deps, p, actor, organId, req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/positions',
    {
      schema: {
        tags,
        summary: 'Chức vụ',
        querystring: OrganQuery,
        response: { 200: z.array(z.object({ id: z.string(), name: z.string(), rank: z.number() })) },
      },
    },
    async (req) => {
      const { p, organId } = ctx(req);
      return org.listPositions(deps, p, organId);
    },
  );
  app.post(
    '/api/admin/positions',
    {
      schema: {
        tags,
        summary: 'Tạo chức vụ',
        querystring: OrganQuery,
        body: z.object({
          name: z.string().trim().min(1).max(100),
          rank: z.number().int().min(0).max(1000).default(100),
        }),
      },
    },
    async (req) => {
      const { p, organId, actor } = ctx(req);
      return org.createPosition(deps, p, actor, organId, req.body);
    },
  );

  app.get(
    '/api/admin/users',
    {
      schema: {
        tags,
        summary: 'Người dùng',
        querystring: OrganQuery.extend({ q: z.string().max(100).optional(), unitId: uuid.optional() }),
        response: { 200: z.array(User) },
      },
    },
    async (req) => {
      const { p, organId } = ctx(req);
      return org.listUsers(deps, p, organId, { q: req.query.q, unitId: req.query.unitId });
    },
  );
  app.get(
    '/api/admin/users/:id',
    { schema: { tags, summary: 'Một người dùng', params: IdParams, querystring: OrganQuery, response: { 200: User } } },
    async (req) => {
      const { p, organId } = ctx(req);
      return org.getUser(deps, p, organId, req.params.id);
    },
  );
  app.post(
    '/api/admin/users',
    {
      schema: {
        tags,
        summary: 'Tạo người dùng với vị trí công tác đầu tiên',
        querystring: OrganQuery,
        body: z.object({
          username: z.string().trim().min(3).max(50),
          fullName: z.string().trim().min(1).max(100),
          email: z.string().email().max(100).nullish(),
          password: z.string().min(1).max(200),
          unitId: uuid,
          positionId: uuid,
          roles: roleList,
          clearance: Clearance.optional(),
        }),
        response: { 200: User },
      },
    },
    async (req) => {
      const { p, organId, actor } = ctx(req);
      return org.createUser(deps, p, actor, organId, req.body);
    },
  );
  app.patch(
    '/api/admin/users/:id',
    {
      schema: {
        tags,
        summary: 'Sửa người dùng',
        params: IdParams,
        querystring: OrganQuery,
        body: z.object({
          fullName: z.string().trim().min(1).max(100).optional(),
          email: z.string().email().max(100).nullish(),
          active: z.boolean().optional(),
          clearance: Clearance.optional(),
        }),
        response: { 200: User },
      },
    },
    async (req) => {
      const { p, organId, actor } = ctx(req);
      return org.updateUser(deps, p, actor, organId, req.params.id, req.body);
    },
  );
  app.post(
    '/api/admin/users/:id/password',
    {
      schema: {
        tags,
        summary: 'Đặt lại mật khẩu',
        params: IdParams,
        querystring: OrganQuery,
        body: z.object({ password: z.string().min(1).max(200) }),
      },
    },
    async (req, reply) => {
      const { p, organId, actor } = ctx(req);
      await org.resetPassword(deps, p, actor, organId, req.params.id, req.body.password);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/admin/users/:id/unlock',
    { schema: { tags, summary: 'Mở khóa tài khoản', params: IdParams, querystring: OrganQuery } },
    async (req, reply) => {
      const { p, organId, actor } = ctx(req);
      await org.unlockUser(deps, p, actor, organId, req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/admin/users/:id/memberships',
    {
      schema: {
        tags,
        summary: 'Thêm vị trí công tác (kiêm nhiệm)',
        params: IdParams,
        querystring: OrganQuery,
        body: z.object({ unitId: uuid, positionId: uuid, roles: roleList, primary: z.boolean().default(false) }),
      },
    },
    async (req) => {
      const { p, organId, actor } = ctx(req);
      return org.addMembership(deps, p, actor, organId, req.params.id, req.body);
    },
  );
  app.delete(
    '/api/admin/memberships/:id',
    { schema: { tags, summary: 'Kết thúc vị trí công tác', params: IdParams, querystring: OrganQuery } },
    async (req, reply) => {
      const { p, organId, actor } = ctx(req);
      await org.endMembership(deps, p, actor, organId, req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/admin/users/:id/transfer',
    {
      schema: {
        tags,
        summary: 'Điều chuyển: kết thúc mọi vị trí hiện tại và nhận vị trí mới; quyền theo vị trí mới',
        params: IdParams,
        querystring: OrganQuery,
        body: z.object({ unitId: uuid, positionId: uuid, roles: roleList }),
        response: { 200: User },
      },
    },
    async (req) => {
      const { p, organId, actor } = ctx(req);
      return org.transferUser(deps, p, actor, organId, req.params.id, req.body);
    },
  );

  app.get(
    '/api/admin/external-organs',
    {
      schema: {
        tags,
        summary: 'Danh bạ cơ quan ngoài (liên thông)',
        querystring: OrganQuery.extend({ q: z.string().max(100).optional() }),
        response: { 200: z.array(External) },
      },
    },
    async (req) => {
      const { p, organId } = ctx(req);
      return org.listExternalOrgans(deps, p, organId, req.query.q);
    },
  );
  app.post(
    '/api/admin/external-organs',
    {
      schema: {
        tags,
        summary: 'Thêm cơ quan ngoài',
        querystring: OrganQuery,
        body: ExternalInput,
        response: { 200: External },
      },
    },
    async (req) => {
      const { p, organId, actor } = ctx(req);
      return org.createExternalOrgan(deps, p, actor, organId, req.body);
    },
  );
  app.patch(
    '/api/admin/external-organs/:id',
    {
      schema: {
        tags,
        summary: 'Sửa cơ quan ngoài',
        params: IdParams,
        querystring: OrganQuery,
        body: ExternalInput.partial().refine(nonEmpty, NOTHING_TO_CHANGE),
        response: { 200: External },
      },
    },
    async (req) => {
      const { p, organId, actor } = ctx(req);
      return org.updateExternalOrgan(deps, p, actor, organId, req.params.id, req.body);
    },
  );
  app.delete(
    '/api/admin/external-organs/:id',
    { schema: { tags, summary: 'Xóa cơ quan ngoài', params: IdParams, querystring: OrganQuery } },
    async (req, reply) => {
      const { p, organId, actor } = ctx(req);
      await org.deleteExternalOrgan(deps, p, actor, organId, req.params.id);
      return reply.status(204).send();
    },
  );
};
