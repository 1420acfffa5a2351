/**
 * Public entry of the archive module (lưu trữ cơ quan: nộp lưu, gói AIP, khai thác, xét hủy). Other modules
 * import only from here.
 */
import type { Deps } from '../../deps';
import { buildRecordAip } from './archive.package';
import { BUILD_AIP, BuildAipPayload } from './archive.service';
import { REMOVE_BLOBS, RemoveBlobsPayload, removeDestroyedBlobs } from './archive.destruction';
import { setTransferLookup } from '../workfiles';

// A file transferred to the archive (any record, destroyed ones included) can no longer be reopened in workfiles.
setTransferLookup(async (db, organId, workfileId) =>
  Boolean(
    await db
      .selectFrom('archive_records')
      .select('id')
      .where('organ_id', '=', organId)
      .where('workfile_id', '=', workfileId)
      .executeTakeFirst(),
  ),
);

export { archiveRoutes } from './archive.routes';
export { ARCHIVE_ERRORS, CHECK_REASONS, type ArchiveErrorCode } from './archive.errors';
export {
  dueFiles,
  receiveTransfer,
  getTransfer,
  listTransfers,
  transferDue,
  retentionEnds,
  BUILD_AIP,
} from './archive.service';
export {
  listRecords,
  getRecord,
  requestAccess,
  decideRequest,
  downloadCopy,
  downloadAip,
  downloadDip,
  setHold,
  holdSet,
  changeMode,
} from './archive.access';
export {
  destructionCandidates,
  proposeDestruction,
  destructionStep,
  getDestruction,
  listDestructions,
  REMOVE_BLOBS,
} from './archive.destruction';
export { seedArchiveDemo } from './archive.seed';
export type { ArchiveTables } from './archive.tables';

/** archive.build_aip {recordId, organId}: one per accepted file; archive.remove_blobs: after a destruction commits. */
export function registerArchiveJobs(deps: Deps): void {
  deps.jobs.define({
    kind: BUILD_AIP,
    schema: BuildAipPayload,
    maxAttempts: 5,
    handler: async ({ recordId, organId }) => buildRecordAip(deps, recordId, organId),
  });
  deps.jobs.define({
    kind: REMOVE_BLOBS,
    schema: RemoveBlobsPayload,
    maxAttempts: 5,
    handler: async ({ sha256 }) => {
      await removeDestroyedBlobs(deps, sha256);
    },
  });
}
