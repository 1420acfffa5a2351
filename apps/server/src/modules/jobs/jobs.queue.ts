import { sql } from 'kysely';
import { hostname } from 'node:os';
import type { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database';

/** A job kind: an id, a payload schema re-checked when the job runs (a queue is a trust boundary), a handler. */
export interface JobDef<S extends z.ZodType = z.ZodType> {
  kind: string;
  schema: S;
  maxAttempts?: number;
  handler: (payload: z.infer<S>, ctx: { jobId: string; attempt: number; organId: string | null }) => Promise<void>;
}

export class JobRegistry {
  private readonly defs = new Map<string, JobDef>();
  define<S extends z.ZodType>(def: JobDef<S>): JobDef<S> {
    if (this.defs.has(def.kind)) throw new Error(`job kind defined twice: ${def.kind}`);
    this.defs.set(def.kind, def as unknown as JobDef);
    return def;
  }
  get(kind: string): JobDef | undefined {
    return this.defs.get(kind);
  }
  kinds(): string[] {
    return [...this.defs.keys()];
  }
}

export interface EnqueueOptions {
  organId?: string | null;
  runAt?: Date;
  maxAttempts?: number;
  /** Deduplication key: a second enqueue with the same kind and key is ignored. */
  uniqueKey?: string;
}

/** Enqueues inside the caller's transaction: if it rolls back, the job never existed. */
export async function enqueue<S extends z.ZodType>(
  trx: DbOrTrx,
  def: JobDef<S> | string,
  payload: z.infer<S>,
  opts: EnqueueOptions = {},
): Promise<string | null> {
  const kind = typeof def === 'string' ? def : def.kind;
  const maxAttempts = opts.maxAttempts ?? (typeof def === 'string' ? undefined : def.maxAttempts) ?? 5;
  // One statement: the insert and the wake-up notification (delivered at commit) travel together.
  const row = await trx
    .with('j', (db) =>
      db
        .insertInto('jobs')
        .values({
          kind,
          payload: JSON.stringify(payload),
          organ_id: opts.organId ?? null,
          run_at: opts.runAt ?? new Date(),
          max_attempts: maxAttempts,
          unique_key: opts.uniqueKey ?? null,
          locked_at: null,
          locked_by: null,
          last_error: null,
          done_at: null,
        })
        .onConflict((oc) => oc.columns(['kind', 'unique_key']).where('unique_key', 'is not', null).doNothing())
        .returning('id'),
    )
    .selectNoFrom((eb) => [
      eb.selectFrom('j').select('j.id').as('id'),
      sql<string>`pg_notify('vanthu_jobs', ${kind})`.as('n'),
    ])
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface WorkerOptions {
  batch?: number;
  pollMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  stuckAfterMs?: number;
  log?: { warn: (o: object, m: string) => void; error: (o: object, m: string) => void };
}

/** Claims ready jobs with SKIP LOCKED, runs them, retries with exponential backoff, dead-letters after max attempts. */
export class JobWorker {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private readonly id = `${hostname()}:${process.pid}`;
  private readonly o: Required<Omit<WorkerOptions, 'log'>> & Pick<WorkerOptions, 'log'>;

  constructor(
    private readonly db: Db,
    private readonly registry: JobRegistry,
    opts: WorkerOptions = {},
  ) {
    this.o = {
      batch: 10,
      pollMs: 1000,
      backoffBaseMs: 5_000,
      backoffMaxMs: 3600_000,
      stuckAfterMs: 15 * 60_000,
      ...opts,
    };
  }

  start(): void {
    const tick = async () => {
      try {
        while ((await this.runOnce()) > 0 && this.timer) {
          /* drain */
        }
      } catch (err) {
        this.o.log?.error({ err }, 'job worker tick failed');
      }
      if (this.timer) this.timer = setTimeout(tick, this.o.pollMs);
    };
    this.timer = setTimeout(tick, 10);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Claims and runs one batch; returns how many jobs ran. */
  async runOnce(): Promise<number> {
    this.running = true;
    try {
      const claimed = await sql<{
        id: string;
        kind: string;
        payload: unknown;
        attempts: number;
        max_attempts: number;
        organ_id: string | null;
      }>`
        UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_at = now(), locked_by = ${this.id}, updated_at = now()
        WHERE id IN (
          SELECT id FROM jobs WHERE state = 'pending' AND run_at <= now()
          ORDER BY run_at, id LIMIT ${this.o.batch} FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, payload, attempts, max_attempts, organ_id`.execute(this.db);
      for (const job of claimed.rows) await this.runJob(job);
      return claimed.rows.length;
    } finally {
      this.running = false;
    }
  }

  private async runJob(job: {
    id: string;
    kind: string;
    payload: unknown;
    attempts: number;
    max_attempts: number;
    organ_id: string | null;
  }) {
    const def = this.registry.get(job.kind);
    if (!def) return this.dead(job.id, `jobs.unknown_kind: không có xử lý cho loại tác vụ "${job.kind}"`);
    const parsed = def.schema.safeParse(job.payload);
    if (!parsed.success) {
      // Retrying cannot fix a payload: dead-letter at once with the reason.
      return this.dead(
        job.id,
        `jobs.invalid_payload: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    try {
      await def.handler(parsed.data, { jobId: job.id, attempt: job.attempts, organId: job.organ_id });
      await this.db
        .updateTable('jobs')
        .set({ state: 'done', done_at: new Date(), updated_at: new Date(), locked_at: null, last_error: null })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      const msg = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      if (job.attempts >= job.max_attempts) return this.dead(job.id, msg);
      const delay = Math.min(this.o.backoffBaseMs * 2 ** (job.attempts - 1), this.o.backoffMaxMs);
      this.o.log?.warn({ jobId: job.id, kind: job.kind, attempt: job.attempts, err: msg }, 'job failed; will retry');
      await this.db
        .updateTable('jobs')
        .set({
          state: 'pending',
          run_at: new Date(Date.now() + delay),
          last_error: msg.slice(0, 4000),
          locked_at: null,
          updated_at: new Date(),
        })
        .where('id', '=', job.id)
        .execute();
    }
  }

  private async dead(id: string, reason: string) {
    this.o.log?.error({ jobId: id, reason }, 'job dead-lettered');
    await this.db
      .updateTable('jobs')
      .set({ state: 'dead', last_error: reason.slice(0, 4000), locked_at: null, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Jobs left 'running' by a crashed worker go back to the queue. */
  async reviveStuck(): Promise<number> {
    const r = await this.db
      .updateTable('jobs')
      .set({ state: 'pending', locked_at: null, updated_at: new Date() })
      .where('state', '=', 'running')
      .where('locked_at', '<', new Date(Date.now() - this.o.stuckAfterMs))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

export async function listJobs(db: Db, f: { state?: string; organId?: string | null; limit?: number }) {
  let q = db
    .selectFrom('jobs')
    .select(['id', 'kind', 'state', 'attempts', 'max_attempts', 'last_error', 'run_at', 'created_at', 'organ_id']);
  if (f.state === 'failed') q = q.where('state', '=', 'pending').where('last_error', 'is not', null);
  else if (f.state) q = q.where('state', '=', f.state);
  if (f.organId !== undefined)
    q = q.where((eb) => eb.or([eb('organ_id', '=', f.organId ?? ''), eb('organ_id', 'is', null)]));
  const rows = await q
    .orderBy('id', 'desc')
    .limit(f.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    state: r.state,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error,
    runAt: r.run_at.toISOString(),
    createdAt: r.created_at.toISOString(),
  }));
}

export async function retryJob(db: Db, id: string, organId: string | null): Promise<boolean> {
  let q = db
    .updateTable('jobs')
    .set({ state: 'pending', attempts: 0, run_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .where('state', '=', 'dead');
  if (organId) q = q.where((eb) => eb.or([eb('organ_id', '=', organId), eb('organ_id', 'is', null)]));
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
