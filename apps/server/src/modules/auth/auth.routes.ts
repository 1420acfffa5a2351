import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { actorOf, requestInfo, requirePrincipal } from '../../http/context';
import {
  SESSION_COOKIE,
  changePassword,
  createApiToken,
  describeMe,
  listApiTokens,
  login,
  logout,
  revokeApiToken,
  totpDisable,
  totpEnable,
  totpSetup,
} from './auth.service';

const tags = ['auth'];
const Me = z.object({
  id: z.string(),
  username: z.string(),
  fullName: z.string(),
  email: z.string().nullable(),
  organ: z.object({ id: z.string(), code: z.string(), name: z.string(), abbr: z.string() }),
  memberships: z.array(
    z.object({
      id: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      positionId: z.string(),
      positionName: z.string(),
      roles: z.array(z.string()),
      primary: z.boolean(),
    }),
  ),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  menu: z.array(z.string()),
  csrfToken: z.string().nullable(),
  totpEnabled: z.boolean(),
  sysadmin: z.boolean(),
});

export const authRoutes: RouteModule = (app, deps) => {
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags,
        summary: 'Đăng nhập bằng tên đăng nhập và mật khẩu (và mã TOTP nếu đã bật)',
        security: [],
        body: z.object({
          username: z.string().min(1).max(100),
          password: z.string().min(1).max(200),
          totp: z.string().max(10).optional(),
        }),
        response: { 200: Me },
      },
    },
    async (req, reply) => {
      const { token, principal } = await login(deps, req.body, requestInfo(req));
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: deps.config.cookieSecure,
        maxAge: Math.floor(deps.config.sessionTtlMs / 1000),
      });
      return describeMe(deps.db, principal);
    },
  );
  app.get(
    '/api/auth/me',
    { schema: { tags, summary: 'Người dùng hiện tại, quyền và menu', response: { 200: Me } } },
    async (req) => describeMe(deps.db, requirePrincipal(req)),
  );
  app.post('/api/auth/logout', { schema: { tags, summary: 'Đăng xuất phiên này' } }, async (req, reply) => {
    await logout(deps, requirePrincipal(req), actorOf(req), false);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  app.post('/api/auth/logout-all', { schema: { tags, summary: 'Đăng xuất mọi thiết bị' } }, async (req, reply) => {
    await logout(deps, requirePrincipal(req), actorOf(req), true);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });
  app.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Đổi mật khẩu',
        body: z.object({ currentPassword: z.string().min(1), newPassword: z.string().min(1) }),
      },
    },
    async (req, reply) => {
      await changePassword(deps, requirePrincipal(req), actorOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/auth/totp/setup',
    {
      schema: {
        tags,
        summary: 'Khởi tạo xác thực hai lớp',
        response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string() }) },
      },
    },
    async (req) => totpSetup(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/auth/totp/enable',
    { schema: { tags, summary: 'Bật xác thực hai lớp', body: z.object({ code: z.string().min(6).max(6) }) } },
    async (req, reply) => {
      await totpEnable(deps, requirePrincipal(req), actorOf(req), req.body.code);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/auth/totp/disable',
    { schema: { tags, summary: 'Tắt xác thực hai lớp', body: z.object({ password: z.string().min(1) }) } },
    async (req, reply) => {
      await totpDisable(deps, requirePrincipal(req), actorOf(req), req.body.password);
      return reply.status(204).send();
    },
  );
  const Token = z.object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  });
  app.get(
    '/api/auth/tokens',
    { schema: { tags, summary: 'Mã truy cập API của tôi', response: { 200: z.array(Token) } } },
    async (req) => listApiTokens(deps, requirePrincipal(req)),
  );
  app.post(
    '/api/auth/tokens',
    {
      schema: {
        tags,
        summary: 'Tạo mã truy cập API (chỉ hiển thị một lần)',
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 200: z.object({ id: z.string(), name: z.string(), token: z.string(), createdAt: z.string() }) },
      },
    },
    async (req) => createApiToken(deps, requirePrincipal(req), actorOf(req), req.body.name),
  );
  app.delete(
    '/api/auth/tokens/:id',
    { schema: { tags, summary: 'Thu hồi mã truy cập API', params: z.object({ id: z.string().uuid() }) } },
    async (req, reply) => {
      await revokeApiToken(deps, requirePrincipal(req), actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
