// extractEdxml: writes a package's attachments (and the files unzipped from them) into a directory under safe
// names, with a metadata.json describing the package. Used by `edxml extract <file> -o <dir>`.
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import { EdxmlError } from './errors';
import type { EdxmlLimits } from './limits';
import { parseEdxml } from './parse';
import type { AttachmentSink } from './sinks';
import type { AttachmentFile, ParsedEdxml } from './types';

export interface ExtractOptions {
  /** Bytes written for the whole package (attachments and unzipped files together); default 512 MiB. */
  maxTotalBytes?: number;
  /** Expand zipped attachments into a "<name>.files" folder beside them (default true). */
  unzip?: boolean;
  limits?: Partial<EdxmlLimits>;
}

export interface ExtractedFile {
  key: string;
  /** Relative to the output directory, "/" separated. */
  path: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  description?: string;
  contentWarning?: AttachmentFile['contentWarning'];
}

export interface ExtractResult {
  dir: string;
  parsed: ParsedEdxml;
  files: ExtractedFile[];
  /** Path of metadata.json. */
  metadataPath: string;
}

const METADATA = 'metadata.json';
const MiB = 1024 * 1024;
/** Longest file name written, in UTF-8 bytes (file systems allow 255). */
const MAX_NAME_BYTES = 150;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file name that stays inside its folder on any system: the last path component only, no control or format
 * characters (bidi overrides), none of `<>:"/\|?*`, no leading/trailing dots or spaces, not "." or "..", not a
 * Windows device name, at most MAX_NAME_BYTES bytes (the extension kept). Empty → `fallback`.
 */
export function safeName(raw: string, fallback: string): string {
  let n = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  n = n
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ');
  n = n.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (WINDOWS_RESERVED.test(n)) n = `_${n}`;
  if (Buffer.byteLength(n) > MAX_NAME_BYTES) {
    const dot = n.lastIndexOf('.');
    const ext = dot > 0 && n.length - dot <= 10 ? n.slice(dot) : '';
    let stem = [...n.slice(0, n.length - ext.length)];
    while (Buffer.byteLength(stem.join('') + ext) > MAX_NAME_BYTES) stem = stem.slice(0, -1);
    n = stem.join('').replace(/[\s.]+$/, '') + ext;
  }
  return n === '' || n === '.' || n === '..' ? fallback : n;
}

/** Makes `name` unique among `taken` (compared case-insensitively, as on Windows/macOS): "a.pdf", "a (2).pdf"… */
function unique(name: string, taken: Set<string>): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = name;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${stem} (${i})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

function inside(dir: string, path: string): string {
  const full = resolve(dir, path);
  if (!full.startsWith(dir + sep)) throw new Error(`refusing to write outside ${dir}: ${path}`);
  return full;
}

/** Counts bytes of all files of one extraction and fails the write beyond the cap. */
function cappedFileSink(dir: string, maxTotalBytes: number): { sink: AttachmentSink; partOf: (key: string) => string } {
  let total = 0;
  const partOf = (key: string) => join(dir, `.part-${key.replace(/[^0-9]/g, '-')}`);
  const sink: AttachmentSink = (meta) => {
    const out = createWriteStream(partOf(meta.key), { flags: 'wx', mode: 0o644 });
    const w = new Writable({
      write(chunk: Buffer, _enc, cb) {
        total += chunk.length;
        if (total > maxTotalBytes) return cb(new Error(`extract: more than ${maxTotalBytes} bytes in total`));
        if (out.write(chunk)) cb();
        else out.once('drain', () => cb());
      },
      final(cb) {
        out.end(() => cb());
      },
      destroy(err, cb) {
        out.destroy();
        cb(err);
      },
    });
    out.on('error', (e) => w.destroy(e));
    return w;
  };
  return { sink, partOf };
}

/**
 * Parses `input` and writes its files into `outDir` (created; must be empty if it exists). On any failure nothing
 * is left behind: the files written so far are removed (and the directory when this call created it).
 */
export async function extractEdxml(
  input: Readable | string,
  outDir: string,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const dir = resolve(outDir);
  let created = false;
  try {
    const st = await lstat(dir);
    if (!st.isDirectory()) throw new Error(`${dir} exists and is not a directory`);
    if ((await readdir(dir)).length > 0) throw new Error(`${dir} is not empty`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(dir, { recursive: true });
    created = true;
  }
  const maxTotalBytes = options.maxTotalBytes ?? 512 * MiB;
  const { sink, partOf } = cappedFileSink(dir, maxTotalBytes);
  const written: string[] = [];
  try {
    const parsed = await parseEdxml(input, {
      attachmentSink: sink,
      unzip: options.unzip ?? true,
      limits: { maxAttachmentBytes: Math.min(maxTotalBytes, 200 * MiB), ...options.limits },
    });
    const files: ExtractedFile[] = [];
    if (parsed.kind === 'edoc') {
      const taken = new Set<string>([METADATA.toLowerCase()]);
      for (const a of parsed.attachments) {
        const name = unique(safeName(a.name, `tep-${Number(a.key) + 1}`), taken);
        await rename(partOf(a.key), inside(dir, name));
        written.push(name);
        files.push({
          key: a.key,
          path: name,
          name: a.name,
          contentType: a.contentType,
          size: a.size,
          sha256: a.sha256,
          ...(a.description ? { description: a.description } : {}),
          ...(a.contentWarning ? { contentWarning: a.contentWarning } : {}),
        });
        if (a.entries.length === 0) continue;
        const folder = unique(`${name}.files`, taken);
        await mkdir(inside(dir, folder));
        written.push(folder);
        const inner = new Set<string>();
        for (const e of a.entries) {
          const entryName = unique(safeName(e.name, `tep-${e.key.replace('/', '-')}`), inner);
          await rename(partOf(e.key), inside(dir, `${folder}/${entryName}`));
          files.push({
            key: e.key,
            path: `${folder}/${entryName}`,
            name: e.name,
            contentType: e.contentType,
            size: e.size,
            sha256: e.sha256,
            ...(e.contentWarning ? { contentWarning: e.contentWarning } : {}),
          });
        }
      }
    }
    const metadataPath = join(dir, METADATA);
    await writeFile(metadataPath, `${JSON.stringify(metadata(parsed, files), null, 2)}\n`, { flag: 'wx' });
    written.push(METADATA);
    await removeParts(dir);
    return { dir, parsed, files, metadataPath };
  } catch (e) {
    if (created) await rm(dir, { recursive: true, force: true });
    else {
      await removeParts(dir);
      for (const w of written) await rm(join(dir, w), { recursive: true, force: true });
    }
    if (e instanceof Error && /^extract: more than/.test(e.message))
      throw new EdxmlError('edxml.attachment_too_large', e.message, { cause: e });
    if (e instanceof EdxmlError && e.code === 'edxml.sink_failed' && /extract: more than/.test(e.detail ?? ''))
      throw new EdxmlError('edxml.attachment_too_large', e.detail, { cause: e });
    throw e;
  }
}

async function removeParts(dir: string): Promise<void> {
  for (const f of await readdir(dir)) if (f.startsWith('.part-')) await rm(join(dir, f), { force: true });
}

function metadata(p: ParsedEdxml, files: ExtractedFile[]): unknown {
  if (p.kind === 'status')
    return { kind: 'status', status: p.status, warnings: p.warnings, fieldIssues: p.fieldIssues };
  return {
    kind: 'edoc',
    header: p.header,
    manifest: p.manifest,
    files,
    envelopeSignature: p.envelopeSignature,
    warnings: p.warnings,
    fieldIssues: p.fieldIssues,
  };
}
