// Where decoded attachment bytes go. A sink is called once per file (attachment or unzipped entry)
// and returns a Writable; the reader respects its backpressure and ends it when the file is complete.
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

export interface AttachmentSinkMeta {
  /** Unique within one parse: `0`, `1`… for attachments, `0/0`, `0/1`… for entries unzipped from attachment 0. */
  key: string;
  /** Metadata known when the content starts (senders may put ContentId/Name after the content). */
  contentId?: string;
  name?: string;
  contentType?: string;
  /** Key of the zipped attachment an entry comes from. */
  entryOf?: string;
}

export type AttachmentSink = (meta: AttachmentSinkMeta) => Writable;

function safeFileName(meta: AttachmentSinkMeta): string {
  const base = (meta.name ?? 'attachment')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .slice(-100);
  return `${meta.key.replace(/\//g, '-')}-${base.replace(/^\.+/, '_') || 'attachment'}`;
}

/** Writes each file into `dir` (created under the OS temp dir when not given). */
export function createTempFileSink(dir?: string): { sink: AttachmentSink; dir: string } {
  const target = dir ?? mkdtempSync(join(tmpdir(), 'edxml-'));
  return { dir: target, sink: (meta) => createWriteStream(join(target, safeFileName(meta)), { flags: 'wx' }) };
}

/** Keeps files in memory (small packages, tests). Refuses to grow beyond maxBytes in total. */
export function createMemorySink(maxBytes = 64 * 1024 * 1024): { sink: AttachmentSink; files: Map<string, Buffer> } {
  const files = new Map<string, Buffer>();
  let total = 0;
  const sink: AttachmentSink = (meta) => {
    const chunks: Buffer[] = [];
    return new Writable({
      write(chunk: Buffer, _enc, cb) {
        total += chunk.length;
        if (total > maxBytes) return cb(new Error('memory sink limit exceeded'));
        chunks.push(chunk);
        cb();
      },
      final(cb) {
        files.set(meta.key, Buffer.concat(chunks));
        cb();
      },
    });
  };
  return { sink, files };
}

/** Drops the bytes (the reader still computes size and SHA-256). */
export const discardSink: AttachmentSink = () =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });
