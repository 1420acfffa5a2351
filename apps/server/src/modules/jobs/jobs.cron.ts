import type { Logger } from 'pino';
import type { Db } from '../../db/database';
import { enqueue } from './jobs.queue';

export interface CronTask {
  kind: string;
  /** Run every N minutes (slot-deduplicated across processes), or daily at a Vietnam-time HH:MM. */
  everyMinutes?: number;
  dailyAt?: string;
  payload?: Record<string, unknown>;
}

const vnDate = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
const vnHHMM = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(11, 16);

/**
 * Turns schedules into queue jobs. Several cron processes may run: each slot's job carries a unique key,
 * so it is enqueued once.
 */
export class Cron {
  private readonly tasks: CronTask[] = [];
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {}

  add(task: CronTask): void {
    this.tasks.push(task);
  }

  /** Enqueues every task whose slot has come at `now`; returns the number enqueued. */
  async tick(now = new Date()): Promise<number> {
    let n = 0;
    for (const t of this.tasks) {
      let key: string | null = null;
      if (t.everyMinutes) key = `every:${Math.floor(now.getTime() / (t.everyMinutes * 60_000))}`;
      else if (t.dailyAt && vnHHMM(now) >= t.dailyAt) key = `daily:${vnDate(now)}`;
      if (!key) continue;
      const id = await enqueue(this.db, t.kind, t.payload ?? {}, { uniqueKey: key, maxAttempts: 3 });
      if (id) n++;
    }
    return n;
  }

  start(): void {
    const run = () => {
      this.tick().catch((err) => this.log.error({ err }, 'cron tick failed'));
    };
    run();
    this.timer = setInterval(run, 30_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
