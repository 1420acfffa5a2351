import type { FastifyRequest } from 'fastify';
import { AppError } from './errors';
import type { Principal } from '../modules/auth/principal';
import type { Actor } from '../modules/audit/audit.service';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal)
    throw new AppError('auth.unauthenticated', 401, 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.');
  return req.principal;
}

export const requestInfo = (req: FastifyRequest) => ({
  ip: req.ip ?? null,
  userAgent: (req.headers['user-agent'] as string | undefined) ?? null,
});

export function actorOf(req: FastifyRequest, organId?: string): Actor {
  const p = requirePrincipal(req);
  return { userId: p.userId, name: p.fullName, organId: organId ?? p.organId, ...requestInfo(req) };
}
