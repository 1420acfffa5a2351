// E-ARK CSIP 2.1.0 validation of an information package (root METS and every representation METS).
// Each finding names the requirement it breaks (CSIP1 … CSIP119, CSIPSTR…), as the official METS profile
// numbers them; MUST gives an error, SHOULD a warning, as the official test corpus expects.
import { createHash } from 'node:crypto';
import { EarkError } from './errors';
import { openSource, safeRelative, type PackageSource, type SourceLimits } from './source';
import { METS_NS, attr, descendants, kid, kids, parseXml, xlink, type XmlEl, type XmlLimits } from './xml';

export type Level = 'error' | 'warning';

export interface Finding {
  /** Requirement id, e.g. CSIP1, CSIPSTR4. */
  id: string;
  level: Level;
  message: string;
  /** The METS document (package-relative) the finding is about. */
  mets?: string;
  line?: number;
  /** Stable machine code for refusals of the package as a whole (zip.bomb, xml.doctype, …). */
  code?: string;
}

export interface ValidationReport {
  package: string;
  valid: boolean;
  errors: number;
  warnings: number;
  findings: Finding[];
  /** METS documents read (package-relative). */
  mets: string[];
}

export interface ValidateOptions {
  xml?: XmlLimits;
  source?: SourceLimits;
  /** Skip checksum verification (sizes are still compared). Default false. */
  skipChecksums?: boolean;
}

const OAIS_TYPES = new Set(['SIP', 'AIP', 'DIP', 'AIU', 'AIC']);
const CIT_VOCABULARY = new Set([
  'ERMS',
  'SIARD1',
  'SIARD2',
  'SIARDDK',
  'GEOVECTORGML',
  'GEORASTERGEOTIFF',
  'MIXED',
  'OTHER',
  'CITSEHEALTH1',
  'CITSEHEALTHV1',
  'SMURFERMS',
  'SMURFSFSB',
]);
const MDTYPES = new Set([
  'MARC',
  'MODS',
  'EAD',
  'DC',
  'NISOIMG',
  'LC-AV',
  'VRA',
  'TEIHDR',
  'DDI',
  'FGDC',
  'LOM',
  'PREMIS',
  'PREMIS:OBJECT',
  'PREMIS:AGENT',
  'PREMIS:RIGHTS',
  'PREMIS:EVENT',
  'TEXTMD',
  'METSRIGHTS',
  'ISO 19115:2003 NAP',
  'EAC-CPF',
  'LIDO',
  'OTHER',
]);
const STATUS = new Set(['CURRENT', 'SUPERSEDED']);
const IANA_TOP = new Set([
  'application',
  'audio',
  'font',
  'example',
  'image',
  'message',
  'model',
  'multipart',
  'text',
  'video',
  'haptics',
]);
const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};
/** Profiles of the E-ARK project (2014–2017) that CSIP 2.x replaced. */
const LEGACY_PROFILE = /eark-project\.com\/METS\/IP/i;
/** Requirements a legacy package is still held to as errors: its descriptive and preservation metadata sections. */
const LEGACY_STRICT = new Set(['CSIP17', 'CSIP19', 'CSIP21', 'CSIP23', 'CSIP27', 'CSIP29', 'CSIP31']);
const DATE_TIME = /^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** The requirement ids of an mdRef's attributes, per section (dmdSec, digiprovMD, rightsMD). */
const MDREF_IDS = {
  dmdSec: {
    loctype: 'CSIP22',
    type: 'CSIP23',
    href: 'CSIP24',
    mdtype: 'CSIP25',
    mime: 'CSIP26',
    size: 'CSIP27',
    created: 'CSIP28',
    checksum: 'CSIP29',
    checksumtype: 'CSIP30',
  },
  digiprovMD: {
    loctype: 'CSIP36',
    type: 'CSIP37',
    href: 'CSIP38',
    mdtype: 'CSIP39',
    mime: 'CSIP40',
    size: 'CSIP41',
    created: 'CSIP42',
    checksum: 'CSIP43',
    checksumtype: 'CSIP44',
  },
  rightsMD: {
    loctype: 'CSIP49',
    type: 'CSIP50',
    href: 'CSIP51',
    mdtype: 'CSIP52',
    mime: 'CSIP53',
    size: 'CSIP54',
    created: 'CSIP55',
    checksum: 'CSIP56',
    checksumtype: 'CSIP57',
  },
} as const;
type RefIds = (typeof MDREF_IDS)[keyof typeof MDREF_IDS];

interface ContentTask {
  rel: string;
  size?: { expected: number; id: string };
  checksum?: { algorithm: string; expected: string; id: string };
  mets: string;
  line: number;
  legacy: boolean;
}

class Context {
  readonly findings: Finding[] = [];
  readonly tasks: ContentTask[] = [];
  constructor(
    readonly source: PackageSource,
    readonly mets: string,
    /** Folder of this METS document, package-relative, '' or 'representations/rep1/'. */
    readonly dir: string,
    /** A package of the E-ARK project's IP profile (before CSIP 2): only its metadata sections are held to CSIP 2. */
    readonly legacy: boolean,
  ) {}
  error(id: string, message: string, el?: XmlEl): void {
    if (this.legacy && !LEGACY_STRICT.has(id))
      return this.warn(id, `${message} (CSIP 2 requirement; the package follows the E-ARK project's IP profile)`, el);
    this.findings.push({ id, level: 'error', message, mets: this.mets, line: el?.line });
  }
  warn(id: string, message: string, el?: XmlEl): void {
    this.findings.push({ id, level: 'warning', message, mets: this.mets, line: el?.line });
  }
  /** Files under a folder of this METS document's level (e.g. 'metadata/descriptive'). */
  filesUnder(folder: string): string[] {
    const prefix = `${this.dir}${folder}/`.toLowerCase();
    return [...this.source.files.keys()].filter((f) => f.toLowerCase().startsWith(prefix));
  }
  /** Resolves an xlink:href to a package file; undefined when it leaves the package or names no file. */
  resolve(href: string): string | undefined {
    let h = href.trim().replace(/\\/g, '/');
    if (/^file:/i.test(h)) h = h.replace(/^file:(\/\/)?/i, '');
    if (/^[a-z][a-z0-9+.-]*:/i.test(h)) return undefined;
    let decoded = h;
    try {
      decoded = decodeURIComponent(h);
    } catch {
      /* keep as written */
    }
    for (const cand of [decoded, h]) {
      const rel = safeRelative(this.dir + cand);
      if (rel && this.source.files.has(rel)) return rel;
    }
    // Packages made on case-insensitive file systems: one file whose name differs only in case.
    const rel = safeRelative(this.dir + decoded)?.toLowerCase();
    if (!rel) return undefined;
    const matches = [...this.source.files.keys()].filter((f) => f.toLowerCase() === rel);
    return matches.length === 1 ? matches[0] : undefined;
  }
}

export async function validatePackage(p: string, opts: ValidateOptions = {}): Promise<ValidationReport> {
  let source: PackageSource;
  try {
    source = await openSource(p, opts.source);
  } catch (e) {
    return refused(p, e);
  }
  try {
    return await validateSource(source, opts);
  } finally {
    await source.close();
  }
}

function refused(p: string, e: unknown): ValidationReport {
  if (!(e instanceof EarkError)) throw e;
  const f: Finding = { id: e.requirement ?? 'CSIPSTR1', level: 'error', message: e.message, code: e.code };
  return { package: p, valid: false, errors: 1, warnings: 0, findings: [f], mets: [] };
}

export async function validateSource(source: PackageSource, opts: ValidateOptions = {}): Promise<ValidationReport> {
  const findings: Finding[] = [];
  const metsRead: string[] = [];
  const tasks: ContentTask[] = [];
  const root = await loadMets(source, 'METS.xml', opts, findings, 'CSIPSTR4');
  const representations = new Set<string>();
  for (const f of source.files.keys()) {
    const m = /^representations\/([^/]+)\//i.exec(f);
    if (m) representations.add(m[1]!);
  }
  const legacy = !!root && isLegacy(root);
  if (root) {
    metsRead.push('METS.xml');
    const ctx = new Context(source, 'METS.xml', '', legacy);
    checkMets(ctx, root, { root: true, id: source.name, representations });
    findings.push(...ctx.findings);
    tasks.push(...ctx.tasks);
  }
  for (const rep of [...representations].sort()) {
    const rel = [...source.files.keys()].find(
      (f) => f.toLowerCase() === `representations/${rep}/mets.xml`.toLowerCase(),
    );
    if (!rel) {
      findings.push({ id: 'CSIPSTR12', level: 'warning', message: `representation ${rep} has no METS.xml` });
      continue;
    }
    const doc = await loadMets(source, rel, opts, findings, 'CSIPSTR12');
    if (!doc) continue;
    metsRead.push(rel);
    const ctx = new Context(
      source,
      rel,
      `representations/${rep}/`,
      legacy || LEGACY_PROFILE.test(attr(doc, 'PROFILE') ?? '') || !attr(doc, 'PROFILE'),
    );
    checkMets(ctx, doc, { root: false, id: rep, representations });
    findings.push(...ctx.findings);
    tasks.push(...ctx.tasks);
  }
  const measured = new Map<string, Measure>();
  for (const t of tasks) {
    const need = [t.checksum?.algorithm].filter((a): a is string => !!a);
    const key = t.rel;
    let m = measured.get(key);
    if (!m || need.some((a) => !m!.hashes.has(a))) {
      m = await measure(source, t.rel, new Set([...(m?.hashes.keys() ?? []), ...need]), false);
      measured.set(key, m);
    }
    const mismatch = (x: Measure) =>
      (t.size && t.size.expected !== x.size) ||
      (t.checksum && x.hashes.get(t.checksum.algorithm)![0] !== t.checksum.expected.trim().toLowerCase());
    // Only a file that does not match is read again for the line-end variants (a text file whose CRLF a copy changed).
    if (mismatch(m) && m.crlfSize === m.size && m.lfSize === m.size) {
      m = await measure(source, t.rel, new Set(m.hashes.keys()), true);
      measured.set(key, m);
    }
    const push = (id: string, level: Level, message: string) =>
      findings.push({ id, level, message, mets: t.mets, line: t.line });
    if (t.size && t.size.expected !== m.size) {
      if (t.size.expected === m.crlfSize || t.size.expected === m.lfSize)
        push(
          t.size.id,
          'warning',
          `${t.rel} has ${m.size} bytes; METS gives its size with other line ends (${t.size.expected}): its line ends were changed after packaging`,
        );
      else
        push(
          t.size.id,
          t.legacy ? 'warning' : 'error',
          `@SIZE is ${t.size.expected}, the file ${t.rel} has ${m.size} bytes`,
        );
    }
    if (t.checksum && !opts.skipChecksums) {
      const want = t.checksum.expected.trim().toLowerCase();
      const [raw, crlf, lf] = m.hashes.get(t.checksum.algorithm)!;
      if ((want === crlf || want === lf) && want !== raw)
        push(
          t.checksum.id,
          'warning',
          `checksum of ${t.rel} matches only with other line ends: its line ends were changed after packaging`,
        );
      else if (want !== raw)
        push(
          t.checksum.id,
          t.legacy ? 'warning' : 'error',
          `checksum of ${t.rel} is ${raw}, METS says ${t.checksum.expected}`,
        );
    }
  }
  const errors = findings.filter((f) => f.level === 'error').length;
  return {
    package: source.name,
    valid: errors === 0,
    errors,
    warnings: findings.length - errors,
    findings,
    mets: metsRead,
  };
}

interface Measure {
  size: number;
  /** Size with every lone LF written as CRLF (text files whose line ends a checkout or a transfer changed). */
  crlfSize: number;
  /** Size with every CRLF written as LF. */
  lfSize: number;
  /** algorithm → [hex of the bytes, with CRLF line ends, with LF line ends]. */
  hashes: Map<string, [string, string, string]>;
}

async function measure(
  source: PackageSource,
  rel: string,
  algorithms: Set<string>,
  variants: boolean,
): Promise<Measure> {
  if (!variants) {
    const hs = [...algorithms].map((a) => createHash(a));
    let n = 0;
    for await (const c of await source.open(rel)) {
      n += (c as Buffer).length;
      for (const h of hs) h.update(c as Buffer);
    }
    const hashes = new Map<string, [string, string, string]>();
    [...algorithms].forEach((a, i) => {
      const hex = hs[i]!.digest('hex');
      hashes.set(a, [hex, hex, hex]);
    });
    return { size: n, crlfSize: n, lfSize: n, hashes };
  }
  const raw = [...algorithms].map((a) => createHash(a));
  const crlf = [...algorithms].map((a) => createHash(a));
  const lf = [...algorithms].map((a) => createHash(a));
  let size = 0;
  let crlfSize = 0;
  let lfSize = 0;
  let prevCr = false;
  let pendingCr = false;
  const CRLF = Buffer.from('\r\n');
  for await (const c of await source.open(rel)) {
    const chunk = c as Buffer;
    size += chunk.length;
    for (const h of raw) h.update(chunk);
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      const before = i > 0 ? chunk[i - 1] === 13 : prevCr;
      if (before) continue;
      const part = chunk.subarray(start, i);
      for (const h of crlf) h.update(part).update(CRLF);
      crlfSize += part.length + 2;
      start = i + 1;
    }
    const rest = chunk.subarray(start);
    for (const h of crlf) h.update(rest);
    crlfSize += rest.length;
    // LF variant: drop a CR that stands before an LF (a CR at a chunk's end waits for the next chunk).
    let from = 0;
    if (pendingCr) {
      if (chunk[0] !== 10) {
        for (const h of lf) h.update(Buffer.from([13]));
        lfSize += 1;
      }
      pendingCr = false;
    }
    for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) {
      if (i === chunk.length - 1) {
        const part = chunk.subarray(from, i);
        for (const h of lf) h.update(part);
        lfSize += part.length;
        from = chunk.length;
        pendingCr = true;
      } else if (chunk[i + 1] === 10) {
        const part = chunk.subarray(from, i);
        for (const h of lf) h.update(part);
        lfSize += part.length;
        from = i + 1;
      }
    }
    const tail = chunk.subarray(from);
    for (const h of lf) h.update(tail);
    lfSize += tail.length;
    if (chunk.length) prevCr = chunk[chunk.length - 1] === 13;
  }
  if (pendingCr) {
    for (const h of lf) h.update(Buffer.from([13]));
    lfSize += 1;
  }
  const hashes = new Map<string, [string, string, string]>();
  [...algorithms].forEach((a, i) =>
    hashes.set(a, [raw[i]!.digest('hex'), crlf[i]!.digest('hex'), lf[i]!.digest('hex')]),
  );
  return { size, crlfSize, lfSize, hashes };
}

/**
 * A package made before CSIP 2.1: the E-ARK project's IP profile, or a CSIP structMap whose divisions point at
 * nothing with fptr/mptr (CSIP 2.1 made the pointers mandatory). Such packages are read tolerantly: only their
 * metadata sections are held to CSIP 2.1 as errors, the rest is reported as warnings.
 */
function isLegacy(mets: XmlEl): boolean {
  if (LEGACY_PROFILE.test(attr(mets, 'PROFILE') ?? '')) return true;
  const map = kids(mets, 'structMap').find((m) => attr(m, 'LABEL') === 'CSIP');
  if (!map) return false;
  return ![...descendants(map, 'fptr')].length && ![...descendants(map, 'mptr')].length;
}

async function loadMets(
  source: PackageSource,
  rel: string,
  opts: ValidateOptions,
  findings: Finding[],
  id: string,
): Promise<XmlEl | undefined> {
  if (!source.files.has(rel)) {
    findings.push({ id, level: 'error', message: `${rel} is missing`, code: 'eark.no_mets' });
    return undefined;
  }
  try {
    const limits = opts.xml;
    const doc = parseXml(await source.read(rel, limits?.maxBytes ?? 64 * 1024 * 1024), limits);
    if (doc.local !== 'mets' || doc.uri !== METS_NS) {
      findings.push({
        id,
        level: 'error',
        message: `${rel}: the root element is not METS <mets>`,
        mets: rel,
        code: 'eark.not_mets',
      });
      return undefined;
    }
    return doc;
  } catch (e) {
    if (!(e instanceof EarkError)) throw e;
    findings.push({ id, level: 'error', message: `${rel}: ${e.message}`, mets: rel, code: e.code });
    return undefined;
  }
}

interface Level2 {
  root: boolean;
  id: string;
  representations: Set<string>;
}

function checkMets(ctx: Context, mets: XmlEl, level: Level2): void {
  checkRoot(ctx, mets, level);
  checkHeader(ctx, mets);
  const amdIds = checkMetadata(ctx, mets);
  const groups = checkFileSec(ctx, mets, level, amdIds);
  checkStructMap(ctx, mets, level, groups, amdIds);
}

function checkRoot(ctx: Context, mets: XmlEl, level: Level2): void {
  const objid = attr(mets, 'OBJID');
  if (objid === undefined) ctx.error('CSIP1', 'mets/@OBJID is missing', mets);
  else if (!objid.trim()) ctx.error('CSIP1', 'mets/@OBJID is empty', mets);
  else if (objid !== level.id)
    ctx.warn(
      'CSIP1',
      `mets/@OBJID "${objid}" should equal the ${level.root ? 'package' : 'representation'} id "${level.id}"`,
      mets,
    );
  const type = attr(mets, 'TYPE');
  if (!type?.trim()) ctx.error('CSIP2', 'mets/@TYPE (content category) is missing', mets);
  const otherType = attr(mets, 'OTHERTYPE');
  if (otherType !== undefined && type?.toUpperCase() !== 'OTHER')
    ctx.error('CSIP3', 'mets/@csip:OTHERTYPE is given but mets/@TYPE is not "OTHER"', mets);
  else if (type?.toUpperCase() === 'OTHER' && !otherType?.trim())
    ctx.warn('CSIP3', 'mets/@TYPE is "OTHER" but mets/@csip:OTHERTYPE does not name the category', mets);
  const cit = attr(mets, 'CONTENTINFORMATIONTYPE');
  if (!level.root && cit === undefined)
    ctx.warn('CSIP4', 'a representation METS should declare mets/@csip:CONTENTINFORMATIONTYPE', mets);
  checkOtherCit(ctx, mets, 'CSIP5', 'mets');
  if (!attr(mets, 'PROFILE')?.trim()) ctx.error('CSIP6', 'mets/@PROFILE is missing', mets);
}

function checkOtherCit(ctx: Context, el: XmlEl, id: string, where: string): void {
  const cit = attr(el, 'CONTENTINFORMATIONTYPE');
  const other = attr(el, 'OTHERCONTENTINFORMATIONTYPE');
  if (cit === 'OTHER') {
    if (other === undefined)
      ctx.error(
        id,
        `${where}/@csip:CONTENTINFORMATIONTYPE is "OTHER" but @csip:OTHERCONTENTINFORMATIONTYPE is missing`,
        el,
      );
    else if (!other.trim()) ctx.error(id, `${where}/@csip:OTHERCONTENTINFORMATIONTYPE is empty`, el);
    else if (CIT_VOCABULARY.has(other.trim().toUpperCase()))
      ctx.error(
        id,
        `${where}/@csip:OTHERCONTENTINFORMATIONTYPE "${other}" is a vocabulary value: use it in @csip:CONTENTINFORMATIONTYPE`,
        el,
      );
  } else if (other !== undefined) {
    ctx.error(
      id,
      `${where}/@csip:OTHERCONTENTINFORMATIONTYPE is given but @csip:CONTENTINFORMATIONTYPE is not "OTHER"`,
      el,
    );
  }
}

function checkHeader(ctx: Context, mets: XmlEl): void {
  const hdr = kid(mets, 'metsHdr');
  if (!hdr) {
    ctx.error('CSIP117', 'mets/metsHdr is missing', mets);
    return;
  }
  const created = attr(hdr, 'CREATEDATE');
  if (created === undefined) ctx.error('CSIP7', 'mets/metsHdr/@CREATEDATE is missing', hdr);
  else if (!DATE_TIME.test(created.trim()))
    ctx.error('CSIP7', `mets/metsHdr/@CREATEDATE "${created}" is not an xs:dateTime`, hdr);
  const mod = attr(hdr, 'LASTMODDATE');
  if (mod !== undefined && !DATE_TIME.test(mod.trim()))
    ctx.warn('CSIP8', `mets/metsHdr/@LASTMODDATE "${mod}" is not an xs:dateTime`, hdr);
  const oais = attr(hdr, 'OAISPACKAGETYPE');
  if (oais === undefined) ctx.error('CSIP9', 'mets/metsHdr/@csip:OAISPACKAGETYPE is missing', hdr);
  else if (!OAIS_TYPES.has(oais.trim()))
    ctx.error('CSIP9', `mets/metsHdr/@csip:OAISPACKAGETYPE "${oais}" is not SIP, AIP, DIP, AIU or AIC`, hdr);
  const agents = kids(hdr, 'agent');
  if (!agents.length) {
    ctx.error('CSIP10', 'mets/metsHdr/agent (the software that made the package) is missing', hdr);
    return;
  }
  const creators = agents.filter((a) => attr(a, 'ROLE') === 'CREATOR');
  const full = creators.filter((a) => attr(a, 'TYPE') === 'OTHER' && attr(a, 'OTHERTYPE') === 'SOFTWARE');
  if (!creators.length) ctx.error('CSIP11', 'no mets/metsHdr/agent has @ROLE="CREATOR"', hdr);
  else if (!full.length)
    ctx.error('CSIP11', 'no single agent has @ROLE="CREATOR", @TYPE="OTHER" and @OTHERTYPE="SOFTWARE"', hdr);
  const agent = full[0] ?? creators[0];
  if (!agent) return;
  if (attr(agent, 'TYPE') !== 'OTHER') ctx.error('CSIP12', 'the mandatory agent must have @TYPE="OTHER"', agent);
  const ot = attr(agent, 'OTHERTYPE');
  if (ot === undefined) ctx.error('CSIP13', 'the mandatory agent has no @OTHERTYPE', agent);
  else if (ot !== 'SOFTWARE')
    ctx.error('CSIP13', `the mandatory agent's @OTHERTYPE is "${ot}", must be "SOFTWARE"`, agent);
  const names = kids(agent, 'name');
  if (names.length !== 1 || !names[0]!.text.trim())
    ctx.error('CSIP14', 'the mandatory agent must have exactly one non-empty name', agent);
  const notes = kids(agent, 'note');
  if (!notes.length) ctx.error('CSIP15', 'the mandatory agent has no note (software version)', agent);
  else if (notes.length > 1) ctx.error('CSIP15', 'the mandatory agent has more than one note', agent);
  else if (!notes[0]!.text.trim()) ctx.error('CSIP15', "the mandatory agent's note is empty", notes[0]);
  else if (attr(notes[0], 'NOTETYPE') !== 'SOFTWARE VERSION')
    ctx.error('CSIP16', 'the agent note must have @csip:NOTETYPE="SOFTWARE VERSION"', notes[0]);
}

/** dmdSec and amdSec; returns the ids of administrative metadata (digiprovMD, rightsMD, techMD, sourceMD). */
function checkMetadata(
  ctx: Context,
  mets: XmlEl,
): { amd: Map<string, string | undefined>; dmd: Map<string, string | undefined> } {
  const dmd = new Map<string, string | undefined>();
  const amd = new Map<string, string | undefined>();
  const dmdSecs = kids(mets, 'dmdSec');
  const descriptive = ctx.filesUnder('metadata/descriptive');
  if (!dmdSecs.length) {
    if (descriptive.length)
      ctx.error('CSIP17', 'files in metadata/descriptive but no mets/dmdSec describes them', mets);
    else ctx.warn('CSIP17', 'no mets/dmdSec (descriptive metadata)', mets);
  } else if (!descriptive.length && dmdSecs.some((d) => kid(d, 'mdRef')))
    ctx.warn('CSIP17', 'mets/dmdSec present but no files in metadata/descriptive', mets);
  for (const d of dmdSecs) {
    const id = attr(d, 'ID');
    if (!id?.trim()) ctx.error('CSIP18', 'mets/dmdSec/@ID is missing', d);
    else dmd.set(id, attr(d, 'STATUS'));
    if (attr(d, 'CREATED') === undefined) ctx.error('CSIP19', 'mets/dmdSec/@CREATED is missing', d);
    checkStatus(ctx, d, 'CSIP20', 'dmdSec');
    const ref = kid(d, 'mdRef');
    if (!ref && !kid(d, 'mdWrap')) {
      if (descriptive.length)
        ctx.error('CSIP21', 'mets/dmdSec has no mdRef although metadata/descriptive holds files', d);
      else ctx.warn('CSIP21', 'mets/dmdSec should reference its file with mdRef', d);
    }
    for (const r of kids(d, 'mdRef')) checkMdRef(ctx, r, MDREF_IDS.dmdSec, 'dmdSec');
  }
  const amdSecs = kids(mets, 'amdSec');
  const preservation = ctx.filesUnder('metadata/preservation');
  if (!amdSecs.length) {
    if (preservation.length)
      ctx.error('CSIP31', 'files in metadata/preservation but no mets/amdSec describes them', mets);
    else ctx.warn('CSIP31', 'no mets/amdSec (administrative metadata)', mets);
  } else if (!preservation.length)
    ctx.warn('CSIP31', 'mets/amdSec present but no files in metadata/preservation', mets);
  for (const a of amdSecs) {
    for (const md of a.children) {
      if (!['digiprovMD', 'rightsMD', 'techMD', 'sourceMD'].includes(md.local)) continue;
      const id = attr(md, 'ID');
      if (id?.trim()) amd.set(id, attr(md, 'STATUS'));
      if (md.local === 'digiprovMD') {
        if (!id?.trim()) ctx.error('CSIP33', 'mets/amdSec/digiprovMD/@ID is missing', md);
        checkStatus(ctx, md, 'CSIP34', 'digiprovMD');
        if (!kid(md, 'mdRef') && !kid(md, 'mdWrap'))
          ctx.warn('CSIP35', 'mets/amdSec/digiprovMD should reference its file with mdRef', md);
        for (const r of kids(md, 'mdRef')) checkMdRef(ctx, r, MDREF_IDS.digiprovMD, 'digiprovMD');
      } else if (md.local === 'rightsMD') {
        if (!id?.trim()) ctx.error('CSIP46', 'mets/amdSec/rightsMD/@ID is missing', md);
        checkStatus(ctx, md, 'CSIP47', 'rightsMD');
        if (!kid(md, 'mdRef') && !kid(md, 'mdWrap'))
          ctx.warn('CSIP48', 'mets/amdSec/rightsMD should reference its file with mdRef', md);
        for (const r of kids(md, 'mdRef')) checkMdRef(ctx, r, MDREF_IDS.rightsMD, 'rightsMD');
      }
    }
  }
  return { amd, dmd };
}

function checkStatus(ctx: Context, el: XmlEl, id: string, what: string): void {
  const s = attr(el, 'STATUS');
  if (s === undefined) ctx.warn(id, `${what}/@STATUS should be given (CURRENT or SUPERSEDED)`, el);
  else if (!STATUS.has(s.trim())) ctx.error(id, `${what}/@STATUS "${s}" is not CURRENT or SUPERSEDED`, el);
}

function checkMdRef(ctx: Context, r: XmlEl, ids: RefIds, what: string): void {
  const loctype = attr(r, 'LOCTYPE');
  if (loctype !== 'URL')
    ctx.error(ids.loctype, `${what}/mdRef/@LOCTYPE must be "URL"${loctype ? `, is "${loctype}"` : ''}`, r);
  const type = xlink(r, 'type');
  if (type !== 'simple')
    ctx.error(ids.type, `${what}/mdRef/@xlink:type must be "simple"${type ? `, is "${type}"` : ''}`, r);
  const mdtype = attr(r, 'MDTYPE');
  if (mdtype === undefined) ctx.error(ids.mdtype, `${what}/mdRef/@MDTYPE is missing`, r);
  else if (!MDTYPES.has(mdtype.trim()))
    ctx.error(ids.mdtype, `${what}/mdRef/@MDTYPE "${mdtype}" is not a METS metadata type`, r);
  const mime = attr(r, 'MIMETYPE');
  if (mime === undefined) ctx.error(ids.mime, `${what}/mdRef/@MIMETYPE is missing`, r);
  else if (mime.length > 256) ctx.warn(ids.mime, `${what}/mdRef/@MIMETYPE is longer than 256 characters`, r);
  else if (mime.includes('/') && !IANA_TOP.has(mime.split('/')[0]!.trim().toLowerCase()))
    ctx.error(ids.mime, `${what}/mdRef/@MIMETYPE "${mime}" is not an IANA media type`, r);
  if (attr(r, 'CREATED') === undefined) ctx.error(ids.created, `${what}/mdRef/@CREATED is missing`, r);
  checkLocated(ctx, r, xlink(r, 'href'), ids.href, ids.size, ids.checksum, ids.checksumtype, `${what}/mdRef`);
}

/** SIZE, CHECKSUM and CHECKSUMTYPE of an mdRef or a file, against the file its href names. */
function checkLocated(
  ctx: Context,
  el: XmlEl,
  href: string | undefined,
  hrefId: string,
  sizeId: string,
  checksumId: string,
  checksumTypeId: string,
  what: string,
  hrefEl: XmlEl = el,
): void {
  let rel: string | undefined;
  if (href === undefined) ctx.error(hrefId, `${what}/@xlink:href is missing`, hrefEl);
  else {
    rel = ctx.resolve(href);
    if (!rel) ctx.error(hrefId, `${what}/@xlink:href "${href}" names no file inside the package`, hrefEl);
    else if (href.includes('\\'))
      ctx.warn(hrefId, `${what}/@xlink:href "${href}" separates folders with backslashes; a URL uses "/"`, hrefEl);
  }
  const size = attr(el, 'SIZE');
  if (size === undefined) ctx.error(sizeId, `${what}/@SIZE is missing`, el);
  else if (!/^\d+$/.test(size.trim())) ctx.error(sizeId, `${what}/@SIZE "${size}" is not a number of bytes`, el);

  const ctype = attr(el, 'CHECKSUMTYPE');
  const sum = attr(el, 'CHECKSUM');
  const algorithm = ctype ? HASHES[ctype.trim().toUpperCase()] : undefined;
  if (ctype === undefined) ctx.error(checksumTypeId, `${what}/@CHECKSUMTYPE is missing`, el);
  else if (!algorithm)
    ctx.error(checksumTypeId, `${what}/@CHECKSUMTYPE "${ctype}" is not an algorithm this validator computes`, el);
  if (sum === undefined) ctx.error(checksumId, `${what}/@CHECKSUM is missing`, el);
  else if (!/^[0-9a-fA-F]+$/.test(sum.trim()))
    ctx.error(checksumId, `${what}/@CHECKSUM "${sum}" is not hexadecimal`, el);
  if (rel) {
    const task: ContentTask = { rel, mets: ctx.mets, line: el.line, legacy: ctx.legacy && !LEGACY_STRICT.has(sizeId) };
    if (size !== undefined && /^\d+$/.test(size.trim())) task.size = { expected: Number(size), id: sizeId };
    if (algorithm && sum !== undefined && /^[0-9a-fA-F]+$/.test(sum.trim()))
      task.checksum = { algorithm, expected: sum, id: checksumId };
    if (task.size || task.checksum) ctx.tasks.push(task);
  }
}

interface FileGroup {
  id?: string;
  use: string;
  el: XmlEl;
  fileIds: Set<string>;
}

function checkFileSec(
  ctx: Context,
  mets: XmlEl,
  level: Level2,
  ids: { amd: Map<string, string | undefined>; dmd: Map<string, string | undefined> },
): FileGroup[] {
  const fileSecs = kids(mets, 'fileSec');
  const groups: FileGroup[] = [];
  if (!fileSecs.length) {
    ctx.warn('CSIP58', 'no mets/fileSec: content should be referenced from the file section', mets);
    return groups;
  }
  if (fileSecs.length > 1) ctx.warn('CSIP58', 'more than one mets/fileSec', mets);
  for (const fs of fileSecs) {
    if (!attr(fs, 'ID')?.trim()) ctx.error('CSIP59', 'mets/fileSec/@ID is missing', fs);
    for (const g of descendants(fs, 'fileGrp')) {
      const use = attr(g, 'USE');
      const id = attr(g, 'ID');
      if (use === undefined || !use.trim()) ctx.error('CSIP64', 'mets/fileSec/fileGrp/@USE is missing', g);
      if (!id?.trim()) ctx.error('CSIP65', 'mets/fileSec/fileGrp/@ID is missing', g);
      const admid = attr(g, 'ADMID');
      if (admid !== undefined)
        for (const ref of admid.split(/\s+/).filter(Boolean))
          if (!ids.amd.has(ref))
            ctx.warn('CSIP61', `fileGrp/@ADMID "${ref}" is not the id of administrative metadata`, g);
      checkOtherCit(ctx, g, 'CSIP63', 'mets/fileSec/fileGrp');
      if (/^representations/i.test(use ?? '') && attr(g, 'CONTENTINFORMATIONTYPE') === undefined)
        ctx.warn('CSIP62', 'a Representations file group should declare @csip:CONTENTINFORMATIONTYPE', g);
      const files = kids(g, 'file');
      if (!files.length && !kids(g, 'fileGrp').length)
        ctx.error('CSIP66', `file group ${id ?? use ?? ''} holds no file`, g);
      const group: FileGroup = { id: id?.trim() || undefined, use: use ?? '', el: g, fileIds: new Set() };
      groups.push(group);
      for (const f of files) checkFile(ctx, f, group, ids);
    }
  }
  const uses = groups.map((g) => g.use.toLowerCase());
  if (ctx.filesUnder('documentation').length && !uses.includes('documentation'))
    ctx.error('CSIP60', 'files in documentation/ but no file group with @USE="Documentation"', mets);
  if (!uses.includes('schemas')) {
    if (ctx.filesUnder('schemas').length)
      ctx.error('CSIP113', 'files in schemas/ but no file group with @USE="Schemas"', mets);
    else if (level.root) ctx.warn('CSIP113', 'the package METS has no file group with @USE="Schemas"', mets);
  }
  if (level.root && level.representations.size && !uses.some((u) => u.startsWith('representations')))
    ctx.error(
      'CSIP114',
      'representations/ holds content but no file group has @USE starting with "Representations"',
      mets,
    );
  return groups;
}

function checkFile(
  ctx: Context,
  f: XmlEl,
  group: FileGroup,
  ids: { amd: Map<string, string | undefined>; dmd: Map<string, string | undefined> },
): void {
  const id = attr(f, 'ID');
  if (!id?.trim()) ctx.error('CSIP67', 'mets/fileSec/fileGrp/file/@ID is missing', f);
  else group.fileIds.add(id);
  if (attr(f, 'MIMETYPE') === undefined) ctx.error('CSIP68', 'file/@MIMETYPE is missing', f);
  if (attr(f, 'CREATED') === undefined) ctx.error('CSIP70', 'file/@CREATED is missing', f);
  const admid = attr(f, 'ADMID');
  if (admid !== undefined)
    for (const ref of admid.split(/\s+/).filter(Boolean))
      if (!ids.amd.has(ref)) ctx.warn('CSIP74', `file/@ADMID "${ref}" is not the id of administrative metadata`, f);
  const dmdid = attr(f, 'DMDID');
  if (dmdid !== undefined)
    for (const ref of dmdid.split(/\s+/).filter(Boolean))
      if (!ids.dmd.has(ref)) ctx.warn('CSIP75', `file/@DMDID "${ref}" is not the id of a dmdSec`, f);
  const locs = kids(f, 'FLocat');
  if (locs.length !== 1) {
    ctx.error('CSIP76', `file ${id ?? ''} must have exactly one FLocat, has ${locs.length}`, f);
    if (!locs.length) return;
  }
  const loc = locs[0]!;
  if (attr(loc, 'LOCTYPE') !== 'URL') ctx.error('CSIP77', 'file/FLocat/@LOCTYPE must be "URL"', loc);
  if (xlink(loc, 'type') !== 'simple') ctx.error('CSIP78', 'file/FLocat/@xlink:type must be "simple"', loc);
  checkLocated(ctx, f, xlink(loc, 'href'), 'CSIP79', 'CSIP69', 'CSIP71', 'CSIP72', 'file', loc);
}

function checkStructMap(
  ctx: Context,
  mets: XmlEl,
  level: Level2,
  groups: FileGroup[],
  ids: { amd: Map<string, string | undefined>; dmd: Map<string, string | undefined> },
): void {
  const maps = kids(mets, 'structMap');
  if (!maps.length) {
    ctx.error('CSIP80', 'mets/structMap is missing', mets);
    return;
  }
  const csip = maps.filter((m) => attr(m, 'LABEL') === 'CSIP');
  if (!csip.length) {
    ctx.error('CSIP82', 'no mets/structMap has @LABEL="CSIP"', mets);
    return;
  }
  if (csip.length > 1) ctx.error('CSIP82', 'more than one mets/structMap has @LABEL="CSIP"', mets);
  const map = csip[0]!;
  const type = attr(map, 'TYPE');
  if (type === undefined) ctx.error('CSIP81', 'structMap/@TYPE is missing', map);
  else if (type !== 'PHYSICAL') ctx.error('CSIP81', `structMap/@TYPE is "${type}", must be "PHYSICAL"`, map);
  if (!attr(map, 'ID')?.trim()) ctx.error('CSIP83', 'structMap/@ID is missing', map);
  const mains = kids(map, 'div');
  if (mains.length !== 1) {
    ctx.error('CSIP84', `the CSIP structMap must hold exactly one div, holds ${mains.length}`, map);
    if (!mains.length) return;
  }
  const main = mains[0]!;
  if (!attr(main, 'ID')?.trim()) ctx.error('CSIP85', 'the main div has no @ID', main);
  const subs = kids(main, 'div');
  const labelled = (l: string) => subs.filter((d) => attr(d, 'LABEL') === l);
  const byId = new Map(groups.filter((g) => g.id).map((g) => [g.id!, g]));

  // Metadata division
  const md = labelled('Metadata');
  if (md.length > 1) ctx.error('CSIP88', 'more than one Metadata division', main);
  if (!md.length && (ids.amd.size || ids.dmd.size))
    ctx.error('CSIP88', 'metadata sections exist but there is no div @LABEL="Metadata"', main);
  const mdDiv = md[0];
  if (mdDiv) {
    if (!attr(mdDiv, 'ID')?.trim()) ctx.error('CSIP89', 'the Metadata division has no @ID', mdDiv);
    const current = (m: Map<string, string | undefined>) =>
      [...m].filter(([, s]) => s === undefined || s === 'CURRENT').map(([k]) => k);
    const amdCurrent = current(ids.amd);
    const admid = attr(mdDiv, 'ADMID');
    if (admid === undefined) {
      if (amdCurrent.length)
        ctx.error('CSIP91', 'the Metadata division has no @ADMID though administrative metadata exists', mdDiv);
    } else {
      const listed = new Set(admid.split(/\s+/).filter(Boolean));
      for (const a of amdCurrent)
        if (!listed.has(a)) ctx.error('CSIP91', `the Metadata division's @ADMID does not list ${a}`, mdDiv);
      for (const l of listed)
        if (!ids.amd.has(l)) {
          ctx.error('CSIP91', `the Metadata division's @ADMID lists ${l}, not administrative metadata`, mdDiv);
          ctx.warn('CSIP61', `@ADMID "${l}" is not the id of administrative metadata`, mdDiv);
        }
    }
    const dmdCurrent = current(ids.dmd);
    const dmdid = attr(mdDiv, 'DMDID');
    const dlisted = new Set((dmdid ?? '').split(/\s+/).filter(Boolean));
    for (const d of dmdCurrent)
      if (!dlisted.has(d)) ctx.warn('CSIP92', `the Metadata division's @DMDID does not list ${d}`, mdDiv);
    for (const l of dlisted)
      if (!ids.dmd.has(l)) ctx.warn('CSIP92', `the Metadata division's @DMDID lists ${l}, not a dmdSec`, mdDiv);
  }

  // Documentation and Schemas divisions: one each at most, pointing at their file groups.
  const pointed = (divs: XmlEl[]) =>
    new Set(divs.flatMap((d) => [...descendants(d, 'fptr')].map((p) => attr(p, 'FILEID') ?? '')));
  for (const [label, shouldId, idId, refId, groupId] of [
    ['Documentation', 'CSIP93', 'CSIP94', 'CSIP96', 'CSIP116'],
    ['Schemas', 'CSIP97', 'CSIP98', 'CSIP100', 'CSIP118'],
  ] as const) {
    const divs = labelled(label);
    const grps = groups.filter((g) => g.use.toLowerCase() === label.toLowerCase());
    if (divs.length > 1) ctx.error(shouldId, `more than one div @LABEL="${label}"`, main);
    if (!divs.length) {
      if (grps.length) ctx.warn(shouldId, `there should be a div @LABEL="${label}" for the ${label} file group`, main);
      continue;
    }
    for (const d of divs) if (!attr(d, 'ID')?.trim()) ctx.error(idId, `the ${label} division has no @ID`, d);
    const refs = pointed(divs);
    const anywhere = pointed([main]);
    for (const r of refs) {
      const g = byId.get(r);
      if (!g || g.use.toLowerCase() !== label.toLowerCase())
        ctx.error(groupId, `the ${label} division points at "${r}", which is not a ${label} file group`, divs[0]);
    }
    for (const g of grps)
      if (g.id && !anywhere.has(g.id))
        ctx.error(refId, `the ${label} file group ${g.id} is not referenced from the ${label} division`, divs[0]);
  }

  // Representations: one content division, or one division per representation (mptr to its METS).
  const repGroups = groups.filter((g) => /^representations/i.test(g.use));
  const contentDivs = labelled('Representations');
  const repDivs = subs.filter((d) => /^representations\//i.test(attr(d, 'LABEL') ?? ''));
  if (contentDivs.length > 1) ctx.error('CSIP101', 'more than one div @LABEL="Representations"', main);
  if (!contentDivs.length && !repDivs.length && repGroups.length)
    ctx.warn('CSIP101', 'there should be a div @LABEL="Representations" for the content', main);
  for (const d of contentDivs)
    if (!attr(d, 'ID')?.trim()) ctx.error('CSIP102', 'the Representations division has no @ID', d);
  for (const d of repDivs)
    if (!attr(d, 'ID')?.trim()) ctx.error('CSIP106', `the division ${attr(d, 'LABEL')} has no @ID`, d);
  const isRepGroupRef = (r: string) => {
    const g = byId.get(r) ?? groups.find((x) => x.fileIds.has(r));
    return !!g && /^representations/i.test(g.use);
  };
  const referenced = new Set<string>();
  for (const d of [...contentDivs, ...repDivs]) {
    for (const p of descendants(d, 'fptr')) {
      const r = attr(p, 'FILEID');
      if (!r) continue;
      referenced.add(r);
      if (contentDivs.includes(d) && !isRepGroupRef(r))
        ctx.error('CSIP119', `a Representations division points at "${r}", not a Representations file group`, p);
    }
    for (const m of descendants(d, 'mptr')) {
      const title = xlink(m, 'title');
      if (title) {
        referenced.add(title);
        if (!isRepGroupRef(title))
          ctx.error('CSIP109', `mptr @xlink:title "${title}" is not a Representations file group`, m);
      }
      const href = xlink(m, 'href');
      if (href === undefined) ctx.error('CSIP110', 'mptr/@xlink:href is missing', m);
      else if (!ctx.resolve(href))
        ctx.error('CSIP110', `mptr/@xlink:href "${href}" names no file inside the package`, m);
      if (xlink(m, 'type') !== 'simple') ctx.error('CSIP111', 'mptr/@xlink:type must be "simple"', m);
      if (attr(m, 'LOCTYPE') !== 'URL') ctx.error('CSIP112', 'mptr/@LOCTYPE must be "URL"', m);
    }
  }
  for (const g of repGroups)
    if (g.id && !referenced.has(g.id) && ![...g.fileIds].some((f) => referenced.has(f)))
      ctx.error('CSIP119', `the Representations file group ${g.id} is not referenced from the structMap`, map);
  if (level.root) {
    const labels = new Set(repDivs.map((d) => (attr(d, 'LABEL') ?? '').split('/')[1]?.toLowerCase()));
    for (const d of repDivs) {
      const rep = (attr(d, 'LABEL') ?? '').split('/')[1] ?? '';
      if (![...level.representations].some((r) => r.toLowerCase() === rep.toLowerCase()))
        ctx.error('CSIP107', `the division ${attr(d, 'LABEL')} names a representation that does not exist`, d);
    }
    if (repDivs.length)
      for (const r of level.representations)
        if (!labels.has(r.toLowerCase()))
          ctx.warn('CSIP105', `representation ${r} has no division in the structMap`, main);
  }
}
