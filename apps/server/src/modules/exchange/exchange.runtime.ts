/**
 * What runs beside the HTTP API: the receive/send loop (worker role) and, in demo mode, the hub mounted
 * in the same process under /vxp so the demo organs exchange through it (hub tables are prefixed hub_).
 */
import { startMailInServer } from './exchange.mailin-smtp';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createHubApp, upsertSystem } from '@vanthu/hub';
import type { Deps } from '../../deps';
import { DEMO_ORGANS } from '../../seed/demo';
import { listEnabledConnectors, newSecret } from './exchange.connector';
import { drainOutbox } from './exchange.outbox';
import { onIncomingStatusEvent } from './exchange.service';
import { pollOnce } from './exchange.receive';
import { incomingPort } from './exchange.ports';
import { carryOutgoingJobs } from './exchange.outgoing';
import { setDemoHubAdmin } from './exchange.hubadmin';

/** Job kinds and listeners of the module (called from modules/registry.ts). */
export function registerExchangeJobs(deps: Deps): void {
  carryOutgoingJobs();
  void incomingPort().then((port) => port?.onIncomingStatus?.((e) => onIncomingStatusEvent(deps, e)));
}

export interface ExchangeRuntime {
  stop: () => Promise<void>;
}

/** The loop: poll each enabled connector at its interval, send what is queued. */
export function startExchangeLoop(deps: Deps, opts: { tickMs?: number } = {}): ExchangeRuntime {
  const tickMs = opts.tickMs ?? 200;
  const lastPoll = new Map<string, number>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  /** One round; returns whether it found work (then the next round starts at once). */
  const tick = async (): Promise<boolean> => {
    const connectors = await listEnabledConnectors(deps.db);
    let busy = false;
    await Promise.all(
      connectors.map(async (c) => {
        const now = Date.now();
        if (now - (lastPoll.get(c.organId) ?? 0) < c.pollIntervalMs) return;
        const r = await pollOnce(deps, c.organId).catch((err: unknown) => {
          deps.log.debug({ err, organId: c.organId }, 'exchange poll failed');
          return null;
        });
        // A poll that found packages is repeated without waiting for the interval.
        if (r && r.listed > 0 && r.failed < r.listed) busy = true;
        else lastPoll.set(c.organId, now);
      }),
    );
    if ((await drainOutbox(deps, null, { maxRounds: 20 })) > 0) busy = true;
    return busy;
  };
  const loop = () => {
    if (stopped) return;
    running = tick()
      .catch((err: unknown) => {
        deps.log.warn({ err }, 'exchange tick failed');
        return false;
      })
      .then((busy) => {
        running = null;
        if (!stopped) timer = setTimeout(loop, busy ? 0 : tickMs);
      });
  };
  timer = setTimeout(loop, 50);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Demo: mounts the hub under /vxp on the server's own listener and gives each demo organ a connector to it
 * (hub systems registered with generated secrets). Connectors an admin has changed are left alone.
 */
export async function startDemoHub(deps: Deps, app: FastifyInstance): Promise<() => Promise<void>> {
  const hub = await createHubApp({
    db: deps.pool,
    dataDir: path.join(deps.config.dataDir, 'hub'),
    retentionDays: 30,
    logger: false,
  });
  await hub.ready();
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/vxp/')) return;
    reply.hijack();
    hub.routing(req.raw, reply.raw);
  });
  const endpoint = `http://127.0.0.1:${deps.config.port}/vxp`;
  // The hub administration screen (sysadmin) speaks to the demo hub as its admin system; the secret lives in this process only.
  const admin = { endpoint, systemId: 'vanthu-demo-hubadmin', secret: newSecret() };
  await upsertSystem(hub.hub.pool, {
    systemId: admin.systemId,
    secret: admin.secret,
    name: 'Quản trị trục (demo)',
    organs: [],
    isAdmin: true,
  });
  setDemoHubAdmin(admin);
  for (const o of DEMO_ORGANS) {
    const organ = await deps.db.selectFrom('organs').select(['id']).where('code', '=', o.code).executeTakeFirst();
    if (!organ) continue;
    const systemId = `vanthu-demo-${o.code}`;
    const existing = await deps.db
      .selectFrom('exchange_connectors')
      .select(['system_id', 'secret'])
      .where('organ_id', '=', organ.id)
      .executeTakeFirst();
    if (existing && existing.system_id !== systemId) continue;
    const secret = existing?.secret ?? newSecret();
    await upsertSystem(hub.hub.pool, { systemId, secret, name: o.name, organs: [o.code] });
    await deps.db
      .insertInto('exchange_connectors')
      .values({
        organ_id: organ.id,
        kind: 'internal_hub',
        endpoint,
        system_id: systemId,
        secret,
        enabled: true,
        poll_interval_ms: 2000,
        updated_at: new Date(),
      })
      .onConflict((oc) => oc.column('organ_id').doUpdateSet({ endpoint, updated_at: new Date() }))
      .execute();
  }
  return async () => {
    setDemoHubAdmin(null);
    await hub.close();
  };
}

/** Everything the exchange runs in a server process (the one block in system.ts calls this). */
export async function startExchange(
  deps: Deps,
  app: FastifyInstance | null,
  opts: { listening: boolean },
): Promise<ExchangeRuntime> {
  const closeHub = deps.config.demo && app && opts.listening ? await startDemoHub(deps, app) : null;
  const loop = deps.config.roles.has('worker') ? startExchangeLoop(deps) : null;
  const mailIn = deps.config.mailIn && opts.listening ? await startMailInServer(deps, deps.config.mailIn) : null;
  return {
    stop: async () => {
      await mailIn?.close();
      await loop?.stop();
      await closeHub?.();
    },
  };
}
