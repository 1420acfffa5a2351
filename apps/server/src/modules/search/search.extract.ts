/**
 * Text of a stored file for the full-text index: PDF text layer (pdftotext, pages separated by form feeds),
 * DOCX (word/document.xml) and ODT (content.xml). Job `search.extract` {fileId}, queued by the index triggers
 * when a file joins a document, a version or a work file; the result lands in search_file_texts, whose trigger
 * rebuilds every item showing the file.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';
import { z } from 'zod';
import type { Deps } from '../../deps';

export const EXTRACT_JOB = 'search.extract';
const run = promisify(execFile);
/** Larger files keep only what fits in the index (and the extraction stays bounded). */
export const MAX_TEXT_CHARS = 400_000;
const MAX_FILE_BYTES = 200 * 1024 * 1024;

async function readBlob(deps: Deps, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of deps.blobs.open(sha256)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function xmlText(xml: string, paragraphEnd: RegExp): string {
  return xml
    .replace(paragraphEnd, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : (XML_ENTITIES[e] ?? m),
    );
}

export async function extractText(
  bytes: Buffer,
  mime: string,
): Promise<{ text: string; pages: number; method: string }> {
  if (mime === 'application/pdf') {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-extract-'));
    try {
      const f = path.join(dir, 'in.pdf');
      await fs.writeFile(f, bytes);
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', '-q', f, '-'], {
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      });
      const text = stdout.normalize('NFC');
      return {
        text,
        pages: text.split('\f').filter((p, i, a) => i < a.length - 1 || p.trim() !== '').length,
        method: 'pdftotext',
      };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
  const office = (entry: string, para: RegExp, method: string) => {
    const files = unzipSync(new Uint8Array(bytes), {
      filter: (e) => e.name === entry && e.originalSize < 50 * 1024 * 1024,
    });
    const xml = files[entry];
    return { text: xml ? xmlText(strFromU8(xml), para).normalize('NFC') : '', pages: 0, method };
  };
  if (mime === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    return office('word/document.xml', /<\/w:p>|<w:br\/>|<w:tab\/>/g, 'docx');
  if (mime === 'application/vnd.oasis.opendocument.text')
    return office('content.xml', /<\/text:p>|<\/text:h>|<text:line-break\/>/g, 'odt');
  return { text: '', pages: 0, method: 'none' };
}

export function registerSearchJobs(deps: Deps): void {
  deps.jobs.define({
    kind: EXTRACT_JOB,
    schema: z.object({ fileId: z.string().uuid() }),
    maxAttempts: 3,
    handler: async ({ fileId }) => {
      const f = await deps.db
        .selectFrom('files')
        .select(['id', 'organ_id', 'sha256', 'mime', 'size'])
        .where('id', '=', fileId)
        .executeTakeFirst();
      if (!f) return;
      const known = await deps.db
        .selectFrom('search_file_texts')
        .select('file_id')
        .where('file_id', '=', fileId)
        .executeTakeFirst();
      if (known) return;
      const r =
        Number(f.size) > MAX_FILE_BYTES
          ? { text: '', pages: 0, method: 'none' }
          : await extractText(await readBlob(deps, f.sha256), f.mime);
      const text = r.text.replace(/\u0000/g, '').slice(0, MAX_TEXT_CHARS);
      await deps.db
        .insertInto('search_file_texts')
        .values({ file_id: f.id, organ_id: f.organ_id, text, pages: r.pages, method: r.method })
        .onConflict((oc) => oc.column('file_id').doNothing())
        .execute();
    },
  });
}
