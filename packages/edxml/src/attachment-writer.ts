// Receives one attachment's base64 text in pieces: decodes it, writes the original bytes to the
// sink and, for a zip (zip ContentType and bytes starting "PK"), expands its entries as well.
import { Base64Decoder } from './base64';
import type { ContentProbe } from './content-check';
import { isZipContentType } from './content-types';
import { FileWriter } from './file-writer';
import type { EdxmlLimits } from './limits';
import type { AttachmentSink, AttachmentSinkMeta } from './sinks';
import type { AttachmentFile } from './types';
import { ZipExpander, type UnzipBudget } from './zip-expander';

export interface AttachmentResult {
  size: number;
  sha256: string;
  location?: string;
  zipped: boolean;
  entries: AttachmentFile[];
  zipFailure?: string;
  probe: ContentProbe;
}

export class AttachmentWriter {
  private readonly decoder = new Base64Decoder();
  private readonly file: FileWriter;
  private head: Buffer = Buffer.alloc(0);
  private zip: ZipExpander | null = null;
  private decided = false;

  constructor(
    private readonly meta: AttachmentSinkMeta,
    private readonly sink: AttachmentSink,
    private readonly limits: EdxmlLimits,
    private readonly unzip: boolean,
    private readonly budget: UnzipBudget = { used: 0 },
  ) {
    this.file = new FileWriter(sink(meta), limits.maxAttachmentBytes);
  }

  pushText(text: string): void {
    this.pushBytes(this.decoder.push(text));
  }

  private pushBytes(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.file.write(bytes);
    if (!this.decided) {
      this.head = Buffer.concat([this.head, bytes]);
      if (this.head.length < 2) return;
      this.decided = true;
      const isZip = this.head[0] === 0x50 && this.head[1] === 0x4b && isZipContentType(this.meta.contentType);
      if (this.unzip && isZip) {
        this.zip = new ZipExpander(this.meta.key, this.sink, this.limits, this.budget);
        this.zip.push(this.head);
      }
      this.head = Buffer.alloc(0);
      return;
    }
    this.zip?.push(bytes);
  }

  async ready(): Promise<void> {
    await this.file.ready();
    await this.zip?.ready();
  }

  async finish(): Promise<AttachmentResult> {
    this.pushBytes(this.decoder.end());
    const entries = this.zip ? await this.zip.finish() : [];
    const zipFailure = this.zip?.failure ?? undefined;
    const r = await this.file.end();
    return { ...r, zipped: this.zip !== null && !zipFailure, entries, zipFailure };
  }

  abort(): void {
    this.file.abort();
    this.zip?.abort();
  }
}
