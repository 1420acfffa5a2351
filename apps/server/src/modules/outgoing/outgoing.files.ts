/** Reading and writing the module's files through the blob store (content-addressed, immutable). */
import { Readable } from 'node:stream';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordFile } from '../blobs';
import type { PutResult } from '../blobs';

export async function readFileBytes(
  deps: Deps,
  db: DbOrTrx,
  organId: string,
  fileId: string,
): Promise<{ bytes: Uint8Array; mime: string; sha256: string; name: string }> {
  const f = await db
    .selectFrom('files')
    .select(['sha256', 'mime', 'name'])
    .where('id', '=', fileId)
    .where('organ_id', '=', organId)
    .executeTakeFirstOrThrow();
  const chunks: Buffer[] = [];
  for await (const c of deps.blobs.open(f.sha256)) chunks.push(c as Buffer);
  return { bytes: new Uint8Array(Buffer.concat(chunks)), mime: f.mime, sha256: f.sha256, name: f.name };
}

/** Stages bytes as a PDF blob; the caller records it in its transaction (and discards it on failure). */
export function stagePdf(deps: Deps, bytes: Uint8Array): Promise<PutResult> {
  return deps.blobs.put(Readable.from([Buffer.from(bytes)]), {
    allowed: ['pdf'],
    maxBytes: deps.config.uploadMaxBytes,
  });
}

export function recordPdf(
  trx: DbOrTrx,
  organId: string,
  put: PutResult,
  name: string,
  userId: string | null,
): Promise<string> {
  return recordFile(trx, { organId, put, name, uploadedBy: userId });
}
