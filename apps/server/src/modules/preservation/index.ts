/**
 * Public entry of the preservation module — keeping records alive (issue 16): backup and restore of the database and
 * the blob store with SHA-256 manifests, fixity of stored blobs against a mirror copy.
 * Other modules import only from here; job definitions are registered from modules/registry.ts.
 */
export {
  backup,
  backupChain,
  explicitChain,
  listBackups,
  pruneBackups,
  readManifest,
  replicate,
  restore,
  verifyBackup,
  verifyStoredBlobs,
  type BackupManifest,
  type BackupOptions,
  type BackupResult,
  type RestoreOptions,
  type RestoreReport,
} from './preservation.backup';
export { logBackup, logRestore } from './preservation.log';
export { preservationRoutes } from './preservation.routes';
export {
  checkBlob,
  damageOf,
  fixitySweep,
  hashFile,
  sliceSize,
  type BlobCheck,
  type FixityEnv,
  type SweepReport,
} from './preservation.fixity';
import path from 'node:path';
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { Cron } from '../jobs';
import { backup } from './preservation.backup';
import { checkBlob, damageOf, fixitySweep, sliceSize, type FixityEnv } from './preservation.fixity';
import { logBackup } from './preservation.log';

export const FIXITY_JOB = 'preservation.fixity';
export const BACKUP_JOB = 'preservation.backup';
const FIXITY_EVERY_MINUTES = 60;

export const fixityEnv = (deps: Deps): FixityEnv => ({
  primary: path.join(deps.config.dataDir, 'blobs'),
  mirror: deps.config.preservation.blobMirror,
  backupTargets: deps.config.preservation.backupTargets,
  now: deps.now,
});

/**
 * Jobs of preservation: the fixity sweep (a slice per hour so that every blob is re-hashed within
 * VANTHU_FIXITY_DAYS) and the scheduled backup (VANTHU_BACKUP_TARGETS; incremental daily, full monthly). Also
 * registers the store's integrity hook: a blob marked damaged is never served, and a read that finds changed
 * or missing bytes has the blob checked (and repaired when a good copy exists) at once.
 */
export function registerPreservationJobs(deps: Deps): void {
  deps.blobs.setIntegrity?.({
    damaged: (sha) => damageOf(deps.db, sha),
    mismatch: (sha, what) => {
      deps.log.warn({ sha256: sha, what }, 'blob read found damaged bytes');
      checkBlob(deps.db, fixityEnv(deps), sha).catch((err) =>
        deps.log.error({ err, sha256: sha }, 'fixity check after a damaged read failed'),
      );
    },
  });
  deps.jobs.define({
    kind: FIXITY_JOB,
    schema: z.object({ limit: z.number().int().min(1).max(10_000_000).optional() }),
    handler: async (p) => {
      const total = Number(
        (
          await deps.db
            .selectFrom('blobs')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      const limit = p.limit ?? sliceSize(total, deps.config.preservation.fixityDays, FIXITY_EVERY_MINUTES);
      const r = await fixitySweep(deps.db, fixityEnv(deps), { limit });
      deps.log.info({ checked: r.checked, repaired: r.repaired, damaged: r.damaged.length }, 'fixity sweep');
    },
  });
  deps.jobs.define({
    kind: BACKUP_JOB,
    schema: z.object({ kind: z.enum(['full', 'incremental', 'auto']).optional() }),
    handler: async (p) => {
      const targets = deps.config.preservation.backupTargets;
      if (!targets.length)
        return void deps.log.info('no backup targets configured (VANTHU_BACKUP_TARGETS): scheduled backup skipped');
      const r = await backup(deps.pool, path.join(deps.config.dataDir, 'blobs'), {
        targets,
        kind: p.kind ?? 'auto',
        keepFull: deps.config.preservation.keepFull,
        now: deps.now(),
      });
      await logBackup(deps.db, r);
    },
  });
}

export function registerPreservationSchedules(cron: Cron): void {
  cron.add({ kind: FIXITY_JOB, everyMinutes: FIXITY_EVERY_MINUTES });
  cron.add({ kind: BACKUP_JOB, dailyAt: '01:30' });
}
