/**
 * What runs beside the HTTP API: the receive/send loop (worker role) and, in demo mode, the hub mounted
 * in the same process under /vxp so the demo organs exchange through it (hub tables are prefixed hub_).
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createHubApp, upsertSystem } from '@vanthu/hub';
import type { Deps } from '../../deps';
import { DEMO_ORGANS } from '../../seed/demo';
import { getConnector, listEnabledConnectors, newSecret } from './exchange.connector';
import { drainOutbox } from './exchange.outbox';
import { onIncomingStatusEvent } from './exchange.service';
import { pollOnce } from './exchange.receive';
import { incomingPort } from './exchange.ports';
import { carryOutgoingJobs } from './exchange.outgoing';

/** Job kinds and listeners of the module (called from modules/registry.ts). */
export function registerExchangeJobs(deps: Deps): void {
  carryOutgoingJobs();
  void incomingPort().then((port) => port?.onIncomingStatus?.((e) => onIncomingStatusEvent(deps, e)));
}

export interface ExchangeRuntime {
  stop: () => Promise<void>;
}

/** How long a receive call waits at our hub for a new delivery (long-poll) before listing again. */
const LONG_POLL_MS = 10_000;

/**
 * The loop. Receiving: one loop per enabled connector — on our hub a long-poll (the hub answers as soon as a
 * package arrives, so the receiver never waits for a poll interval), on the national hub's adapter a poll every
 * pollIntervalMs; back to back while there is work. Sending: the outbox is drained every tick.
 */
export function startExchangeLoop(deps: Deps, opts: { tickMs?: number } = {}): ExchangeRuntime {
  const tickMs = opts.tickMs ?? 200;
  const receivers = new Map<string, Promise<void>>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Receives for one organ until its connector is disabled or the loop stops. */
  const receiver = async (organId: string) => {
    while (!stopped) {
      const c = await getConnector(deps.db, organId).catch(() => null);
      if (!c || !c.enabled) return;
      const longPoll = c.kind === 'internal_hub';
      const r = await pollOnce(deps, organId, longPoll ? { waitMs: LONG_POLL_MS } : {}).catch((err: unknown) => {
        deps.log.debug({ err, organId }, 'exchange poll failed');
        return null;
      });
      if (stopped) return;
      const busy = r !== null && r.listed > 0 && r.failed < r.listed;
      // Nothing found (the long-poll has already waited), an error, or the national hub: wait before the next call.
      if (!busy) await sleep(r === null ? Math.max(c.pollIntervalMs, 1000) : longPoll ? 0 : c.pollIntervalMs);
    }
  };
  /** One round; returns whether it found work (then the next round starts at once). */
  const tick = async (): Promise<boolean> => {
    for (const c of await listEnabledConnectors(deps.db)) {
      if (receivers.has(c.organId)) continue;
      receivers.set(c.organId, receiver(c.organId).finally(() => receivers.delete(c.organId)));
    }
    return (await drainOutbox(deps, null, { maxRounds: 20 })) > 0;
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
      // A receiver inside a long-poll returns when the hub answers (≤ LONG_POLL_MS); one processing packages finishes them.
      await Promise.race([Promise.all(receivers.values()), sleep(LONG_POLL_MS + 1000)]);
    },
  };
}

/**
 * Demo: mounts the hub under /vxp on the server's own listener and gives each demo organ a connector to it
 * (hub systems registered with generated secrets). Connectors an admin has changed are left alone.
 */
export async function startDemoHub(deps: Deps, app: FastifyInstance): Promise<() => Promise<void>> {
  const hub = await createHubApp({ db: deps.pool, dataDir: path.join(deps.config.dataDir, 'hub'), retentionDays: 30, logger: false });
  await hub.ready();
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/vxp/')) return;
    reply.hijack();
    hub.routing(req.raw, reply.raw);
  });
  const endpoint = `http://127.0.0.1:${deps.config.port}/vxp`;
  for (const o of DEMO_ORGANS) {
    const organ = await deps.db.selectFrom('organs').select(['id']).where('code', '=', o.code).executeTakeFirst();
    if (!organ) continue;
    const systemId = `vanthu-demo-${o.code}`;
    const existing = await deps.db.selectFrom('exchange_connectors').select(['system_id', 'secret']).where('organ_id', '=', organ.id).executeTakeFirst();
    if (existing && existing.system_id !== systemId) continue;
    const secret = existing?.secret ?? newSecret();
    await upsertSystem(hub.hub.pool, { systemId, secret, name: o.name, organs: [o.code] });
    await deps.db
      .insertInto('exchange_connectors')
      .values({ organ_id: organ.id, kind: 'internal_hub', endpoint, system_id: systemId, secret, enabled: true, poll_interval_ms: 2000, updated_at: new Date() })
      .onConflict((oc) => oc.column('organ_id').doUpdateSet({ endpoint, updated_at: new Date() }))
      .execute();
  }
  return () => hub.close();
}

/** Everything the exchange runs in a server process (the one block in system.ts calls this). */
export async function startExchange(deps: Deps, app: FastifyInstance | null, opts: { listening: boolean }): Promise<ExchangeRuntime> {
  const closeHub = deps.config.demo && app && opts.listening ? await startDemoHub(deps, app) : null;
  const loop = deps.config.roles.has('worker') ? startExchangeLoop(deps) : null;
  return {
    stop: async () => {
      await loop?.stop();
      await closeHub?.();
    },
  };
}
