// Expands a zipped attachment while its bytes stream in (fflate's streaming Unzip, which also
// handles entries with data descriptors). Each entry goes to its own sink file.
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { contentTypeFor } from './content-types';
import { EdxmlError } from './errors';
import { FileWriter } from './file-writer';
import type { AttachmentSink } from './sinks';
import type { AttachmentFile } from './types';

interface Entry {
  key: string;
  name: string;
  writer: FileWriter;
  done: boolean;
}

export class ZipExpander {
  private readonly unzip = new Unzip();
  private readonly entries: Entry[] = [];
  /** Set when the zip cannot be read: expansion stops, the original attachment is kept. */
  failure: string | null = null;
  private pendingError: EdxmlError | null = null;

  constructor(
    private readonly parentKey: string,
    private readonly sink: AttachmentSink,
    private readonly maxEntries: number,
    private readonly maxEntryBytes: number,
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
    if (this.entries.length >= this.maxEntries) {
      throw new EdxmlError('edxml.too_many_attachments', `zip has more than ${this.maxEntries} entries`);
    }
    const key = `${this.parentKey}/${this.entries.length}`;
    const name = file.name.split('/').pop() || file.name;
    const writer = new FileWriter(this.sink({ key, name, contentType: contentTypeFor(name), entryOf: this.parentKey }), this.maxEntryBytes);
    const entry: Entry = { key, name, writer, done: false };
    this.entries.push(entry);
    file.ondata = (err, data, final) => {
      if (err) {
        // fflate reports exceptions thrown by this callback (our limits) as `err`.
        if (err instanceof EdxmlError) this.pendingError ??= err;
        else this.failure ??= err.message;
        return;
      }
      try {
        writer.write(data);
      } catch (e) {
        if (e instanceof EdxmlError) this.pendingError ??= e;
        throw e;
      }
      if (final) entry.done = true;
    };
    file.start();
  }

  push(bytes: Uint8Array, final = false): void {
    if (this.failure) return;
    try {
      this.unzip.push(bytes, final);
    } catch (e) {
      if (e instanceof EdxmlError) throw e;
      if (!this.pendingError) this.failure = e instanceof Error ? e.message : String(e);
    }
    if (this.pendingError) throw this.pendingError;
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
      const r = await e.writer.end();
      files.push({ key: e.key, name: e.name, contentType: contentTypeOf(e.name), ...r });
    }
    return files;
  }

  abort(): void {
    for (const e of this.entries) e.writer.abort();
  }
}
