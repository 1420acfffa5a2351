// One output file: counts bytes against the limit, hashes them and writes them to the sink's
// Writable, remembering backpressure and errors for the reader to await.
import { createHash, type Hash } from 'node:crypto';
import { WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { ContentProbe } from './content-check';
import { EdxmlError, type EdxmlErrorCode } from './errors';

export class FileWriter {
  size = 0;
  /** What the content looks like (declared-type check, content-check.ts). */
  readonly probe = new ContentProbe();
  private readonly hash: Hash = createHash('sha256');
  private drain: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private failure: unknown = null;

  constructor(
    private readonly out: Writable,
    private readonly maxBytes: number,
    private readonly tooLarge: EdxmlErrorCode = 'edxml.attachment_too_large',
  ) {
    out.on('error', (e: unknown) => {
      this.failure ??= e;
      this.wake?.();
    });
  }

  write(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    if (this.size > this.maxBytes) throw new EdxmlError(this.tooLarge, `more than ${this.maxBytes} bytes`);
    this.hash.update(bytes);
    this.probe.push(bytes);
    if (!this.out.write(bytes) && !this.drain) {
      this.drain = new Promise<void>((resolve) => {
        this.wake = resolve;
        this.out.once('drain', resolve);
      }).then(() => {
        this.drain = null;
        this.wake = null;
      });
    }
  }

  /** Resolves when the sink can take more; rejects if the sink failed. */
  async ready(): Promise<void> {
    this.check();
    if (this.drain) await this.drain;
    this.check();
  }

  async end(): Promise<{ size: number; sha256: string; location?: string; probe: ContentProbe }> {
    this.check();
    this.out.end();
    try {
      await finished(this.out);
    } catch (e) {
      throw new EdxmlError('edxml.sink_failed', String(e), { cause: e });
    }
    const location = this.out instanceof WriteStream ? String(this.out.path) : undefined;
    return { size: this.size, sha256: this.hash.digest('hex'), location, probe: this.probe };
  }

  abort(): void {
    this.out.destroy();
  }

  private check(): void {
    if (this.failure) throw new EdxmlError('edxml.sink_failed', String(this.failure), { cause: this.failure });
  }
}
