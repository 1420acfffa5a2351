import { randomBytes } from 'node:crypto';
import { HubClient } from '@vanthu/hub/client';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { AppError } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';

export type ConnectorKind = 'internal_hub' | 'national_hub';

export interface Connector {
  id: string;
  organId: string;
  organCode: string;
  organName: string;
  kind: ConnectorKind;
  endpoint: string;
  systemId: string;
  secret: string;
  enabled: boolean;
  pollIntervalMs: number;
  lastPollAt: string | null;
  lastError: string | null;
}

export interface ConnectorInput {
  kind: ConnectorKind;
  endpoint: string;
  systemId: string;
  secret?: string;
  enabled: boolean;
  pollIntervalMs?: number;
}

export const noConnector = () =>
  new AppError(
    'exchange.no_connector',
    409,
    'Cơ quan chưa cấu hình kết nối liên thông (trục liên thông) hoặc kết nối đang tắt.',
  );

export async function getConnector(db: DbOrTrx, organId: string): Promise<Connector | null> {
  const r = await db
    .selectFrom('exchange_connectors as c')
    .innerJoin('organs as o', 'o.id', 'c.organ_id')
    .select([
      'c.id',
      'c.organ_id',
      'o.code',
      'o.name',
      'c.kind',
      'c.endpoint',
      'c.system_id',
      'c.secret',
      'c.enabled',
      'c.poll_interval_ms',
      'c.last_poll_at',
      'c.last_error',
    ])
    .where('c.organ_id', '=', organId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    organId: r.organ_id,
    organCode: r.code,
    organName: r.name,
    kind: r.kind,
    endpoint: r.endpoint,
    systemId: r.system_id,
    secret: r.secret,
    enabled: r.enabled,
    pollIntervalMs: r.poll_interval_ms,
    lastPollAt: r.last_poll_at?.toISOString() ?? null,
    lastError: r.last_error,
  };
}

export async function listEnabledConnectors(db: DbOrTrx): Promise<{ organId: string; pollIntervalMs: number }[]> {
  const rows = await db
    .selectFrom('exchange_connectors')
    .select(['organ_id', 'poll_interval_ms'])
    .where('enabled', '=', true)
    .execute();
  return rows.map((r) => ({ organId: r.organ_id, pollIntervalMs: r.poll_interval_ms }));
}

/** The connector as shown to the admin: the secret never leaves the server. */
export const publicConnector = (c: Connector) => ({
  kind: c.kind,
  endpoint: c.endpoint,
  systemId: c.systemId,
  hasSecret: c.secret.length > 0,
  enabled: c.enabled,
  pollIntervalMs: c.pollIntervalMs,
  lastPollAt: c.lastPollAt,
  lastError: c.lastError,
  organCode: c.organCode,
});

export async function saveConnector(
  deps: Deps,
  actor: Actor,
  organId: string,
  input: ConnectorInput,
): Promise<Connector> {
  const existing = await getConnector(deps.db, organId);
  const secret = input.secret ?? existing?.secret;
  if (!secret)
    throw new AppError(
      'exchange.secret_required',
      400,
      'Cần nhập khóa bí mật (secret) của hệ thống trên trục liên thông.',
    );
  try {
    new URL(input.endpoint);
  } catch {
    throw new AppError('exchange.bad_endpoint', 400, 'Địa chỉ trục liên thông không hợp lệ (cần dạng http(s)://…).');
  }
  await deps.db.transaction().execute(async (trx) => {
    const values = {
      organ_id: organId,
      kind: input.kind,
      endpoint: input.endpoint.replace(/\/+$/, ''),
      system_id: input.systemId,
      secret,
      enabled: input.enabled,
      poll_interval_ms: input.pollIntervalMs ?? existing?.pollIntervalMs ?? 3000,
      updated_at: new Date(),
    };
    await trx
      .insertInto('exchange_connectors')
      .values(values)
      .onConflict((oc) => oc.column('organ_id').doUpdateSet(values))
      .execute();
    await recordAudit(trx, actor, {
      action: 'exchange.connector.save',
      entityType: 'exchange_connector',
      entityId: organId,
      summary: `Cấu hình kết nối liên thông ${input.endpoint}`,
      after: {
        kind: input.kind,
        endpoint: input.endpoint,
        systemId: input.systemId,
        enabled: input.enabled,
        secretChanged: input.secret !== undefined,
      },
    });
  });
  return (await getConnector(deps.db, organId))!;
}

export function hubClientFor(c: Connector): HubClient {
  return new HubClient({ endpoint: c.endpoint, systemId: c.systemId, secret: c.secret });
}

export async function requireConnector(db: DbOrTrx, organId: string): Promise<Connector> {
  const c = await getConnector(db, organId);
  if (!c || !c.enabled) throw noConnector();
  return c;
}

/** Checks the credentials against the hub (a signed list call). */
export async function testConnector(deps: Deps, organId: string): Promise<{ ok: boolean; message: string }> {
  const c = await getConnector(deps.db, organId);
  if (!c) throw noConnector();
  try {
    await hubClientFor(c).getReceivedEdocList({ limit: 1 });
    return { ok: true, message: 'Kết nối trục liên thông thành công.' };
  } catch (err) {
    return { ok: false, message: `Không kết nối được trục liên thông: ${(err as Error).message}` };
  }
}

export async function notePoll(db: DbOrTrx, organId: string, error: string | null): Promise<void> {
  await db
    .updateTable('exchange_connectors')
    .set({ last_poll_at: new Date(), last_error: error ? error.slice(0, 2000) : null })
    .where('organ_id', '=', organId)
    .execute();
}

export const newSecret = () => randomBytes(24).toString('base64url');
