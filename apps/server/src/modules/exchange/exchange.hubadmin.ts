/**
 * Hub administration (issue 13, acceptance 4): the system administrator registers an agency's system on the hub
 * (system id, secret, the organ codes it speaks for) from vanthu's screen instead of a file read at the hub's start.
 * vanthu talks to the hub's /admin/systems API as an admin system of the hub, signed like every VXP call:
 * HUB_ADMIN_URL / HUB_ADMIN_SYSTEM_ID / HUB_ADMIN_SECRET, or in demo mode the in-process hub's own admin system.
 */
import { HubClient, HubClientError } from '@vanthu/hub/client';
import type { Deps } from '../../deps';
import { AppError } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';

export interface HubAdminCredentials {
  endpoint: string;
  systemId: string;
  secret: string;
}

export interface HubSystem {
  systemId: string;
  name: string;
  isAdmin: boolean;
  organs: string[];
  createdAt: string;
}

export interface HubSystemInput {
  name?: string;
  /** New secret; omitted when editing = keep the current one (the hub never lists secrets back, so we re-send none). */
  secret?: string;
  organs: string[];
  isAdmin?: boolean;
}

/** Set by the demo hub (exchange.runtime.ts) in the process that mounts it. */
let demoAdmin: HubAdminCredentials | null = null;
export function setDemoHubAdmin(c: HubAdminCredentials | null): void {
  demoAdmin = c;
}

const unconfigured = () =>
  new AppError(
    'exchange.hub_admin_unconfigured',
    409,
    'Chưa cấu hình tài khoản quản trị trục liên thông (HUB_ADMIN_URL, HUB_ADMIN_SYSTEM_ID, HUB_ADMIN_SECRET).',
  );

function client(deps: Deps): HubClient {
  const c = deps.config.hubAdmin ?? demoAdmin;
  if (!c) throw unconfigured();
  return new HubClient({ endpoint: c.endpoint, systemId: c.systemId, secret: c.secret });
}

/** The hub's own refusals become stable vanthu codes with the hub's Vietnamese reason; never a 500. */
async function viaHub<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof HubClientError) {
      if (err.code === 'hub.not_found')
        throw new AppError('exchange.hub_system_not_found', 404, 'Không tìm thấy hệ thống trên trục liên thông.');
      if (err.code === 'hub.system_invalid')
        throw new AppError('exchange.hub_system_invalid', 400, `Thông tin hệ thống không hợp lệ: ${err.message}`);
      if (err.code === 'hub.admin_only' || err.code.startsWith('hub.auth'))
        throw new AppError(
          'exchange.hub_admin_refused',
          502,
          `Trục liên thông từ chối tài khoản quản trị đã cấu hình: ${err.message}`,
        );
      throw new AppError('exchange.hub_admin_failed', 502, `Trục liên thông báo lỗi: ${err.message}`);
    }
    throw new AppError(
      'exchange.hub_unreachable',
      502,
      `Không kết nối được trục liên thông: ${(err as Error).message}`,
    );
  }
}

export async function listHubSystems(deps: Deps): Promise<HubSystem[]> {
  const c = client(deps);
  const rows = await viaHub(() => c.listSystems());
  return rows.map((r) => ({
    systemId: r.systemId,
    name: r.name,
    isAdmin: r.isAdmin,
    organs: r.organs,
    createdAt: r.createdAt,
  }));
}

export async function saveHubSystem(
  deps: Deps,
  actor: Actor,
  systemId: string,
  input: HubSystemInput,
): Promise<HubSystem> {
  const c = client(deps);
  const existing = (await viaHub(() => c.listSystems())).find((s) => s.systemId === systemId);
  if (!input.secret) {
    // The hub keeps secrets to itself: an edit without a new secret is only possible through a new secret.
    throw new AppError(
      'exchange.secret_required',
      400,
      existing
        ? 'Nhập khóa bí mật mới (trục không trả lại khóa đang dùng).'
        : 'Cần nhập khóa bí mật (secret) của hệ thống.',
    );
  }
  const organs = [...new Set(input.organs.map((o) => o.trim()).filter(Boolean))];
  await viaHub(() =>
    c.saveSystem({
      systemId,
      secret: input.secret!,
      organs,
      name: input.name?.trim() || systemId,
      isAdmin: input.isAdmin ?? false,
    }),
  );
  await recordAudit(deps.db, actor, {
    action: existing ? 'exchange.hub_system.update' : 'exchange.hub_system.create',
    entityType: 'hub_system',
    entityId: systemId,
    summary: `${existing ? 'Sửa' : 'Đăng ký'} hệ thống ${systemId} trên trục liên thông`,
    before: existing ? { name: existing.name, organs: existing.organs, isAdmin: existing.isAdmin } : undefined,
    after: { name: input.name ?? systemId, organs, isAdmin: input.isAdmin ?? false, secretChanged: true },
  });
  const saved = (await viaHub(() => c.listSystems())).find((s) => s.systemId === systemId);
  if (!saved) throw new AppError('exchange.hub_admin_failed', 502, 'Trục liên thông không ghi nhận hệ thống vừa lưu.');
  return saved;
}

export async function deleteHubSystem(deps: Deps, actor: Actor, systemId: string): Promise<void> {
  const c = client(deps);
  await viaHub(() => c.deleteSystem(systemId));
  await recordAudit(deps.db, actor, {
    action: 'exchange.hub_system.delete',
    entityType: 'hub_system',
    entityId: systemId,
    summary: `Xóa hệ thống ${systemId} khỏi trục liên thông`,
  });
}
