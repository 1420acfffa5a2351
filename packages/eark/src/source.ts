// Where a package's files come from: a folder or a ZIP (ZIP64 included), read as streams.
// Paths are package-relative with '/' separators. Hostile layouts are refused before anything is read:
// entries that climb out (`../`, absolute paths, drive letters), symbolic links, more entries or more
// inflated bytes than the limits, entries whose compression ratio only a bomb has.
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { EarkError } from './errors';

export interface SourceLimits {
  maxEntries: number;
  /** Sum of the declared (and, while reading, the actual) inflated sizes of a ZIP's entries. */
  maxTotalBytes: number;
  /** Inflated ÷ compressed above which an entry larger than `ratioFloorBytes` is taken for a bomb. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxEntries: 200_000,
  maxTotalBytes: 64 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 16 * 1024 * 1024,
};

export interface PackageSource {
  /** The package's id as its container names it (folder name, or ZIP name / its single top folder). */
  readonly name: string;
  /** Every regular file, package-relative path → size in bytes. */
  readonly files: ReadonlyMap<string, number>;
  open(rel: string): Promise<Readable>;
  read(rel: string, maxBytes: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** Normalises a package-relative path; undefined when it leaves the package or is absolute. */
export function safeRelative(p: string): string | undefined {
  if (p.includes('\0') || p.includes('\\')) return undefined;
  if (p.startsWith('/') || /^[a-zA-Z]:/.test(p)) return undefined;
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return undefined;
      parts.pop();
      continue;
    }
    parts.push(seg);
  }
  return parts.length ? parts.join('/') : undefined;
}

export async function openSource(p: string, limits: SourceLimits = DEFAULT_SOURCE_LIMITS): Promise<PackageSource> {
  const st = await lstat(p).catch(() => undefined);
  if (!st) throw new EarkError('eark.not_found', `no such package: ${p}`, 'CSIPSTR1');
  if (st.isSymbolicLink()) throw new EarkError('eark.symlink', 'the package itself is a symbolic link', 'CSIPSTR1');
  if (st.isDirectory()) return dirSource(p, limits);
  if (st.isFile()) return zipSource(p, limits);
  throw new EarkError('eark.not_package', 'a package is a folder or a ZIP file', 'CSIPSTR1');
}

async function dirSource(root: string, limits: SourceLimits): Promise<PackageSource> {
  const files = new Map<string, number>();
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(root, rel), { withFileTypes: true });
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) throw new EarkError('eark.symlink', `symbolic link in the package: ${r}`, 'CSIPSTR1');
      if (e.isDirectory()) await walk(r);
      else if (e.isFile()) {
        if (files.size >= limits.maxEntries)
          throw new EarkError('eark.too_many_files', `more than ${limits.maxEntries} files`);
        files.set(r, (await lstat(path.join(root, r))).size);
      } else throw new EarkError('eark.special_file', `not a regular file: ${r}`, 'CSIPSTR1');
    }
  };
  await walk('');
  const abs = (rel: string) => {
    const safe = safeRelative(rel);
    if (!safe || !files.has(safe)) throw new EarkError('eark.missing_file', `no such file in the package: ${rel}`);
    return path.join(root, safe);
  };
  return {
    name: path.basename(path.resolve(root)),
    files,
    open: async (rel) => createReadStream(abs(rel)),
    read: async (rel, max) => {
      const size = files.get(safeRelative(rel) ?? '') ?? 0;
      if (size > max) throw new EarkError('eark.file_too_large', `${rel} is larger than ${max} bytes`);
      return readFile(abs(rel));
    },
    close: async () => {},
  };
}

function openZip(p: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      p,
      { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false },
      (err, zf) => (err || !zf ? reject(err ?? new Error('zip')) : resolve(zf)),
    ),
  );
}

async function zipSource(p: string, limits: SourceLimits): Promise<PackageSource> {
  let zf: yauzl.ZipFile;
  try {
    zf = await openZip(p);
  } catch (e) {
    throw new EarkError('zip.unreadable', `not a readable ZIP: ${(e as Error).message}`, 'CSIPSTR1');
  }
  const entries = new Map<string, yauzl.Entry>();
  let declared = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zf.on('error', (e: Error) =>
        reject(
          /relative path|absolute path|invalid characters/i.test(e.message)
            ? new EarkError('zip.unsafe_path', `ZIP entry outside the package: ${e.message}`, 'CSIPSTR1')
            : new EarkError('zip.unreadable', `ZIP damaged: ${e.message}`, 'CSIPSTR1'),
        ),
      );
      zf.on('end', () => resolve());
      zf.on('entry', (e: yauzl.Entry) => {
        const name = e.fileName;
        const mode = (e.externalFileAttributes >>> 16) & 0o170000;
        if (mode === 0o120000)
          return reject(new EarkError('zip.symlink', `symbolic link in the ZIP: ${name}`, 'CSIPSTR1'));
        if (name.endsWith('/')) return zf.readEntry();
        const safe = safeRelative(name);
        if (!safe || safe !== name.replace(/^\.\//, ''))
          return reject(new EarkError('zip.unsafe_path', `ZIP entry outside the package: ${name}`, 'CSIPSTR1'));
        if (entries.has(safe))
          return reject(new EarkError('zip.duplicate_entry', `ZIP entry twice: ${name}`, 'CSIPSTR1'));
        if (entries.size >= limits.maxEntries)
          return reject(new EarkError('zip.too_many_entries', `more than ${limits.maxEntries} entries`));
        declared += e.uncompressedSize;
        if (declared > limits.maxTotalBytes)
          return reject(new EarkError('zip.too_large', `inflates to more than ${limits.maxTotalBytes} bytes`));
        if (
          e.uncompressedSize > limits.ratioFloorBytes &&
          e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio
        )
          return reject(
            new EarkError(
              'zip.bomb',
              `entry ${name} inflates ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}×`,
            ),
          );
        entries.set(safe, e);
        zf.readEntry();
      });
      zf.readEntry();
    });
  } catch (e) {
    zf.close();
    throw e;
  }
  // E-ARK ZIPs usually hold one top folder named after the package.
  let prefix = '';
  let name = path.basename(p).replace(/\.zip$/i, '');
  if (!entries.has('METS.xml')) {
    const tops = new Set([...entries.keys()].map((k) => k.split('/')[0]));
    const only = tops.size === 1 ? [...tops][0]! : undefined;
    if (only && entries.has(`${only}/METS.xml`)) {
      prefix = `${only}/`;
      name = only;
    }
  }
  const files = new Map<string, number>();
  const byRel = new Map<string, yauzl.Entry>();
  for (const [k, e] of entries) {
    if (!k.startsWith(prefix)) continue;
    files.set(k.slice(prefix.length), e.uncompressedSize);
    byRel.set(k.slice(prefix.length), e);
  }
  const open = (rel: string) =>
    new Promise<Readable>((resolve, reject) => {
      const e = byRel.get(safeRelative(rel) ?? '');
      if (!e) return reject(new EarkError('eark.missing_file', `no such file in the package: ${rel}`));
      zf.openReadStream(e, (err, s) => (err || !s ? reject(err ?? new Error('zip')) : resolve(s)));
    });
  return {
    name,
    files,
    open,
    read: async (rel, max) => {
      const size = files.get(safeRelative(rel) ?? '') ?? 0;
      if (size > max) throw new EarkError('eark.file_too_large', `${rel} is larger than ${max} bytes`);
      const chunks: Buffer[] = [];
      for await (const c of await open(rel)) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    close: async () => zf.close(),
  };
}
