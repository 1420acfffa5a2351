/**
 * How a hub of several processes learns of new deliveries (issue 20).
 *
 * - Always: `waitFor(organs, ms)` — the long-poll of getReceivedEdocList (header `wait`, our extension; the
 *   official client never sends it) returns as soon as a delivery for one of the caller's organs becomes
 *   visible, in whichever hub process it was sent.
 * - Without NATS (one process or several on one PostgreSQL): the sending transaction does
 *   pg_notify('hub_delivery', organ); every process LISTENs on one dedicated connection.
 * - With NATS JetStream (HUB_NATS_URL): the stream is the delivery queue. sendEdoc records deliveries
 *   'queued' and, after COMMIT, publishes one message per delivery (msgID = delivery id, so a retried send is
 *   dropped by the stream's duplicate window); it answers only once JetStream has stored them. Every hub process
 *   pulls from one shared durable consumer (each message goes to one process); taking a message turns the
 *   delivery 'pending' (idempotent UPDATE … WHERE state = 'queued') and then acks it. A process killed before
 *   the ack leaves the message to be redelivered to another after ack_wait; one killed between COMMIT and
 *   publish leaves 'queued' rows that any process republishes after a grace period (same msgID). PostgreSQL's
 *   state machine (queued → pending → delivered → done) is what makes a delivery appear once.
 */
import { AckPolicy, connect, RetentionPolicy, nanos, type ConsumerMessages, type JetStreamClient, type NatsConnection } from 'nats';
import type pg from 'pg';
import { releaseDelivery, staleQueued } from './packages.repo';

export interface DeliveryQueue {
  /** 'queued' when deliveries wait for the stream (NATS), 'pending' when visible at once. */
  readonly initialState: 'pending' | 'queued';
  /** Inside the sending transaction (PostgreSQL mode: NOTIFY, delivered at COMMIT). */
  inTransaction(client: pg.PoolClient, organs: string[]): Promise<void>;
  /** After COMMIT (NATS mode: publish and wait for the stream's acknowledgement). */
  afterCommit(deliveries: { id: string; organ: string }[]): Promise<void>;
  /** Resolves when a delivery for one of the organs becomes visible, or after `ms`. */
  waitFor(organs: string[], ms: number): Promise<void>;
  close(): Promise<void>;
}

type Waiter = { organs: Set<string>; wake: () => void };

class Waiters {
  private readonly list = new Set<Waiter>();
  wait(organs: string[], ms: number): Promise<void> {
    return new Promise((resolve) => {
      const w: Waiter = {
        organs: new Set(organs),
        wake: () => {
          clearTimeout(t);
          this.list.delete(w);
          resolve();
        },
      };
      const t = setTimeout(w.wake, ms);
      this.list.add(w);
    });
  }
  wake(organ: string): void {
    for (const w of [...this.list]) if (w.organs.has(organ)) w.wake();
  }
  wakeAll(): void {
    for (const w of [...this.list]) w.wake();
  }
}

const CHANNEL = 'hub_delivery';

/** PostgreSQL LISTEN/NOTIFY: one dedicated connection per process. */
export async function pgQueue(pool: pg.Pool): Promise<DeliveryQueue> {
  const waiters = new Waiters();
  let client: pg.PoolClient | null = null;
  let closed = false;
  const listen = async (): Promise<void> => {
    if (closed) return;
    try {
      const c = await pool.connect();
      c.on('notification', (n) => {
        if (n.channel === CHANNEL && n.payload) waiters.wake(n.payload);
      });
      c.on('error', () => {
        c.release(true);
        if (client === c) client = null;
        waiters.wakeAll(); // a notification may have been lost: let the waiters list again
        setTimeout(() => void listen(), 500).unref();
      });
      await c.query(`LISTEN ${CHANNEL}`);
      client = c;
    } catch {
      setTimeout(() => void listen(), 500).unref();
    }
  };
  await listen();
  return {
    initialState: 'pending',
    inTransaction: async (c, organs) => {
      for (const organ of new Set(organs)) await c.query('SELECT pg_notify($1, $2)', [CHANNEL, organ]);
    },
    afterCommit: async () => {},
    waitFor: (organs, ms) => waiters.wait(organs, ms),
    close: async () => {
      closed = true;
      waiters.wakeAll();
      if (client) {
        await client.query(`UNLISTEN ${CHANNEL}`).catch(() => {});
        client.release();
        client = null;
      }
    },
  };
}

export interface NatsQueueOptions {
  servers: string;
  /** Stream name (also the subject prefix); tests use their own. Default VXP_DELIVERIES. */
  stream?: string;
  /** Seconds before a message taken by a process that did not ack it goes to another. Default 5. */
  ackWaitSeconds?: number;
  now: () => Date;
  log?: (msg: string, err?: unknown) => void;
}

/** JetStream as the delivery queue shared by every hub process (see the file comment). */
export async function natsQueue(pool: pg.Pool, o: NatsQueueOptions): Promise<DeliveryQueue> {
  const name = o.stream ?? 'VXP_DELIVERIES';
  const deliverSubject = `${name}.deliver`;
  const notifySubject = `${name}.notify`;
  const nc: NatsConnection = await connect({ servers: o.servers, maxReconnectAttempts: -1 });
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(name);
  } catch {
    await jsm.streams.add({ name, subjects: [deliverSubject], retention: RetentionPolicy.Workqueue, duplicate_window: nanos(10 * 60_000) }).catch(async (err: unknown) => {
      // another process created it meanwhile
      await jsm.streams.info(name).catch(() => {
        throw err;
      });
    });
  }
  await jsm.consumers.add(name, { durable_name: 'dispatch', ack_policy: AckPolicy.Explicit, ack_wait: nanos((o.ackWaitSeconds ?? 5) * 1000), max_deliver: -1 }).catch(async (err: unknown) => {
    await jsm.consumers.info(name, 'dispatch').catch(() => {
      throw err;
    });
  });
  const js: JetStreamClient = nc.jetstream();
  const waiters = new Waiters();
  const codec = new TextEncoder();
  const decode = new TextDecoder();
  // Every process hears every release (core NATS, fire and forget: a waiter also times out and lists again).
  const sub = nc.subscribe(notifySubject, { callback: (_err, m) => waiters.wake(decode.decode(m.data)) });

  let messages: ConsumerMessages | null = null;
  let stopped = false;
  const consumer = await js.consumers.get(name, 'dispatch');
  const dispatch = (async () => {
    while (!stopped) {
      try {
        messages = await consumer.consume({ max_messages: 256 });
        for await (const m of messages) {
          const { id } = JSON.parse(decode.decode(m.data)) as { id: string };
          try {
            const organ = await releaseDelivery(pool, id, o.now());
            if (organ) nc.publish(notifySubject, codec.encode(organ));
            m.ack();
          } catch (err) {
            o.log?.('hub queue: releasing a delivery failed; redelivered later', err);
            m.nak(1000);
          }
        }
      } catch (err) {
        if (!stopped) o.log?.('hub queue: consumer stopped; restarting', err);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  const publish = async (deliveries: { id: string; organ: string }[]) => {
    await Promise.all(deliveries.map((d) => js.publish(deliverSubject, codec.encode(JSON.stringify(d)), { msgID: d.id })));
  };
  // Deliveries left 'queued' by a process that died between COMMIT and publish: announced again (same msgID).
  const sweeper = setInterval(() => {
    staleQueued(pool, new Date(o.now().getTime() - 15_000))
      .then((rows) => (rows.length ? publish(rows) : undefined))
      .catch((err: unknown) => o.log?.('hub queue: sweep failed', err));
  }, 5000);
  sweeper.unref();

  return {
    initialState: 'queued',
    inTransaction: async () => {},
    afterCommit: publish,
    waitFor: (organs, ms) => waiters.wait(organs, ms),
    close: async () => {
      stopped = true;
      clearInterval(sweeper);
      waiters.wakeAll();
      sub.unsubscribe();
      await (messages as ConsumerMessages | null)?.close();
      await nc.drain().catch(() => {});
      await dispatch.catch(() => {});
    },
  };
}
