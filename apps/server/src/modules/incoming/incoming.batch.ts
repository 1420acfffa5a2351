import type { Deps } from '../../deps';
import type { Trx } from '../../db/database';

/**
 * Group commit for registrations. Every registration must lock its register's counter row until it commits, so
 * registrations of a register are serial and each would pay its own WAL flush (10–40 ms on a slow disk) while
 * holding the lock. Registrations that arrive while a batch is committing wait and go together in the next
 * transaction: one flush for the batch, numbers still consecutive in arrival order. If a batch fails, its items are
 * retried one by one, so one bad item cannot fail the others.
 */
export class CommitBatcher<T, R> {
  private readonly queues = new Map<string, { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[]>();
  private readonly running = new Set<string>();

  constructor(
    private readonly deps: Deps,
    private readonly work: (trx: Trx, item: T) => Promise<R>,
    private readonly maxBatch = 32,
  ) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const q = this.queues.get(key) ?? [];
      q.push({ item, resolve, reject });
      this.queues.set(key, q);
      if (!this.running.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.running.add(key);
    try {
      for (;;) {
        const q = this.queues.get(key);
        if (!q || q.length === 0) break;
        const batch = q.splice(0, this.maxBatch);
        try {
          const results = await this.deps.db.transaction().execute(async (trx) => {
            const out: R[] = [];
            for (const b of batch) out.push(await this.work(trx, b.item));
            return out;
          });
          batch.forEach((b, i) => b.resolve(results[i]!));
        } catch (err) {
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          for (const b of batch) {
            try {
              b.resolve(await this.deps.db.transaction().execute((trx) => this.work(trx, b.item)));
            } catch (e) {
              b.reject(e);
            }
          }
        }
      }
    } finally {
      this.running.delete(key);
      if (this.queues.get(key)?.length) void this.drain(key);
      else this.queues.delete(key);
    }
  }
}
