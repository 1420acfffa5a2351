// Builds a CSIP 2.1.0 information package (SIP, AIP or DIP) as a ZIP (ZIP64 when needed), streamed: content is
// never held in memory, and each file is read once (twice only when its SHA-256 is not given).
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import yazl from 'yazl';
import { EarkError } from './errors';
import { safeRelative } from './source';

export interface ContentFile {
  /** Path inside its folder (e.g. `data/`), '/'-separated. */
  path: string;
  mimetype: string;
  size: number;
  /** Hex SHA-256 when the caller knows it (a blob store does); otherwise computed in a first pass. */
  sha256?: string;
  created?: Date;
  /** Opens the bytes; called once (twice without sha256). */
  open: () => Readable | Promise<Readable>;
}

export interface MetadataFile {
  name: string;
  mdtype: 'EAD' | 'DC' | 'PREMIS' | 'OTHER';
  othermdtype?: string;
  mimetype?: string;
  content: Buffer | string;
  created?: Date;
}

export interface Representation {
  id: string;
  contentInformationType?: string;
  files: ContentFile[];
  descriptive?: MetadataFile[];
  preservation?: MetadataFile[];
}

export interface PackageInput {
  /** OBJID and the root folder name. */
  id: string;
  packageType: 'SIP' | 'AIP' | 'DIP';
  /** Content category (CSIP2), default "Mixed". */
  type?: string;
  label?: string;
  agent: { name: string; version: string };
  /** Other agents of the header (archivist, submitter…). */
  agents?: { role: string; type: 'ORGANIZATION' | 'INDIVIDUAL'; name: string; note?: string }[];
  created?: Date;
  descriptive?: MetadataFile[];
  preservation?: MetadataFile[];
  documentation?: ContentFile[];
  representations: Representation[];
  /**
   * Re-hash content given with its SHA-256 while it is written (default true). A caller that validates the
   * package right after building it (the archive does) may turn this off: the validation reads every byte again.
   */
  verifyGivenChecksums?: boolean;
}

// yazl computes each entry's CRC-32 with buffer-crc32, a JavaScript loop (≈400 MB/s here, the bottleneck of a
// 1 GB AIP); Node's zlib.crc32 (native, ≈5 GB/s) gives the same values. yazl calls the module's function at run
// time, so pointing it at the native one is enough.
{
  const crc = createRequire(createRequire(import.meta.url).resolve('yazl'))('buffer-crc32') as {
    unsigned: (buf: Buffer | string, previous?: number) => number;
  };
  const native = (zlib as unknown as { crc32?: (data: Buffer | string, value?: number) => number }).crc32;
  if (native && !(crc.unsigned as { native?: boolean }).native) {
    const fast = (buf: Buffer | string, previous?: number) =>
      native(typeof buf === 'string' ? Buffer.from(buf) : buf, previous ?? 0);
    (fast as { native?: boolean }).native = true;
    crc.unsigned = fast;
  }
}

const SCHEMAS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schemas');
const SCHEMAS = ['mets.xsd', 'xlink.xsd', 'DILCISExtensionMETS.xsd'];
const PROFILE = 'https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml';

const esc = (s: string) =>
  s
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
/** xml:id from free text: letters, digits, '-', '_', '.', starting with a letter. */
const xmlId = (s: string) => `ID-${s.replace(/[^A-Za-z0-9._-]/g, '_')}`;
const href = (rel: string) => rel.split('/').map(encodeURIComponent).join('/');

interface Entry {
  /** Package-relative path. */
  rel: string;
  id: string;
  mimetype: string;
  size: number;
  sha256: string;
  created: Date;
  open: () => Readable | Promise<Readable>;
}

async function sha256Of(open: () => Readable | Promise<Readable>): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const c of await open()) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

function checkPath(p: string, what: string): string {
  const rel = safeRelative(p);
  if (!rel || rel !== p) throw new EarkError('eark.bad_path', `${what}: "${p}" is not a plain relative path`);
  return rel;
}

async function contentEntry(
  f: ContentFile,
  prefix: string,
  now: Date,
  verifyGiven: boolean,
): Promise<Entry & { verify: boolean }> {
  const rel = `${prefix}${checkPath(f.path, 'file')}`;
  let { sha256, size } = f;
  const given = !!sha256;
  if (!sha256) ({ sha256, size } = await sha256Of(f.open));
  return {
    rel,
    id: xmlId(`file-${rel}`),
    mimetype: f.mimetype,
    size,
    sha256: sha256.toLowerCase(),
    created: f.created ?? now,
    open: f.open,
    verify: !given || verifyGiven,
  };
}

function metadataEntry(m: MetadataFile, prefix: string, now: Date): Entry & { mdtype: string; othermdtype?: string } {
  const rel = `${prefix}${checkPath(m.name, 'metadata')}`;
  const buf = Buffer.isBuffer(m.content) ? m.content : Buffer.from(m.content, 'utf8');
  return {
    rel,
    id: xmlId(`md-${rel}`),
    mimetype: m.mimetype ?? 'application/xml',
    size: buf.length,
    sha256: createHash('sha256').update(buf).digest('hex'),
    created: m.created ?? now,
    open: () => Readable.from([buf]),
    mdtype: m.mdtype,
    othermdtype: m.othermdtype,
  };
}

const fileXml = (e: Entry, base: string) =>
  `      <file ID="${e.id}" MIMETYPE="${esc(e.mimetype)}" SIZE="${e.size}" CREATED="${iso(e.created)}" CHECKSUM="${e.sha256}" CHECKSUMTYPE="SHA-256">\n` +
  `        <FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="${esc(href(e.rel.slice(base.length)))}"/>\n      </file>\n`;

const mdRefXml = (e: Entry & { mdtype: string; othermdtype?: string }, base: string) =>
  `<mdRef LOCTYPE="URL" xlink:type="simple" xlink:href="${esc(href(e.rel.slice(base.length)))}" MDTYPE="${e.mdtype}"${
    e.othermdtype ? ` OTHERMDTYPE="${esc(e.othermdtype)}"` : ''
  } MIMETYPE="${esc(e.mimetype)}" SIZE="${e.size}" CREATED="${iso(e.created)}" CHECKSUM="${e.sha256}" CHECKSUMTYPE="SHA-256"/>`;

interface MetsParts {
  objid: string;
  base: string;
  input: PackageInput;
  contentInformationType?: string;
  descriptive: (Entry & { mdtype: string })[];
  preservation: (Entry & { mdtype: string })[];
  groups: { use: string; id: string; entries: Entry[]; cit?: string }[];
  reps: { id: string; metsEntry: Entry; groupId: string }[];
  now: Date;
}

function metsXml(p: MetsParts): string {
  const { input } = p;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(
    `<mets xmlns="http://www.loc.gov/METS/" xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
      ` xsi:schemaLocation="http://www.loc.gov/METS/ ${p.base ? '../../' : ''}schemas/mets.xsd http://www.w3.org/1999/xlink ${p.base ? '../../' : ''}schemas/xlink.xsd https://DILCIS.eu/XML/METS/CSIPExtensionMETS ${p.base ? '../../' : ''}schemas/DILCISExtensionMETS.xsd"` +
      ` OBJID="${esc(p.objid)}" TYPE="${esc(input.type ?? 'Mixed')}"${p.contentInformationType ? ` csip:CONTENTINFORMATIONTYPE="${esc(p.contentInformationType)}"` : ''}` +
      `${input.label ? ` LABEL="${esc(input.label)}"` : ''} PROFILE="${PROFILE}">\n`,
  );
  out.push(
    `  <metsHdr CREATEDATE="${iso(input.created ?? p.now)}" LASTMODDATE="${iso(p.now)}" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="${input.packageType}">\n`,
  );
  out.push(
    `    <agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">\n      <name>${esc(input.agent.name)}</name>\n      <note csip:NOTETYPE="SOFTWARE VERSION">${esc(input.agent.version)}</note>\n    </agent>\n`,
  );
  for (const a of input.agents ?? [])
    out.push(
      `    <agent ROLE="${esc(a.role)}" TYPE="${a.type}">\n      <name>${esc(a.name)}</name>\n${a.note ? `      <note>${esc(a.note)}</note>\n` : ''}    </agent>\n`,
    );
  out.push('  </metsHdr>\n');
  for (const d of p.descriptive)
    out.push(
      `  <dmdSec ID="${d.id}" CREATED="${iso(d.created)}" STATUS="CURRENT">\n    ${mdRefXml(d, p.base)}\n  </dmdSec>\n`,
    );
  if (p.preservation.length) {
    out.push('  <amdSec>\n');
    for (const d of p.preservation)
      out.push(
        `    <digiprovMD ID="${d.id}" CREATED="${iso(d.created)}" STATUS="CURRENT">\n      ${mdRefXml(d, p.base)}\n    </digiprovMD>\n`,
      );
    out.push('  </amdSec>\n');
  }
  const secId = xmlId(`${p.objid}-fileSec`);
  out.push(`  <fileSec ID="${secId}">\n`);
  for (const g of p.groups) {
    out.push(
      `    <fileGrp ID="${g.id}" USE="${esc(g.use)}"${g.cit ? ` csip:CONTENTINFORMATIONTYPE="${esc(g.cit)}"` : ''}>\n`,
    );
    for (const e of g.entries) out.push(fileXml(e, p.base));
    out.push('    </fileGrp>\n');
  }
  out.push('  </fileSec>\n');
  out.push(
    `  <structMap ID="${xmlId(`${p.objid}-structMap`)}" TYPE="PHYSICAL" LABEL="CSIP">\n    <div ID="${xmlId(`${p.objid}-div`)}" LABEL="${esc(p.objid)}">\n`,
  );
  const dmdIds = p.descriptive.map((d) => d.id).join(' ');
  const amdIds = p.preservation.map((d) => d.id).join(' ');
  if (dmdIds || amdIds)
    out.push(
      `      <div ID="${xmlId(`${p.objid}-div-metadata`)}" LABEL="Metadata"${amdIds ? ` ADMID="${amdIds}"` : ''}${dmdIds ? ` DMDID="${dmdIds}"` : ''}/>\n`,
    );
  for (const label of ['Documentation', 'Schemas']) {
    const gs = p.groups.filter((g) => g.use === label);
    if (!gs.length) continue;
    out.push(`      <div ID="${xmlId(`${p.objid}-div-${label}`)}" LABEL="${label}">\n`);
    for (const g of gs) out.push(`        <fptr FILEID="${g.id}"/>\n`);
    out.push('      </div>\n');
  }
  const content = p.groups.filter(
    (g) => g.use === 'Representations' || (p.base && g.use.startsWith('Representations')),
  );
  if (content.length) {
    out.push(`      <div ID="${xmlId(`${p.objid}-div-representations`)}" LABEL="Representations">\n`);
    for (const g of content) out.push(`        <fptr FILEID="${g.id}"/>\n`);
    out.push('      </div>\n');
  }
  for (const r of p.reps) {
    out.push(`      <div ID="${xmlId(`${p.objid}-div-rep-${r.id}`)}" LABEL="Representations/${esc(r.id)}">\n`);
    out.push(
      `        <mptr LOCTYPE="URL" xlink:type="simple" xlink:href="${esc(href(r.metsEntry.rel))}" xlink:title="${r.groupId}"/>\n`,
    );
    out.push('      </div>\n');
  }
  out.push('    </div>\n  </structMap>\n</mets>\n');
  return out.join('');
}

export interface BuiltPackage {
  id: string;
  /** Package-relative path → SHA-256 of every file written. */
  files: Map<string, { size: number; sha256: string }>;
}

/** Writes the package as a ZIP to `out` (a path or a writable stream). Everything sits under `<id>/`. */
export async function buildPackage(input: PackageInput, out: string | NodeJS.WritableStream): Promise<BuiltPackage> {
  if (!/^[^/\\\0]{1,200}$/.test(input.id) || input.id === '.' || input.id === '..')
    throw new EarkError('eark.bad_id', 'the package id must be a non-empty folder name');
  if (!input.representations.length && !input.descriptive?.length)
    throw new EarkError('eark.empty', 'a package needs a representation or descriptive metadata');
  const now = new Date();
  const written = new Map<string, { size: number; sha256: string }>();
  const schemaEntries: Entry[] = [];
  for (const s of SCHEMAS) {
    const buf = await readFile(path.join(SCHEMAS_DIR, s));
    schemaEntries.push({
      rel: `schemas/${s}`,
      id: xmlId(`file-schemas-${s}`),
      mimetype: 'application/xml',
      size: buf.length,
      sha256: createHash('sha256').update(buf).digest('hex'),
      created: now,
      open: () => Readable.from([buf]),
    });
  }
  const documentation = await Promise.all(
    (input.documentation ?? []).map((f) =>
      contentEntry(f, 'documentation/', now, input.verifyGivenChecksums !== false),
    ),
  );
  const seenReps = new Set<string>();
  const reps: {
    r: Representation;
    base: string;
    data: (Entry & { verify: boolean })[];
    mets: Entry;
    groupId: string;
    dmd: ReturnType<typeof metadataEntry>[];
    amd: ReturnType<typeof metadataEntry>[];
  }[] = [];
  for (const r of input.representations) {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(r.id) || seenReps.has(r.id))
      throw new EarkError('eark.bad_representation', `representation id "${r.id}" is not a unique folder name`);
    seenReps.add(r.id);
    const base = `representations/${r.id}/`;
    const data: (Entry & { verify: boolean })[] = [];
    for (const f of r.files)
      data.push(await contentEntry(f, `${base}data/`, now, input.verifyGivenChecksums !== false));
    const dmd = (r.descriptive ?? []).map((m) => metadataEntry(m, `${base}metadata/descriptive/`, now));
    const amd = (r.preservation ?? []).map((m) => metadataEntry(m, `${base}metadata/preservation/`, now));
    const repMets = metsXml({
      objid: r.id,
      base,
      input: { ...input, label: undefined },
      contentInformationType: r.contentInformationType ?? 'MIXED',
      descriptive: dmd,
      preservation: amd,
      groups: [
        { use: 'Representations', id: xmlId(`${r.id}-data`), entries: data, cit: r.contentInformationType ?? 'MIXED' },
      ],
      reps: [],
      now,
    });
    const buf = Buffer.from(repMets, 'utf8');
    const mets: Entry = {
      rel: `${base}METS.xml`,
      id: xmlId(`file-${base}METS.xml`),
      mimetype: 'application/xml',
      size: buf.length,
      sha256: createHash('sha256').update(buf).digest('hex'),
      created: now,
      open: () => Readable.from([buf]),
    };
    reps.push({ r, base, data, mets, groupId: xmlId(`grp-rep-${r.id}`), dmd, amd });
  }
  const descriptive = (input.descriptive ?? []).map((m) => metadataEntry(m, 'metadata/descriptive/', now));
  const preservation = (input.preservation ?? []).map((m) => metadataEntry(m, 'metadata/preservation/', now));
  const rootMets = metsXml({
    objid: input.id,
    base: '',
    input,
    descriptive,
    preservation,
    groups: [
      ...(documentation.length
        ? [{ use: 'Documentation', id: xmlId('grp-documentation'), entries: documentation }]
        : []),
      { use: 'Schemas', id: xmlId('grp-schemas'), entries: schemaEntries },
      ...reps.map((x) => ({
        use: `Representations/${x.r.id}`,
        id: x.groupId,
        entries: [x.mets],
        cit: x.r.contentInformationType ?? 'MIXED',
      })),
    ],
    reps: reps.map((x) => ({ id: x.r.id, metsEntry: x.mets, groupId: x.groupId })),
    now,
  });

  const zip = new yazl.ZipFile();
  const sink = typeof out === 'string' ? createWriteStream(out) : out;
  let failed: Error | undefined;
  let fail: (err: Error) => void = () => {};
  const zipError = new Promise<never>((_, reject) => {
    fail = (err: Error) => {
      failed ??= err;
      reject(failed);
    };
    zip.on('error', fail);
  });
  zipError.catch(() => {});
  const done = pipeline(zip.outputStream, sink as NodeJS.WritableStream);
  // Streams are opened one at a time, when yazl reaches the entry (a file of 10,000 documents holds one descriptor).
  const add = (e: Entry, verify: boolean) => {
    const name = `${input.id}/${e.rel}`;
    const options = { mtime: e.created, size: e.size, compress: !/^(image|video|audio)\/|pdf|zip/i.test(e.mimetype) };
    zip.addReadStreamLazy(name, options, (cb: (err: Error | null, s: NodeJS.ReadableStream) => void) => {
      Promise.resolve(e.open()).then(
        (src) => {
          if (!verify) return cb(null, src);
          // Bytes that change between the hashing pass and the write are caught here: the METS would lie.
          const h = createHash('sha256');
          let n = 0;
          const checked = new Transform({
            transform(c: Buffer, _enc, done) {
              h.update(c);
              n += c.length;
              done(null, c);
            },
            flush(done) {
              done(
                h.digest('hex') !== e.sha256 || n !== e.size
                  ? new EarkError('eark.content_changed', `${e.rel} changed while the package was built`)
                  : null,
              );
            },
          });
          src.on('error', (err) => checked.destroy(err));
          checked.on('error', fail);
          cb(null, src.pipe(checked));
        },
        (err: Error) => fail(err),
      );
    });
    written.set(e.rel, { size: e.size, sha256: e.sha256 });
  };
  for (const e of schemaEntries) add(e, false);
  for (const e of documentation) add(e, e.verify);
  for (const e of [...descriptive, ...preservation]) add(e, false);
  for (const x of reps) {
    for (const e of x.data) add(e, e.verify);
    for (const e of [...x.dmd, ...x.amd]) add(e, false);
    add(x.mets, false);
  }
  const rootBuf = Buffer.from(rootMets, 'utf8');
  zip.addBuffer(rootBuf, `${input.id}/METS.xml`, { mtime: now });
  written.set('METS.xml', { size: rootBuf.length, sha256: createHash('sha256').update(rootBuf).digest('hex') });
  zip.end();
  try {
    await Promise.race([done, zipError]);
    if (failed) throw failed;
  } catch (err) {
    zip.outputStream.unpipe();
    (sink as NodeJS.WritableStream & { destroy?: () => void }).destroy?.();
    if (typeof out === 'string') await rm(out, { force: true });
    throw err;
  }
  return { id: input.id, files: written };
}

/** Convenience for callers with files on disk. */
export function fileOnDisk(p: string, inPackage: string, mimetype: string, size: number, sha256?: string): ContentFile {
  return { path: inPackage, mimetype, size, sha256, open: () => createReadStream(p) };
}
