import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { Db } from '../../db/database';
import type { Cron } from '../jobs';

/**
 * Orphan blobs: files of the store that no `blobs` row names. Every blob row is inserted in the transaction that
 * records what references it (a file, a signing result, a package), so a blob file without one was left by a
 * request whose transaction never committed — a crash (kill -9) between the write and the commit, or a failed
 * clean-up. Such a file is removed once it is older than a grace period: an upload in flight has a fresh file
 * (written, or touched when its content was already stored — DiskBlobStore.put), and its row is not visible until
 * it commits. The modification time is read again just before the removal.
 */
export const SWEEP_JOB = 'blobs.sweep';
export const DEFAULT_GRACE_MINUTES = 60;
const BATCH = 1000;

export interface SweepResult {
  scanned: number;
  removed: string[];
}

/** Stored blob files under a DiskBlobStore root (<root>/ab/cd/<sha256>), with their modification times. */
export async function* storedBlobs(
  root: string,
): AsyncGenerator<{ sha256: string; file: string; mtimeMs: number; size: number }> {
  const level = async (dir: string) =>
    (await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []))
      .filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name))
      .map((e) => e.name)
      .sort();
  for (const a of await level(root)) {
    for (const b of await level(path.join(root, a))) {
      const dir = path.join(root, a, b);
      for (const name of (await fs.promises.readdir(dir).catch(() => [])).sort()) {
        if (!/^[0-9a-f]{64}$/.test(name) || !name.startsWith(a + b)) continue;
        const file = path.join(dir, name);
        const st = await fs.promises.stat(file).catch(() => null);
        if (st?.isFile()) yield { sha256: name, file, mtimeMs: st.mtimeMs, size: st.size };
      }
    }
  }
}

/** Removes orphan blob files older than graceMs; `also` are further roots holding copies (a mirror). */
export async function sweepOrphanBlobs(
  db: Db,
  root: string,
  opts: { graceMs: number; now?: Date; also?: string[] },
): Promise<SweepResult> {
  const limit = (opts.now ?? new Date()).getTime() - opts.graceMs;
  const result: SweepResult = { scanned: 0, removed: [] };
  let batch: { sha256: string; file: string }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const known = new Set(
      (
        await db
          .selectFrom('blobs')
          .select('sha256')
          .where(
            'sha256',
            'in',
            batch.map((b) => b.sha256),
          )
          .execute()
      ).map((r) => r.sha256),
    );
    for (const b of batch) {
      if (known.has(b.sha256)) continue;
      const st = await fs.promises.stat(b.file).catch(() => null);
      if (!st || st.mtimeMs >= limit) continue; // touched by an upload of the same content meanwhile
      await fs.promises.rm(b.file, { force: true });
      for (const other of opts.also ?? [])
        await fs.promises.rm(path.join(other, b.sha256.slice(0, 2), b.sha256.slice(2, 4), b.sha256), { force: true });
      result.removed.push(b.sha256);
    }
    batch = [];
  };
  for await (const blob of storedBlobs(root)) {
    result.scanned++;
    if (blob.mtimeMs >= limit) continue;
    batch.push(blob);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return result;
}

/** The blob store's root on disk (system.ts puts it under the data directory). */
export const blobRoot = (deps: Deps) => path.join(deps.config.dataDir, 'blobs');

export function registerBlobJobs(deps: Deps): void {
  deps.jobs.define({
    kind: SWEEP_JOB,
    schema: z.object({
      graceMinutes: z
        .number()
        .min(0)
        .max(7 * 24 * 60)
        .optional(),
    }),
    handler: async (p) => {
      const mirror = deps.config.preservation.blobMirror ? [deps.config.preservation.blobMirror] : [];
      const r = await sweepOrphanBlobs(deps.db, blobRoot(deps), {
        graceMs: (p.graceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000,
        now: deps.now(),
        also: mirror,
      });
      deps.log.info({ scanned: r.scanned, removed: r.removed.length }, 'orphan blobs swept');
    },
  });
}

/** Daily from 02:30 Vietnam time (a server started later that day runs the day's sweep at its first cron tick). */
export function registerBlobSchedules(cron: Cron): void {
  cron.add({ kind: SWEEP_JOB, dailyAt: '02:30' });
}
