import type { FastifyInstance } from 'fastify';
import type { HubDeps } from './context';
import { HubError } from './errors';
import { bodyDigest, rememberSignature } from './replay';
import { ok } from './reply';
import { deleteSystem, listSystems, upsertSystem } from './systems.repo';
import { auth } from './vxp.routes';

const SYSTEM_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const ORGAN_CODE = /^[0-9A-Za-z][0-9A-Za-z.]{1,39}$/;

function adminOnly(req: Parameters<typeof auth>[0]) {
  const ctx = auth(req);
  if (!ctx.system.isAdmin) throw new HubError('hub.admin_only');
  return ctx;
}

/**
 * The hub admin registers agencies' systems (id, secret, the organ codes each speaks for) through the
 * API, signed like every call by an admin system, instead of only HUB_SYSTEMS at start. Secrets are
 * never listed back.
 */
export async function adminRoutes(app: FastifyInstance, deps: HubDeps): Promise<void> {
  app.get('/admin/systems', async (req) => {
    adminOnly(req);
    return ok({ data: await listSystems(deps.pool) });
  });

  app.put<{ Params: { systemId: string } }>('/admin/systems/:systemId', async (req) => {
    const ctx = adminOnly(req);
    const systemId = req.params.systemId;
    if (!SYSTEM_ID.test(systemId)) throw new HubError('hub.system_invalid', 'mã hệ thống');
    const b = (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {}) as Record<
      string,
      unknown
    >;
    const secret = b.secret;
    if (typeof secret !== 'string' || secret.length < 16 || secret.length > 256)
      throw new HubError('hub.system_invalid', 'khóa bí mật phải dài từ 16 đến 256 ký tự');
    const organs = b.organs;
    if (
      !Array.isArray(organs) ||
      organs.length > 1000 ||
      !organs.every((o) => typeof o === 'string' && ORGAN_CODE.test(o))
    ) {
      throw new HubError('hub.system_invalid', 'danh sách mã định danh cơ quan');
    }
    const name = b.name === undefined ? systemId : b.name;
    if (typeof name !== 'string' || name.length > 200) throw new HubError('hub.system_invalid', 'tên hệ thống');
    const isAdmin = b.isAdmin === true;
    if (systemId === ctx.system.systemId && !isAdmin)
      throw new HubError('hub.system_invalid', 'không tự bỏ quyền quản trị của mình');
    // The body carries the secret and is not covered by the signature: bound to it by the replay memory.
    await rememberSignature(deps.pool, ctx, bodyDigest(req.body), deps.now());
    await upsertSystem(deps.pool, {
      systemId,
      secret,
      name: name.normalize('NFC').trim() || systemId,
      organs: [...new Set(organs as string[])],
      isAdmin,
      exactOrgans: true,
    });
    deps.forgetSystem?.(systemId);
    return ok({ data: (await listSystems(deps.pool)).find((s) => s.systemId === systemId) });
  });

  app.delete<{ Params: { systemId: string } }>('/admin/systems/:systemId', async (req) => {
    const ctx = adminOnly(req);
    if (req.params.systemId === ctx.system.systemId)
      throw new HubError('hub.system_invalid', 'không tự xóa hệ thống đang dùng');
    const deleted = await deleteSystem(deps.pool, req.params.systemId);
    deps.forgetSystem?.(req.params.systemId);
    if (!deleted) throw new HubError('hub.not_found', req.params.systemId);
    return ok();
  });
}
