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
import type { Deps } from '../../deps';
import type { Cron } from '../jobs';

/** Jobs and schedules of preservation (scheduled backup, fixity sweep — issue 16). */
export function registerPreservationJobs(_deps: Deps): void {}
export function registerPreservationSchedules(_cron: Cron): void {}
