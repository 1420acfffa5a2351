import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../../http/errors';
import { FILE_TYPES, PDF_WINDOW, SNIFF_BYTES, executableMagic, pdfTailOk, sniff, type FileKind } from './blobs.sniff';

export interface PutResult {
  sha256: string;
  size: number;
  kind: FileKind;
  mime: string;
  /** True when this put created the file (it did not exist before): only then may a failed caller remove it. */
  created: boolean;
  /**
   * PDFs only: whether the bytes contain the token "ByteRange". A signature value dictionary cannot sit in a
   * compressed object stream (its /Contents is a gap in the signed byte ranges), so a PDF without it has no
   * signature to verify in the background. (A name spelt with #xx escapes escapes this scan; such a file is still
   * verified in full when someone opens its signature panel.) Undefined when the store did not look.
   */
  signatureMarker?: boolean;
  /** PDFs only: whether "%%EOF" is within the last 1024 bytes (before trailing whitespace), where readers look for it. */
  pdfEnd?: boolean;
}

const SIG_MARK = Buffer.from('ByteRange', 'latin1');
const WRITE_BATCH = 1 << 20;

/** Writes every buffer, resuming after short writes. */
async function writeAll(fd: fs.promises.FileHandle, bufs: Buffer[]): Promise<void> {
  let { bytesWritten } = await fd.writev(bufs);
  const total = bufs.reduce((n, b) => n + b.length, 0);
  while (bytesWritten < total) {
    const rest = Buffer.concat(bufs).subarray(bytesWritten);
    bytesWritten += (await fd.write(rest)).bytesWritten;
  }
}

/** Immutable, content-addressed storage. The disk store is the default; an S3-compatible one can implement the same. */
export interface BlobStore {
  put(stream: Readable, opts: { maxBytes: number; allowed: readonly FileKind[] }): Promise<PutResult>;
  open(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
  path?(sha256: string): string;
  remove(sha256: string): Promise<void>;
  /** Removes temp files left by a crash (never stored blobs). */
  sweepTemp(olderThanMs: number): Promise<number>;
  /** Preservation's integrity hook: a blob known damaged is refused, and every read is hashed (blobs.damaged). */
  setIntegrity?(integrity: BlobIntegrity): void;
  /** Why a blob may not be served (known damaged or missing), or null: for pages that list files. */
  damage?(sha256: string): Promise<string | null>;
}

/**
 * What the store asks before serving bytes (registered by modules/preservation): `damaged` names why a blob may not
 * be served (null when intact as far as known); `mismatch` is told when a read finds bytes that do not hash to
 * their name, or no file, so the blob is checked and repaired at once.
 */
export interface BlobIntegrity {
  damaged(sha256: string): Promise<string | null>;
  mismatch(sha256: string, what: 'changed' | 'missing'): void;
}

export const blobDamaged = (why: string) =>
  new AppError(
    'blobs.damaged',
    409,
    `Tệp bị hỏng hoặc mất trong kho lưu trữ (${why}); không cung cấp bản không nguyên vẹn. Quản trị viên đã được báo để khôi phục từ bản sao.`,
  );

export const tooLarge = (max: number) =>
  new AppError('blobs.too_large', 413, `Tệp vượt quá dung lượng cho phép (${Math.floor(max / 1024 / 1024)} MB).`);
export const executableForbidden = (what: string) =>
  new AppError('blobs.executable', 415, `Tệp là chương trình chạy được (${what}), không được tải lên.`);
export const typeForbidden = (allowed: readonly FileKind[]) =>
  new AppError(
    'blobs.type_forbidden',
    415,
    `Loại tệp không được chấp nhận. Chỉ nhận: ${allowed.map((k) => k.toUpperCase()).join(', ')}.`,
  );

/** Disk layout: <root>/ab/cd/<sha256>; uploads land in <root>/tmp/<uuid> and are renamed in place once hashed. */
export class DiskBlobStore implements BlobStore {
  private readonly tmp: string;
  /** Fan-out directories known to exist (a blob is never removed with its directory). */
  private readonly dirs = new Set<string>();
  private readonly mirror: string | undefined;
  private integrity: BlobIntegrity | null = null;
  /** `mirror`: a second root (VANTHU_BLOB_MIRROR) every blob is written to, durably, before put() returns. */
  constructor(
    private readonly root: string,
    opts: { mirror?: string } = {},
  ) {
    this.tmp = path.join(root, 'tmp');
    fs.mkdirSync(this.tmp, { recursive: true });
    this.mirror = opts.mirror;
    if (this.mirror) fs.mkdirSync(path.join(this.mirror, 'tmp'), { recursive: true });
  }

  setIntegrity(integrity: BlobIntegrity): void {
    this.integrity = integrity;
  }

  async damage(sha256: string): Promise<string | null> {
    return this.integrity ? this.integrity.damaged(sha256) : null;
  }

  /** The mirror copy of a stored blob: written through a temp file, fdatasynced, renamed (kept when already there). */
  private async toMirror(sha256: string, final: string): Promise<void> {
    const dst = path.join(this.mirror!, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    if (fs.existsSync(dst)) return;
    await fs.promises.mkdir(path.dirname(dst), { recursive: true });
    const tmp = path.join(this.mirror!, 'tmp', randomUUID());
    try {
      await fs.promises.copyFile(final, tmp);
      const fd = await fs.promises.open(tmp, 'r+');
      await fd.datasync().finally(() => fd.close());
      await fs.promises.rename(tmp, dst);
    } catch (e) {
      await fs.promises.rm(tmp, { force: true });
      throw e;
    }
  }

  path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('blobs.bad_id', 400, 'Mã tệp không hợp lệ.');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Streams into a temp file while hashing, sniffing the type from the first bytes and looking for a signature
   * marker; writes in batches of up to 1 MB, makes the data durable (fdatasync), then renames into place.
   * (A hand-written loop rather than a Transform pipeline: an upload is the clerk's hottest path, and this costs
   * about half the CPU.)
   */
  async put(stream: Readable, opts: { maxBytes: number; allowed: readonly FileKind[] }): Promise<PutResult> {
    const tmpPath = path.join(this.tmp, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let kind: FileKind | null = null;
    let marked = false;
    let tail = Buffer.alloc(0);
    let end: Buffer = Buffer.alloc(0);
    let raw: Buffer = Buffer.alloc(0);
    const decide = () => {
      const exe = executableMagic(head);
      if (exe) throw executableForbidden(exe);
      kind = sniff(head);
      if (!kind || !opts.allowed.includes(kind)) throw typeForbidden(opts.allowed);
    };
    let fd: fs.promises.FileHandle | null = null;
    try {
      fd = await fs.promises.open(tmpPath, 'wx');
      let batch: Buffer[] = [];
      let batchBytes = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > opts.maxBytes) throw tooLarge(opts.maxBytes);
        if (kind === null && head.length < SNIFF_BYTES) {
          head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          if (head.length >= SNIFF_BYTES) decide();
        }
        hash.update(chunk);
        if (!marked) {
          marked =
            chunk.indexOf(SIG_MARK) >= 0 ||
            (tail.length > 0 && Buffer.concat([tail, chunk.subarray(0, SIG_MARK.length - 1)]).indexOf(SIG_MARK) >= 0);
          tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - (SIG_MARK.length - 1))));
        }
        // the last 1024 bytes before trailing whitespace/NUL padding: where a reader looks for %%EOF
        let j = chunk.length - 1;
        while (
          j >= 0 &&
          (chunk[j] === 0x20 ||
            chunk[j] === 0x0a ||
            chunk[j] === 0x0d ||
            chunk[j] === 0x09 ||
            chunk[j] === 0x0c ||
            chunk[j] === 0x00)
        )
          j--;
        if (j >= 0)
          end =
            j + 1 >= PDF_WINDOW
              ? chunk.subarray(j + 1 - PDF_WINDOW, j + 1)
              : Buffer.concat([raw, chunk.subarray(0, j + 1)]).subarray(-PDF_WINDOW);
        raw =
          chunk.length >= PDF_WINDOW
            ? chunk.subarray(chunk.length - PDF_WINDOW)
            : Buffer.concat([raw, chunk]).subarray(-PDF_WINDOW);
        batch.push(chunk);
        batchBytes += chunk.length;
        if (batchBytes >= WRITE_BATCH) {
          await writeAll(fd, batch);
          batch = [];
          batchBytes = 0;
        }
      }
      if (batch.length) await writeAll(fd, batch);
      if ((stream as Readable & { truncated?: boolean }).truncated) throw tooLarge(opts.maxBytes);
      if (size === 0) throw new AppError('blobs.empty', 400, 'Tệp rỗng.');
      if (kind === null) decide();
      await fd.datasync();
      await fd.close();
      fd = null;
      const sha256 = hash.digest('hex');
      const final = this.path(sha256);
      const dir = path.dirname(final);
      if (!this.dirs.has(dir)) {
        await fs.promises.mkdir(dir, { recursive: true });
        this.dirs.add(dir);
      }
      const k = kind as FileKind | null;
      if (!k) throw typeForbidden(opts.allowed);
      const created = !fs.existsSync(final);
      if (created) {
        await fs.promises.rename(tmpPath, final).catch(async (e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT' || !fs.existsSync(tmpPath)) throw e;
          await fs.promises.mkdir(dir, { recursive: true }); // the directory was removed behind our back
          await fs.promises.rename(tmpPath, final);
        });
      } else
        await Promise.all([
          fs.promises.rm(tmpPath),
          fs.promises.utimes(final, new Date(), new Date()).catch(() => undefined),
        ]); // fresh for the orphan sweep (blobs.sweep.ts)
      if (this.mirror) await this.toMirror(sha256, final);
      return {
        sha256,
        size,
        kind: k,
        mime: FILE_TYPES[k],
        created,
        ...(k === 'pdf' ? { signatureMarker: marked, pdfEnd: pdfTailOk(end) } : {}),
      };
    } catch (err) {
      await fd?.close().catch(() => undefined);
      await fs.promises.rm(tmpPath, { force: true });
      stream.resume?.(); // drain what the client is still sending
      throw err;
    }
  }

  /**
   * The bytes of a blob. With the integrity hook (preservation): a blob known damaged is refused before any byte
   * (blobs.damaged, so a route answers 409 instead of the file), and the bytes are hashed on the way: a mismatch
   * at the end fails the stream (the client sees an aborted transfer, never a complete wrong file) and is reported.
   */
  open(sha256: string): Readable {
    const file = this.path(sha256);
    const integrity = this.integrity;
    if (!integrity) return fs.createReadStream(file);
    return Readable.from(
      (async function* () {
        const why = await integrity.damaged(sha256);
        if (why) throw blobDamaged(why);
        const h = createHash('sha256');
        try {
          for await (const c of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
            h.update(c);
            yield c;
          }
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          integrity.mismatch(sha256, 'missing');
          throw blobDamaged('không còn tệp trong kho');
        }
        if (h.digest('hex') !== sha256) {
          integrity.mismatch(sha256, 'changed');
          throw blobDamaged('nội dung không khớp mã SHA-256');
        }
      })(),
      { objectMode: false },
    );
  }

  async remove(sha256: string): Promise<void> {
    await fs.promises.rm(this.path(sha256), { force: true });
    if (this.mirror)
      await fs.promises.rm(path.join(this.mirror, sha256.slice(0, 2), sha256.slice(2, 4), sha256), { force: true });
  }

  async exists(sha256: string): Promise<boolean> {
    return fs.existsSync(this.path(sha256));
  }

  async sweepTemp(olderThanMs: number): Promise<number> {
    let n = 0;
    const limit = Date.now() - olderThanMs;
    for (const f of await fs.promises.readdir(this.tmp)) {
      const p = path.join(this.tmp, f);
      const st = await fs.promises.stat(p).catch(() => null);
      if (st && st.mtimeMs < limit) {
        await fs.promises.rm(p, { force: true });
        n++;
      }
    }
    return n;
  }
}
