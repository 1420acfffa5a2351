import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { AppError } from '../../http/errors';
import { recordAudit, type Actor } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import type { PutResult } from './blobs.store';
import type { FileKind } from './blobs.sniff';
import { enqueue } from '../jobs/jobs.queue';

/** A display name from whatever the client sent: never used as a path, only shown and offered on download. */
export function cleanFileName(name: string | undefined, kind: FileKind): string {
  const base = path.posix.basename(path.win32.basename(name ?? '')).normalize('NFC');
  const clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*\\/]/g, '_').replace(/^\.+/, '').trim().slice(0, 200);
  return clean || `tep.${kind === 'jpeg' ? 'jpg' : kind}`;
}

/** Streams an upload into the store (type checked by content, size limited). Nothing is recorded yet. */
export function stageUpload(deps: Deps, stream: Readable, opts: { allowed: readonly FileKind[]; maxBytes?: number }): Promise<PutResult> {
  return deps.blobs.put(stream, { allowed: opts.allowed, maxBytes: opts.maxBytes ?? deps.config.uploadMaxBytes });
}

/**
 * Records a staged blob as a file of an organ, inside the caller's transaction (one statement for the blob and the
 * file row). A PDF that may carry a signature gets its verification queued (modules/signing); one without any
 * (see PutResult.signatureMarker) is verified on demand when its panel is opened.
 */
export async function recordFile(trx: DbOrTrx, input: { organId: string; put: PutResult; name: string; uploadedBy: string | null }): Promise<string> {
  const row = await trx
    .with('b', (db) => db.insertInto('blobs').values({ sha256: input.put.sha256, size: input.put.size, mime: input.put.mime }).onConflict((oc) => oc.column('sha256').doNothing()))
    .insertInto('files')
    .values({ organ_id: input.organId, sha256: input.put.sha256, name: input.name, mime: input.put.mime, size: input.put.size, uploaded_by: input.uploadedBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (input.put.mime === 'application/pdf' && input.put.signatureMarker !== false) await enqueue(trx, 'signing.verify_pdf', { sha256: input.put.sha256 }, { organId: input.organId, uniqueKey: input.put.sha256 }); // modules/signing
  return row.id;
}

/** After a failed transaction: removes a blob this request created if nothing references it. */
export async function discardStaged(deps: Deps, put: PutResult): Promise<void> {
  if (!put.created) return;
  const ref = await deps.db.selectFrom('blobs').select('sha256').where('sha256', '=', put.sha256).executeTakeFirst();
  if (!ref) await deps.blobs.remove(put.sha256);
}

export async function uploadFile(deps: Deps, p: Principal, actor: Actor, stream: Readable, filename: string | undefined, allowed: readonly FileKind[]) {
  const put = await stageUpload(deps, stream, { allowed });
  const name = cleanFileName(filename, put.kind);
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const fileId = await recordFile(trx, { organId: p.organId, put, name, uploadedBy: p.userId });
      await recordAudit(trx, actor, { action: 'blobs.upload', entityType: 'file', entityId: fileId, summary: `Tải lên tệp ${name}`, after: { sha256: put.sha256, size: put.size, mime: put.mime } });
      return fileId;
    });
    return { id, sha256: put.sha256, size: put.size, mime: put.mime, name };
  } catch (err) {
    await discardStaged(deps, put);
    throw err;
  }
}

export async function getFileForUploader(deps: Deps, p: Principal, id: string) {
  const f = await deps.db.selectFrom('files').selectAll().where('id', '=', id).where('organ_id', '=', p.organId).executeTakeFirst();
  if (!f || (f.uploaded_by !== p.userId && !p.roles.has('admin'))) throw new AppError('blobs.not_found', 404, 'Không tìm thấy tệp.');
  return f;
}
