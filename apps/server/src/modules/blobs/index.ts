/**
 * Public entry of the blobs module — files and their bytes: staging uploads, recording files, content access, sniffing, the isolated PDF verifier.
 * Other modules import only from here (eslint boundaries rule in eslint.config.js); routes and job
 * definitions are registered from modules/registry.ts.
 */
export { registerContentOwner, requireVisibleBlob, requireVisibleFile, type ContentClaim } from './blobs.access';
export {
  cleanFileName,
  discardStaged,
  getFileForUploader,
  onFileRecorded,
  recordFile,
  stageUpload,
  type FileRecordedHook,
} from './blobs.service';
export { ALL_KINDS, executableMagic, programExtension, type FileKind } from './blobs.sniff';
export { DiskBlobStore, blobDamaged, type BlobIntegrity, type BlobStore, type PutResult } from './blobs.store';
export { verifyPdfIsolated, visualCheckIsolated } from './blobs.verifier';
