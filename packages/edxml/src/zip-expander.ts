// Expands a zipped attachment while its bytes stream in (fflate's streaming Unzip, which also
// handles entries with data descriptors). Each entry goes to its own sink file.
// Limits (limits.ts): entries per zip, bytes per entry, bytes per package (a budget shared by every zip of one
// package), and the entry's expansion ratio. Compressed bytes are handed to fflate in 8 KiB pieces, so one step
// inflates at most ~8 MiB and expansion stops at the cap instead of after it.
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { checkContent } from './content-check';
import { contentTypeFor } from './content-types';
import { EdxmlError } from './errors';
import { FileWriter } from './file-writer';
import type { EdxmlLimits } from './limits';
import type { AttachmentSink } from './sinks';
import type { AttachmentFile } from './types';

interface Entry {
  key: string;
  name: string;
  writer: FileWriter;
  done: boolean;
  out: number;
}

/** Unzipped bytes of one package so far, shared by its zipped attachments. */
export interface UnzipBudget {
  used: number;
}

const PIECE = 8 * 1024;
const RATIO_FLOOR = 16 * 1024 * 1024;

export class ZipExpander {
  private readonly unzip = new Unzip();
  private readonly entries: Entry[] = [];
  /** Set when the zip cannot be read: expansion stops, the original attachment is kept. */
  failure: string | null = null;
  private pendingError: EdxmlError | null = null;

  constructor(
    private readonly parentKey: string,
    private readonly sink: AttachmentSink,
    private readonly limits: Pick<
      EdxmlLimits,
      'maxZipEntries' | 'maxZipEntryBytes' | 'maxUnzippedBytes' | 'maxZipRatio'
    >,
    private readonly budget: UnzipBudget = { used: 0 },
  ) {
    this.unzip.register(UnzipInflate);
    this.unzip.onfile = (file) => this.onFile(file);
  }

  private onFile(file: UnzipFile): void {
    if (file.name.endsWith('/')) {
      file.ondata = () => undefined;
      file.start();
      return;
    }
    const { maxZipEntries, maxZipEntryBytes, maxUnzippedBytes, maxZipRatio } = this.limits;
    if (this.entries.length >= maxZipEntries) {
      throw new EdxmlError('edxml.zip_too_many_entries', `zip has more than ${maxZipEntries} entries`);
    }
    // Declared sizes (central directory may disagree; the stream is counted anyway).
    if (file.originalSize !== undefined && file.originalSize > maxZipEntryBytes)
      throw new EdxmlError('edxml.zip_entry_too_large', `${file.name}: declares ${file.originalSize} bytes`);
    const key = `${this.parentKey}/${this.entries.length}`;
    const name = file.name.split('/').pop() || file.name;
    const writer = new FileWriter(
      this.sink({ key, name, contentType: contentTypeFor(name), entryOf: this.parentKey }),
      maxZipEntryBytes,
      'edxml.zip_entry_too_large',
    );
    const entry: Entry = { key, name, writer, done: false, out: 0 };
    const compressedAtStart = this.compressedIn;
    this.entries.push(entry);
    file.ondata = (err, data, final) => {
      if (err) {
        // fflate reports exceptions thrown by this callback (our limits) as `err`.
        if (err instanceof EdxmlError) this.pendingError ??= err;
        else this.failure ??= err.message;
        return;
      }
      try {
        entry.out += data.length;
        this.budget.used += data.length;
        if (this.budget.used > maxUnzippedBytes)
          throw new EdxmlError('edxml.zip_too_large', `more than ${maxUnzippedBytes} bytes unzipped`);
        const compressed = Math.max(1, this.compressedIn - compressedAtStart);
        if (entry.out > RATIO_FLOOR && entry.out / compressed > maxZipRatio)
          throw new EdxmlError('edxml.zip_bomb', `${file.name}: ${entry.out} bytes from ${compressed}`);
        writer.write(data);
      } catch (e) {
        if (e instanceof EdxmlError) this.pendingError ??= e;
        throw e;
      }
      if (final) entry.done = true;
    };
    file.start();
  }

  /** Compressed bytes handed to fflate so far. */
  private compressedIn = 0;

  push(bytes: Uint8Array, final = false): void {
    if (this.failure) return;
    for (let i = 0; i < bytes.length || (final && i === 0); i += PIECE) {
      const piece = bytes.subarray(i, i + PIECE);
      this.compressedIn += piece.length;
      try {
        this.unzip.push(piece, final && i + PIECE >= bytes.length);
      } catch (e) {
        if (e instanceof EdxmlError) throw e;
        if (!this.pendingError) this.failure = e instanceof Error ? e.message : String(e);
      }
      if (this.pendingError) throw this.pendingError;
      if (this.failure) return;
    }
  }

  async ready(): Promise<void> {
    for (const e of this.entries) if (!e.done) await e.writer.ready();
  }

  async finish(contentTypeOf: (name: string) => string = contentTypeFor): Promise<AttachmentFile[]> {
    this.push(new Uint8Array(0), true);
    if (!this.failure && this.entries.some((e) => !e.done)) this.failure = 'truncated zip';
    if (!this.failure && this.entries.length === 0) this.failure = 'no file found in the zip';
    if (this.failure) {
      this.abort();
      return [];
    }
    const files: AttachmentFile[] = [];
    for (const e of this.entries) {
      const { probe, ...r } = await e.writer.end();
      const contentType = contentTypeOf(e.name);
      const contentWarning = checkContent(
        probe,
        r.size,
        { name: e.name, contentType },
        `AttachmentEncoded.Attachment[${this.parentKey}].${e.name}`,
      );
      files.push({ key: e.key, name: e.name, contentType, ...r, ...(contentWarning ? { contentWarning } : {}) });
    }
    return files;
  }

  abort(): void {
    for (const e of this.entries) e.writer.abort();
  }
}
