import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { AppError } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import type { PutResult } from './blobs.store';
import type { FileKind } from './blobs.sniff';
import { requireVisibleFile } from './blobs.access';
import { isInflateLimitError } from '@vanthu/pades';
import { pdfVerifier } from './blobs.verifier';

/**
 * Bidirectional controls (U+202A–202E embeddings/overrides, U+2066–2069 isolates, U+200E/U+200F marks, U+061C)
 * let "hoa-don\u202Efdp.exe" display as "hoa-donexe.pdf"; they, C0/C1 controls, zero-width and line/paragraph
 * separators are removed from names.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
/** Extensions a browser or desktop would run or render as active content: a download never ends with one. */
const ACTIVE_EXT =
  /\.(exe|com|bat|cmd|scr|pif|msi|msp|dll|cpl|lnk|hta|js|jse|mjs|vbs|vbe|wsf|wsh|ps1|psm1|sh|bash|jar|app|apk|html?|xhtml|svg|xml|url|desktop|reg|iso|img)$/i;

/** A display name from whatever the client sent: never used as a path, only shown and offered on download. */
export function cleanFileName(name: string | undefined, kind: FileKind): string {
  const base = path.posix.basename(path.win32.basename((name ?? '').replace(INVISIBLE, ''))).normalize('NFC');
  let clean = base
    .replace(/[<>:"|?*\\/]/g, '_')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200);
  if (clean && ACTIVE_EXT.test(clean)) clean = `${clean}.${EXT[kind]}`;
  return clean || `tep.${EXT[kind]}`;
}
const EXT: Record<FileKind, string> = {
  pdf: 'pdf',
  docx: 'docx',
  xlsx: 'xlsx',
  odt: 'odt',
  png: 'png',
  jpeg: 'jpg',
  tiff: 'tif',
  zip: 'zip',
};

/**
 * Streams an upload into the store (type checked by content, size limited). Nothing is recorded yet.
 * A PDF must also end where readers look for its end (%%EOF in the last 1024 bytes) and parse: pdf-lib's parser
 * reads its objects in the verifier process (blobs.verifier.ts) within the inflate limits, so a decompression
 * bomb is refused (blobs.pdf_bomb) without costing the server. A file named *.pdf must be a PDF.
 */
export async function stageUpload(
  deps: Deps,
  stream: Readable,
  opts: { allowed: readonly FileKind[]; maxBytes?: number; name?: string },
): Promise<PutResult> {
  const put = await deps.blobs.put(stream, {
    allowed: opts.allowed,
    maxBytes: opts.maxBytes ?? deps.config.uploadMaxBytes,
  });
  try {
    await checkContent(deps, put, opts.name);
  } catch (e) {
    await discardStaged(deps, put);
    throw e;
  }
  return put;
}

async function checkContent(deps: Deps, put: PutResult, name: string | undefined): Promise<void> {
  if (name && /\.pdf$/i.test(name.replace(INVISIBLE, '').trim()) && put.kind !== 'pdf') {
    throw new AppError(
      'blobs.not_pdf',
      415,
      `Tệp mang tên PDF nhưng nội dung là ${put.kind.toUpperCase()}, không phải PDF.`,
    );
  }
  if (put.kind !== 'pdf') return;
  if (put.pdfEnd === false)
    throw new AppError('blobs.pdf_damaged', 415, 'Tệp PDF bị hỏng hoặc không đầy đủ (không có dấu kết thúc %%EOF).');
  const input = deps.blobs.path ? { path: deps.blobs.path(put.sha256) } : { bytes: await readAll(deps, put.sha256) };
  try {
    await pdfVerifier.check(input);
  } catch (e) {
    if (isInflateLimitError(e))
      throw new AppError('blobs.pdf_bomb', 415, `Tệp PDF bị từ chối: ${(e as Error).message}`);
    throw new AppError('blobs.pdf_unreadable', 415, 'Không đọc được tệp PDF (cấu trúc tệp hỏng).');
  }
}

async function readAll(deps: Deps, sha256: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of deps.blobs.open(sha256)) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Records a staged blob as a file of an organ, inside the caller's transaction (one statement for the blob and the
 * file row), then the hooks of other modules in the same transaction (onFileRecorded).
 */
export async function recordFile(
  trx: DbOrTrx,
  input: { organId: string; put: PutResult; name: string; uploadedBy: string | null },
): Promise<string> {
  const row = await trx
    .with('b', (db) =>
      db
        .insertInto('blobs')
        .values({ sha256: input.put.sha256, size: input.put.size, mime: input.put.mime })
        .onConflict((oc) => oc.column('sha256').doNothing()),
    )
    .insertInto('files')
    .values({
      organ_id: input.organId,
      sha256: input.put.sha256,
      name: input.name,
      mime: input.put.mime,
      size: input.put.size,
      uploaded_by: input.uploadedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const hook of recordedHooks.values())
    await hook(trx, { fileId: row.id, organId: input.organId, put: input.put });
  return row.id;
}

export type FileRecordedHook = (
  trx: DbOrTrx,
  file: { fileId: string; organId: string; put: PutResult },
) => Promise<void>;
const recordedHooks = new Map<string, FileRecordedHook>();
/**
 * Another module reacts to a recorded file inside the same transaction (signing queues the verification of a PDF
 * that may carry a signature), without blobs knowing that module or its job kinds. One hook per owner name.
 */
export function onFileRecorded(owner: string, hook: FileRecordedHook): void {
  recordedHooks.set(owner, hook);
}

/** After a failed transaction: removes a blob this request created if nothing references it. */
export async function discardStaged(deps: Deps, put: PutResult): Promise<void> {
  if (!put.created) return;
  const ref = await deps.db.selectFrom('blobs').select('sha256').where('sha256', '=', put.sha256).executeTakeFirst();
  if (!ref) await deps.blobs.remove(put.sha256);
}

export async function uploadFile(
  deps: Deps,
  p: Principal,
  actor: Actor,
  stream: Readable,
  filename: string | undefined,
  allowed: readonly FileKind[],
) {
  const put = await stageUpload(deps, stream, { allowed, name: filename });
  const name = cleanFileName(filename, put.kind);
  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const fileId = await recordFile(trx, { organId: p.organId, put, name, uploadedBy: p.userId });
      await recordAudit(trx, actor, {
        action: 'blobs.upload',
        entityType: 'file',
        entityId: fileId,
        summary: `Tải lên tệp ${name}`,
        after: { sha256: put.sha256, size: put.size, mime: put.mime },
      });
      return fileId;
    });
    return { id, sha256: put.sha256, size: put.size, mime: put.mime, name };
  } catch (err) {
    await discardStaged(deps, put);
    throw err;
  }
}

/** A file the caller may see under the one content decision (blobs.access.ts); 404 otherwise. Admins get no bypass. */
export async function getFileForUploader(deps: Deps, p: Principal, id: string) {
  return requireVisibleFile(deps.db, p, id);
}
