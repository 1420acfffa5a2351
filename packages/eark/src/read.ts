// Reads a package back (metadata and file list) and unpacks it safely into a staging folder.
import { mkdir, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { EarkError } from './errors';
import { openSource, safeRelative, type PackageSource, type SourceLimits } from './source';
import { attr, descendants, kid, kids, parseXml, xlink, type XmlEl } from './xml';

export interface ReadFile {
  /** Path inside the representation's data folder. */
  path: string;
  mimetype: string;
  size: number;
  checksum: string;
  checksumType: string;
}

export interface ReadMetadata {
  name: string;
  mdtype: string;
  content: Buffer;
}

export interface ReadPackage {
  id: string;
  packageType: string;
  type: string;
  agent: { name: string; version: string };
  created: string;
  descriptive: ReadMetadata[];
  preservation: ReadMetadata[];
  representations: {
    id: string;
    contentInformationType?: string;
    files: ReadFile[];
    descriptive: ReadMetadata[];
    preservation: ReadMetadata[];
  }[];
}

const MAX_METADATA = 64 * 1024 * 1024;

async function mets(source: PackageSource, rel: string): Promise<XmlEl> {
  if (!source.files.has(rel)) throw new EarkError('eark.no_mets', `${rel} is missing`, 'CSIPSTR4');
  return parseXml(await source.read(rel, MAX_METADATA));
}

const resolve = (source: PackageSource, base: string, href: string | undefined) => {
  if (!href) return undefined;
  let h = href;
  try {
    h = decodeURIComponent(href);
  } catch {
    /* as written */
  }
  const rel = safeRelative(base + h);
  return rel && source.files.has(rel) ? rel : undefined;
};

async function metadataOf(
  source: PackageSource,
  doc: XmlEl,
  base: string,
  section: 'dmd' | 'amd',
): Promise<ReadMetadata[]> {
  const refs =
    section === 'dmd'
      ? kids(doc, 'dmdSec').flatMap((d) => kids(d, 'mdRef'))
      : kids(doc, 'amdSec').flatMap((a) => [...descendants(a, 'mdRef')]);
  const out: ReadMetadata[] = [];
  for (const r of refs) {
    const rel = resolve(source, base, xlink(r, 'href'));
    if (!rel) continue;
    out.push({
      name: rel.slice(rel.lastIndexOf('/') + 1),
      mdtype: attr(r, 'MDTYPE') ?? '',
      content: await source.read(rel, MAX_METADATA),
    });
  }
  return out;
}

export async function readPackage(p: string, limits?: SourceLimits): Promise<ReadPackage> {
  const source = await openSource(p, limits);
  try {
    const root = await mets(source, 'METS.xml');
    const hdr = kid(root, 'metsHdr');
    const agent = kids(hdr, 'agent').find((a) => attr(a, 'ROLE') === 'CREATOR');
    const result: ReadPackage = {
      id: attr(root, 'OBJID') ?? source.name,
      packageType: attr(hdr, 'OAISPACKAGETYPE') ?? '',
      type: attr(root, 'TYPE') ?? '',
      agent: { name: kid(agent, 'name')?.text.trim() ?? '', version: kid(agent, 'note')?.text.trim() ?? '' },
      created: attr(hdr, 'CREATEDATE') ?? '',
      descriptive: await metadataOf(source, root, '', 'dmd'),
      preservation: await metadataOf(source, root, '', 'amd'),
      representations: [],
    };
    const reps = new Set<string>();
    for (const f of source.files.keys()) {
      const m = /^representations\/([^/]+)\/METS\.xml$/.exec(f);
      if (m) reps.add(m[1]!);
    }
    for (const rep of [...reps].sort()) {
      const base = `representations/${rep}/`;
      const doc = await mets(source, `${base}METS.xml`);
      const files: ReadFile[] = [];
      for (const f of descendants(doc, 'file')) {
        const rel = resolve(source, base, xlink(kid(f, 'FLocat'), 'href'));
        if (!rel) throw new EarkError('eark.missing_file', `file ${attr(f, 'ID')} of ${rep} names no file`, 'CSIP79');
        files.push({
          path: rel.slice(`${base}data/`.length),
          mimetype: attr(f, 'MIMETYPE') ?? '',
          size: Number(attr(f, 'SIZE') ?? source.files.get(rel)),
          checksum: (attr(f, 'CHECKSUM') ?? '').toLowerCase(),
          checksumType: attr(f, 'CHECKSUMTYPE') ?? '',
        });
      }
      result.representations.push({
        id: rep,
        contentInformationType: attr(doc, 'CONTENTINFORMATIONTYPE'),
        files,
        descriptive: await metadataOf(source, doc, base, 'dmd'),
        preservation: await metadataOf(source, doc, base, 'amd'),
      });
    }
    // Representations without their own METS (allowed by CSIP: the root fileSec then lists their files in a
    // fileGrp USE="Representations/<id>").
    for (const grp of descendants(root, 'fileGrp')) {
      const use = /^Representations\/([^/]+)$/i.exec(attr(grp, 'USE') ?? '');
      if (!use || reps.has(use[1]!)) continue;
      const base = `representations/${use[1]!}/`;
      const files: ReadFile[] = [];
      for (const f of kids(grp, 'file')) {
        const rel = resolve(source, '', xlink(kid(f, 'FLocat'), 'href'));
        if (!rel)
          throw new EarkError('eark.missing_file', `file ${attr(f, 'ID')} of ${use[1]!} names no file`, 'CSIP79');
        files.push({
          path: rel.startsWith(`${base}data/`) ? rel.slice(`${base}data/`.length) : rel.slice(base.length),
          mimetype: attr(f, 'MIMETYPE') ?? '',
          size: Number(attr(f, 'SIZE') ?? source.files.get(rel)),
          checksum: (attr(f, 'CHECKSUM') ?? '').toLowerCase(),
          checksumType: attr(f, 'CHECKSUMTYPE') ?? '',
        });
      }
      result.representations.push({
        id: use[1]!,
        contentInformationType: attr(grp, 'CONTENTINFORMATIONTYPE'),
        files,
        descriptive: [],
        preservation: [],
      });
    }
    result.representations.sort((a, b) => a.id.localeCompare(b.id));
    return result;
  } finally {
    await source.close();
  }
}

/**
 * Unpacks a package (folder or ZIP) into `dest/<package id>/`. Nothing is written outside that folder: paths are
 * checked again against the real destination, files are created exclusively (an existing file or link is never
 * followed or overwritten).
 */
export async function unpackPackage(p: string, dest: string, limits?: SourceLimits): Promise<string> {
  const source = await openSource(p, limits);
  try {
    await mkdir(dest, { recursive: true });
    const root = path.join(await realpath(dest), source.name);
    await mkdir(root).catch((e: NodeJS.ErrnoException) => {
      throw e.code === 'EEXIST'
        ? new EarkError('eark.exists', `${root} exists already: unpack into an empty place`)
        : e;
    });
    for (const rel of source.files.keys()) {
      const safe = safeRelative(rel);
      const target = safe ? path.resolve(root, safe) : undefined;
      if (!target || !target.startsWith(root + path.sep))
        throw new EarkError('zip.unsafe_path', `entry outside the package: ${rel}`, 'CSIPSTR1');
      await mkdir(path.dirname(target), { recursive: true });
      const fh = await open(target, 'wx');
      try {
        await pipeline(await source.open(rel), fh.createWriteStream());
      } finally {
        await fh.close().catch(() => {});
      }
    }
    return root;
  } finally {
    await source.close();
  }
}
