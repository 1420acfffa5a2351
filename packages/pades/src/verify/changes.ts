import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';
import { Comparator, LimitExceeded } from './compare';
import { View, type PdfModel } from './document';
import { formFields, nameText, text } from './fields';
import type { Change, ChangeKind } from './model';
import { inherited, pageList } from './pages';
import { xrefProblems } from './xrefcheck';

/** DocMDP permission level (1–3) set by a certification signature, 3 when absent. */
export function docMdpLevel(view: View): number {
  const perms = view.dict(view.catalog(), 'Perms');
  const sig = view.dict(perms, 'DocMDP');
  const refs = view.array(sig, 'Reference');
  for (const r of refs?.asArray() ?? []) {
    const ref = view.resolve(r);
    if (!(ref instanceof PDFDict)) continue;
    const params = view.dict(ref, 'TransformParams');
    const p = view.get(params, 'P');
    if (p instanceof PDFNumber && [1, 2, 3].includes(p.asNumber())) return p.asNumber();
    return 2;
  }
  return 3;
}

function allowedFor(kind: ChangeKind, level: number): boolean {
  switch (kind) {
    case 'dss':
    case 'doc_timestamp':
      return true;
    case 'signature':
      return level >= 2;
    case 'form_fill':
      return level >= 2;
    case 'annotation':
      return level >= 3;
    case 'metadata':
      return level >= 2;
    default:
      return false;
  }
}

const PAGE_EXCLUDE = new Set(['Annots', 'Parent']);
const BENIGN_CATALOG = new Set(['Extensions', 'Version']);

class Collector {
  readonly changes: Change[] = [];
  /** Field names no later change may fill (FieldMDP locks, DocMDP P=1 locks all: '*'). */
  lockedFields = new Set<string>();
  /** Whether a later update adds a signature (its /StructTreeRoot update is then allowed). */
  newSignature = false;
  private readonly seen = new Set<string>();
  constructor(private readonly level: number) {}
  add(kind: ChangeKind, detail?: string, forbidden = false): void {
    const key = `${kind}|${detail ?? ''}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.changes.push({ kind, allowed: !forbidden && allowedFor(kind, this.level), detail });
  }
}

function sigKind(view: View, v: PDFObject | undefined): ChangeKind {
  const d = view.resolve(v);
  if (
    d instanceof PDFDict &&
    (nameText(view.get(d, 'Type')) === 'DocTimeStamp' || nameText(view.get(d, 'SubFilter')) === 'ETSI.RFC3161')
  )
    return 'doc_timestamp';
  return 'signature';
}

function fieldType(view: View, d: PDFDict): string | null {
  let node: PDFDict | undefined = d;
  for (let i = 0; node && i < 32; i++) {
    const ft = nameText(view.get(node, 'FT'));
    if (ft) return ft;
    node = view.dict(node, 'Parent');
  }
  return null;
}

function label(view: View, d: PDFDict): string {
  return text(view.get(d, 'T')) ?? nameText(view.get(d, 'Subtype')) ?? '?';
}

/** What changed between the signed revision and the final state, classified. */
export function analyzeChanges(model: PdfModel, signedRevision: number): Change[] {
  const last = model.increments.length - 1;
  if (signedRevision >= last) return [];
  const before = new View(model, signedRevision);
  const after = new View(model, last);
  const level = docMdpLevel(before);
  const out = new Collector(level);
  const touched = new Set<number>();
  for (let i = signedRevision + 1; i <= last; i++) {
    const inc = model.increments[i]!;
    if (!inc.ctx && inc.touched.size > 0) out.add('undefined', 'phần cập nhật không đọc được');
    if (!model.revisions[i] && inc.touched.size > 0)
      out.add('undefined', 'đối tượng nằm sau %%EOF cuối, ngoài mọi phiên bản');
    if (inc.ctx) for (const p of xrefProblems(model, inc)) out.add('undefined', p);
    for (const n of inc.touched) touched.add(n);
  }
  const cmp = new Comparator(before, after, touched);
  try {
    for (const p of [...pageList(before), ...pageList(after)]) if (p.ref) cmp.identityOnly.add(p.ref.objectNumber);
    out.lockedFields = lockedFields(before);
    out.newSignature = formFields(after).some(
      (f) =>
        f.type === 'Sig' &&
        f.value !== undefined &&
        !formFields(before).some((g) => g.name === f.name && g.value !== undefined),
    );
    compareCatalog(before, after, cmp, out);
    for (const f of formFields(before)) {
      if (f.type !== 'Sig' || f.value === undefined || !f.fieldRef) continue;
      const now = after.resolve(f.fieldRef);
      const v = now instanceof PDFDict ? now.get(PDFName.of('V')) : undefined;
      if (!cmp.same(f.rawValue, v)) out.add('undefined', `từ điển chữ ký ${f.name} bị sửa sau khi ký`);
    }
  } catch (e) {
    out.add('undefined', e instanceof LimitExceeded ? 'vượt giới hạn phân tích' : 'lỗi phân tích thay đổi');
  }
  return out.changes;
}

function compareCatalog(before: View, after: View, cmp: Comparator, out: Collector): void {
  const ca = before.catalog();
  const cb = after.catalog();
  if (!ca || !cb) {
    out.add('undefined', 'danh mục gốc (/Root)');
    return;
  }
  if (before.rootRef()?.objectNumber !== after.rootRef()?.objectNumber) out.add('undefined', 'thay danh mục gốc');
  const keys = new Set([...ca.keys(), ...cb.keys()].map((k) => k.decodeText()));
  for (const key of keys) {
    const k = PDFName.of(key);
    if (cmp.same(ca.get(k), cb.get(k))) continue;
    if (key === 'DSS') checkDss(before, after, cmp, out);
    else if (BENIGN_CATALOG.has(key)) out.add('dss', key);
    else if (key === 'Metadata') checkMetadata(before, after, cmp, out);
    else if (key === 'Names') compareNames(before, after, cmp, out);
    else if (key === 'AcroForm') compareForm(before, after, cmp, out);
    else if (key === 'StructTreeRoot' && out.newSignature) out.add('signature', 'StructTreeRoot');
    else if (key !== 'Pages') out.add('undefined', `danh mục gốc: ${key}`);
  }
  comparePages(before, after, cmp, out);
}

/** Object numbers reachable from `start` (through dictionaries, arrays, stream dictionaries), bounded. */
function reachable(view: View, start: PDFObject | undefined, limit = 100_000): Set<number> {
  const seen = new Set<number>();
  const stack: (PDFObject | undefined)[] = [start];
  while (stack.length > 0 && seen.size < limit) {
    const o = stack.pop();
    if (o instanceof PDFRef) {
      if (seen.has(o.objectNumber)) continue;
      seen.add(o.objectNumber);
      stack.push(view.lookupRef(o));
    } else if (o instanceof PDFDict) stack.push(...o.values());
    else if (o instanceof PDFArray) stack.push(...o.asArray());
    else if (o instanceof PDFRawStream) stack.push(...o.dict.values());
  }
  return seen;
}

/**
 * Objects a later update hung under `key` (DSS, Metadata) must be new ones or ones that were already under it: an
 * object of the signed revision redefined as DSS/XMP data (pyHanko's "DSS object clobber") is not allowed.
 */
function clobbered(before: View, after: View, cmp: Comparator, key: string): number | null {
  const old = reachable(before, before.catalog()?.get(PDFName.of(key)));
  for (const n of reachable(after, after.catalog()?.get(PDFName.of(key)))) {
    if (old.has(n) || !cmp.touched.has(n)) continue;
    if (before.lookupRef(PDFRef.of(n)) !== undefined || before.lookupRef(PDFRef.of(n, 1)) !== undefined) return n;
  }
  return null;
}

const DSS_KEYS = new Set(['Type', 'Certs', 'OCSPs', 'CRLs', 'VRI']);
const VRI_KEYS = new Set(['Type', 'Cert', 'OCSP', 'CRL', 'TU', 'TS']);

/** An array (direct or indirect) whose items are all references to streams. */
function streamArray(view: View, o: PDFObject | undefined): boolean {
  const a = view.resolve(o);
  if (!(a instanceof PDFArray)) return false;
  return a.asArray().every((x) => x instanceof PDFRef && view.resolve(x) instanceof PDFRawStream);
}

/** A DSS update is allowed when the new /DSS is a well-formed DSS dictionary (ISO 32000-2 §12.8.4.3) built from new objects. */
function checkDss(before: View, after: View, cmp: Comparator, out: Collector): void {
  const dss = after.get(after.catalog(), 'DSS');
  if (dss === undefined) return out.add('undefined', 'DSS bị xoá');
  if (!(dss instanceof PDFDict)) return out.add('undefined', 'DSS không phải từ điển');
  for (const k of dss.keys().map((x) => x.decodeText())) {
    if (!DSS_KEYS.has(k)) return out.add('undefined', `DSS: khoá lạ ${k}`);
    if (['Certs', 'OCSPs', 'CRLs'].includes(k) && !streamArray(after, dss.get(PDFName.of(k))))
      return out.add('undefined', `DSS: ${k} không hợp lệ`);
  }
  const vri = dss.get(PDFName.of('VRI'));
  if (vri !== undefined) {
    const d = after.resolve(vri);
    if (!(d instanceof PDFDict)) return out.add('undefined', 'DSS: VRI không hợp lệ');
    for (const [name, entry] of d.entries()) {
      const e = after.resolve(entry);
      if (!/^[0-9A-Fa-f]{40}$/.test(name.decodeText()) || !(e instanceof PDFDict))
        return out.add('undefined', 'DSS: VRI không hợp lệ');
      for (const [k, v] of e.entries()) {
        const key = k.decodeText();
        if (!VRI_KEYS.has(key) || (['Cert', 'OCSP', 'CRL'].includes(key) && !streamArray(after, v)))
          return out.add('undefined', 'DSS: VRI không hợp lệ');
      }
    }
  }
  const n = clobbered(before, after, cmp, 'DSS');
  if (n !== null) return out.add('undefined', `DSS ghi đè đối tượng ${n} của bản đã ký`);
  out.add('dss', 'DSS');
}

/** XMP metadata may be rewritten (Acrobat does it when signing): the new /Metadata must be an XMP stream. */
function checkMetadata(before: View, after: View, cmp: Comparator, out: Collector): void {
  const m = after.get(after.catalog(), 'Metadata');
  const xml = m instanceof PDFRawStream ? streamText(after, m) : null;
  const typed =
    m instanceof PDFRawStream &&
    nameText(after.get(m.dict, 'Type')) === 'Metadata' &&
    nameText(after.get(m.dict, 'Subtype')) === 'XML';
  if (!typed || xml === null || !/<x:xmpmeta\b|<rdf:RDF\b/.test(xml))
    return out.add('undefined', 'Metadata: không phải dữ liệu XMP');
  const n = clobbered(before, after, cmp, 'Metadata');
  if (n !== null) return out.add('undefined', `Metadata ghi đè đối tượng ${n} của bản đã ký`);
  out.add('metadata', 'Metadata');
}

/** A new signature field whose /V is a signature dictionary of the signed revision (a copied, not a new, signature). */
function reusesSignature(before: View, after: View, raw: PDFObject): boolean {
  const d = after.resolve(raw);
  const v = d instanceof PDFDict ? d.get(PDFName.of('V')) : undefined;
  return v instanceof PDFRef && before.lookupRef(v) !== undefined;
}

function rectOf(view: View, d: PDFDict): [number, number, number, number] | null {
  const r = view
    .array(d, 'Rect')
    ?.asArray()
    .map((x) => view.resolve(x));
  if (!r || r.length !== 4 || !r.every((x) => x instanceof PDFNumber)) return null;
  const [a, b, c, e] = r.map((x) => (x as PDFNumber).asNumber()) as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, e), Math.max(a, c), Math.max(b, e)];
}

/** Rectangles of the widgets (signatures and form fields) a page had when signing. */
function widgetRects(view: View, page: PDFDict): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (const raw of annotMap(view, page).values()) {
    const d = view.resolve(raw);
    if (!(d instanceof PDFDict) || nameText(view.get(d, 'Subtype')) !== 'Widget') continue;
    const r = rectOf(view, d);
    if (r && r[2] - r[0] > 0.5 && r[3] - r[1] > 0.5) out.push(r);
  }
  return out;
}

const overlaps = (a: [number, number, number, number], b: [number, number, number, number]): boolean =>
  Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5;

function compareNames(before: View, after: View, cmp: Comparator, out: Collector): void {
  const na = before.dict(before.catalog(), 'Names');
  const nb = after.dict(after.catalog(), 'Names');
  const keys = new Set([...(na?.keys() ?? []), ...(nb?.keys() ?? [])].map((k) => k.decodeText()));
  for (const key of keys) {
    const k = PDFName.of(key);
    if (cmp.same(na?.get(k), nb?.get(k))) continue;
    out.add(key === 'AP' ? 'annotation' : 'undefined', `Names: ${key}`);
  }
}

function comparePages(before: View, after: View, cmp: Comparator, out: Collector): void {
  const pa = pageList(before);
  const pb = pageList(after);
  for (let i = pa.length; i < pb.length; i++) out.add('page_added', `trang ${i + 1}`);
  for (let i = pb.length; i < pa.length; i++) out.add('page_removed', `trang ${i + 1}`);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const a = pa[i]!;
    const b = pb[i]!;
    const sameRef = a.ref && b.ref ? a.ref.objectNumber === b.ref.objectNumber : a.ref === b.ref;
    const ia = inherited(before, a.dict);
    const ib = inherited(after, b.dict);
    const inheritedSame = Object.keys({ ...ia, ...ib }).every((key) => cmp.same(ia[key], ib[key]));
    if (!sameRef || !inheritedSame || !cmp.sameDict(a.dict, b.dict, 0, PAGE_EXCLUDE))
      out.add('page_content', `trang ${i + 1}`);
    compareAnnots(before, after, a.dict, b.dict, i, cmp, out);
  }
}

function annotMap(view: View, page: PDFDict): Map<string, PDFObject> {
  const m = new Map<string, PDFObject>();
  const arr = view.get(page, 'Annots');
  if (!(arr instanceof PDFArray)) return m;
  arr
    .asArray()
    .slice(0, 20_000)
    .forEach((a, i) => m.set(a instanceof PDFRef ? `r${a.objectNumber}` : `d${i}`, a));
  return m;
}

function classifyAnnot(view: View, raw: PDFObject): ChangeKind {
  const d = view.resolve(raw);
  if (!(d instanceof PDFDict)) return 'undefined';
  if (nameText(view.get(d, 'Subtype')) !== 'Widget') return 'annotation';
  return fieldType(view, d) === 'Sig' ? sigKind(view, d.get(PDFName.of('V'))) : 'form_fill';
}

function signedValue(view: View, raw: PDFObject | undefined): PDFObject | undefined {
  const d = view.resolve(raw);
  if (!(d instanceof PDFDict) || fieldType(view, d) !== 'Sig') return undefined;
  const v = d.get(PDFName.of('V'));
  return view.resolve(v) instanceof PDFDict ? v : undefined;
}

function compareAnnots(
  before: View,
  after: View,
  pa: PDFDict,
  pb: PDFDict,
  index: number,
  cmp: Comparator,
  out: Collector,
): void {
  const ma = annotMap(before, pa);
  const mb = annotMap(after, pb);
  const where = `trang ${index + 1}`;
  let widgets: [number, number, number, number][] | null = null;
  for (const [key, raw] of mb) {
    const old = ma.get(key);
    if (old === undefined) {
      const kind = classifyAnnot(after, raw);
      const d = after.resolve(raw);
      const sub = d instanceof PDFDict ? nameText(after.get(d, 'Subtype')) : null;
      const rect = d instanceof PDFDict ? rectOf(after, d) : null;
      if (kind === 'form_fill') out.add('undefined', `${where}: thêm ô biểu mẫu che lên trang`);
      else if (kind === 'annotation' && !MARKUP.has(sub ?? ''))
        out.add('undefined', `${where}: thêm chú thích loại ${sub ?? '?'}`);
      else if ((kind === 'signature' || kind === 'doc_timestamp') && reusesSignature(before, after, raw))
        out.add('undefined', `${where}: trường chữ ký mới dùng lại chữ ký đã có`);
      else if (
        kind === 'annotation' &&
        sub !== 'Popup' &&
        sub !== 'Link' &&
        rect &&
        (widgets ??= widgetRects(before, pa)).some((w) => overlaps(w, rect))
      ) {
        out.add('undefined', `${where}: chú thích ${sub} mới che lên ô chữ ký hoặc ô biểu mẫu`);
      } else out.add(kind, where);
      continue;
    }
    if (cmp.same(old, raw)) continue;
    const d = after.resolve(raw);
    if (d instanceof PDFDict && nameText(after.get(d, 'Subtype')) === 'Widget')
      classifyExisting(before, after, old, raw, where, cmp, out);
    else out.add(classifyAnnot(after, raw), where);
  }
  for (const [key, raw] of ma) {
    if (mb.has(key)) continue;
    if (signedValue(before, raw) !== undefined) out.add('undefined', `${where}: chữ ký đã có bị xoá`);
    else out.add('annotation', `${where}: xoá chú thích`);
  }
}

function compareForm(before: View, after: View, cmp: Comparator, out: Collector): void {
  const fa = before.dict(before.catalog(), 'AcroForm');
  const fb = after.dict(after.catalog(), 'AcroForm');
  const listA = before.array(fa, 'Fields')?.asArray() ?? [];
  const listB = after.array(fb, 'Fields')?.asArray() ?? [];
  const key = (o: PDFObject, i: number): string => (o instanceof PDFRef ? `r${o.objectNumber}` : `d${i}`);
  const ma = new Map(listA.slice(0, 20_000).map((o, i) => [key(o, i), o] as const));
  const mb = new Map(listB.slice(0, 20_000).map((o, i) => [key(o, i), o] as const));
  for (const [k, raw] of mb) {
    const old = ma.get(k);
    const d = after.resolve(raw);
    const name = d instanceof PDFDict ? label(after, d) : '?';
    if (old === undefined) {
      if (d instanceof PDFDict && fieldType(after, d) === 'Sig' && reusesSignature(before, after, raw))
        out.add('undefined', `trường chữ ký ${name} dùng lại chữ ký đã có`);
      else if (d instanceof PDFDict && fieldType(after, d) === 'Sig')
        out.add(sigKind(after, d.get(PDFName.of('V'))), `trường ${name}`);
      else out.add('undefined', `thêm trường biểu mẫu ${name}`);
      continue;
    }
    if (cmp.same(old, raw)) continue;
    classifyExisting(before, after, old, raw, `trường ${name}`, cmp, out);
  }
  for (const [k, raw] of ma) {
    if (mb.has(k)) continue;
    if (signedValue(before, raw) !== undefined) out.add('undefined', 'trường chữ ký đã có bị xoá');
    else out.add('undefined', 'xoá trường biểu mẫu');
  }
  if (fa && fb) {
    const keys = new Set([...fa.keys(), ...fb.keys()].map((k) => k.decodeText()));
    for (const k of keys) {
      if (k === 'Fields' || cmp.same(fa.get(PDFName.of(k)), fb.get(PDFName.of(k)))) continue;
      if (k === 'SigFlags') out.add('signature', 'AcroForm: SigFlags');
      else if (
        (k === 'DR' || k === 'DA') &&
        (out.newSignature || (k === 'DR' && drOnlyAdds(before, after, fa, fb, cmp)))
      )
        out.add(out.newSignature ? 'signature' : 'form_fill', `AcroForm: ${k}`);
      else out.add('undefined', `AcroForm: ${k}`);
    }
  } else if (!fa && fb) {
    const extra = fb
      .keys()
      .map((k) => k.decodeText())
      .filter((k) => !['Fields', 'SigFlags', 'DR', 'DA'].includes(k));
    for (const k of extra) out.add('undefined', `AcroForm: ${k}`);
  }
}

/** Annotation types a later update may add when annotations are permitted (markup, links, popups). */
const MARKUP = new Set([
  'Text',
  'Link',
  'FreeText',
  'Line',
  'Square',
  'Circle',
  'Polygon',
  'PolyLine',
  'Highlight',
  'Underline',
  'Squiggly',
  'StrikeOut',
  'Stamp',
  'Caret',
  'Ink',
  'Popup',
  'FileAttachment',
  'Redact',
]);

function drOnlyAdds(before: View, after: View, fa: PDFDict, fb: PDFDict, cmp: Comparator): boolean {
  const a = before.dict(fa, 'DR');
  const b = after.dict(fb, 'DR');
  if (!a) return true;
  if (!b) return false;
  for (const k of a.keys()) {
    const sa = before.resolve(a.get(k));
    const sb = after.resolve(b.get(k));
    if (sa instanceof PDFDict && sb instanceof PDFDict) {
      for (const kk of sa.keys()) if (!cmp.same(sa.get(kk), sb.get(kk))) return false;
    } else if (!cmp.same(a.get(k), b.get(k))) return false;
  }
  return true;
}

/** Fully qualified name of a field (or a widget's field). */
function qualifiedName(view: View, d: PDFDict): string {
  const parts: string[] = [];
  let node: PDFDict | undefined = d;
  for (let i = 0; node && i < 32; i++) {
    const t = text(view.get(node, 'T'));
    if (t !== null) parts.unshift(t);
    node = view.dict(node, 'Parent');
  }
  return parts.join('.');
}

/** Fields locked by signatures of the signed revision (FieldMDP /Lock, DocMDP P=1 → all). */
function lockedFields(view: View): Set<string> {
  const out = new Set<string>();
  if (docMdpLevel(view) === 1) out.add('*');
  const all = formFields(view).map((f) => f.name);
  for (const f of formFields(view)) {
    if (f.type !== 'Sig' || f.value === undefined || !f.fieldRef) continue;
    const field = view.resolve(f.fieldRef);
    const locks: PDFDict[] = [];
    const lock = field instanceof PDFDict ? view.dict(field, 'Lock') : undefined;
    if (lock) locks.push(lock);
    for (const r of view.array(f.value, 'Reference')?.asArray() ?? []) {
      const ref = view.resolve(r);
      if (ref instanceof PDFDict && nameText(view.get(ref, 'TransformMethod')) === 'FieldMDP') {
        const params = view.dict(ref, 'TransformParams');
        if (params) locks.push(params);
      }
    }
    for (const l of locks) {
      const action = nameText(view.get(l, 'Action'));
      const listed = (view.array(l, 'Fields')?.asArray() ?? []).map((x) => text(view.resolve(x)) ?? '');
      if (action === 'All') out.add('*');
      else if (action === 'Include') for (const n of listed) out.add(n);
      else if (action === 'Exclude') for (const n of all) if (!listed.includes(n)) out.add(n);
    }
  }
  return out;
}

const FILL_KEYS = new Set(['V', 'AP', 'AS', 'M', 'Parent', 'Kids']);
const FIELD_KEYS = new Set(['V', 'Kids', 'M', 'Parent']);

function terminalField(view: View, widget: PDFDict): PDFDict {
  return widget.get(PDFName.of('T')) === undefined && widget.get(PDFName.of('FT')) === undefined
    ? (view.dict(widget, 'Parent') ?? widget)
    : widget;
}

function streamText(view: View, o: PDFObject | undefined): string | null {
  const s = view.resolve(o);
  if (!(s instanceof PDFRawStream)) return null;
  try {
    return Buffer.from(decodePDFRawStream(s).decode()).toString('latin1');
  } catch {
    return null;
  }
}

/** Whether an appearance stream shows a value: the text appears in a string of the content, as literal or hex. */
function appearanceShows(view: View, ap: PDFObject | undefined, value: string): boolean {
  const n = view.get(view.resolve(ap) as PDFDict | undefined, 'N');
  const content = streamText(view, n);
  if (content === null) return false;
  if (value === '') return true;
  const latin = Buffer.from(value, 'latin1').toString('latin1');
  if (content.includes(latin)) return true;
  const hex = Buffer.from(value, 'utf16le').swap16().toString('hex');
  return (
    content.toLowerCase().replace(/\s+/g, '').includes(hex) ||
    content.toLowerCase().includes(Buffer.from(value, 'latin1').toString('hex'))
  );
}

/**
 * A field or widget that existed when signing, changed later. Allowed only as a form fill: an unlocked, not
 * read-only, non-signature field whose value changed and whose new appearance shows the new value; or an empty
 * signature field that is now signed. Anything else (appearance changed with the value unchanged, any other key,
 * a signed field touched) is not allowed.
 */
function classifyExisting(
  before: View,
  after: View,
  oldRaw: PDFObject,
  newRaw: PDFObject,
  where: string,
  cmp: Comparator,
  out: Collector,
): void {
  const wa = before.resolve(oldRaw);
  const wb = after.resolve(newRaw);
  if (!(wa instanceof PDFDict) || !(wb instanceof PDFDict)) return out.add('undefined', where);
  const fa = terminalField(before, wa);
  const fb = terminalField(after, wb);
  const name = qualifiedName(after, fb) || where;
  const type = fieldType(after, fb);
  const oldV = fa.get(PDFName.of('V'));
  const newV = fb.get(PDFName.of('V'));
  const valueChanged = !cmp.same(oldV, newV);
  // the widgets: this dictionary when it is one, else its kids
  const pairs: [PDFDict, PDFDict][] = [];
  if (nameText(after.get(wb, 'Subtype')) === 'Widget') pairs.push([wa, wb]);
  else {
    const ka = before.array(wa, 'Kids')?.asArray() ?? [];
    const kb = after.array(wb, 'Kids')?.asArray() ?? [];
    kb.slice(0, 1000).forEach((k, i) => {
      const x = before.resolve(ka[i]);
      const y = after.resolve(k);
      if (x instanceof PDFDict && y instanceof PDFDict) pairs.push([x, y]);
    });
  }
  const changedPairs = pairs.filter(
    ([x, y]) =>
      !cmp.same(x.get(PDFName.of('AP')), y.get(PDFName.of('AP'))) ||
      !cmp.same(x.get(PDFName.of('AS')), y.get(PDFName.of('AS'))),
  );
  const apChanged = changedPairs.length > 0;
  const refsOf = (o: PDFObject | undefined): string =>
    o instanceof PDFRef
      ? `${o.objectNumber}`
      : o instanceof PDFArray
        ? o.asArray().map(refsOf).join(',')
        : o === undefined
          ? ''
          : '?';
  const structureSame =
    refsOf(wa.get(PDFName.of('Parent'))) === refsOf(wb.get(PDFName.of('Parent'))) &&
    refsOf(wa.get(PDFName.of('Kids'))) === refsOf(wb.get(PDFName.of('Kids')));
  const otherChanged =
    !structureSame || !cmp.sameDict(wa, wb, 0, FILL_KEYS) || (fa !== wa && !cmp.sameDict(fa, fb, 0, FIELD_KEYS));
  if (otherChanged) return out.add('undefined', `${where}: trường ${name} bị sửa thuộc tính`);
  if (type === 'Sig') {
    if (before.resolve(oldV) instanceof PDFDict) return out.add('undefined', `${where}: chữ ký đã có bị sửa (${name})`);
    return out.add(sigKind(after, newV), `trường ${name}`);
  }
  if (!valueChanged) return out.add('undefined', `${where}: giao diện trường ${name} thay đổi mà giá trị không đổi`);
  if (!apChanged) return out.add('undefined', `${where}: giá trị trường ${name} đổi mà giao diện không đổi`);
  const ff = after.get(fb, 'Ff');
  const readOnly = ff instanceof PDFNumber && (ff.asNumber() & 1) === 1;
  if (readOnly || out.lockedFields.has('*') || out.lockedFields.has(name))
    return out.add('undefined', `${where}: trường ${name} đã khoá`);
  if (apChanged) {
    const v = after.resolve(newV);
    for (const [x, y] of changedPairs) {
      if (type === 'Btn') {
        const as = nameText(after.get(y, 'AS'));
        if (
          !(v instanceof PDFName) ||
          (as !== null && as !== v.decodeText() && as !== 'Off') ||
          !cmp.same(x.get(PDFName.of('AP')), y.get(PDFName.of('AP')))
        )
          return out.add('undefined', `${where}: giao diện trường ${name} không khớp giá trị`);
      } else {
        const value = text(v) ?? (v instanceof PDFName ? v.decodeText() : null);
        if (value === null || !appearanceShows(after, y.get(PDFName.of('AP')), value))
          return out.add('undefined', `${where}: giao diện trường ${name} không khớp giá trị`);
      }
    }
  }
  out.add('form_fill', `trường ${name}`);
}
