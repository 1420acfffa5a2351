import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef, type PDFObject } from 'pdf-lib';
import { Comparator, LimitExceeded } from './compare';
import { View, type PdfModel } from './document';
import { nameText, text } from './fields';
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
  if (d instanceof PDFDict && (nameText(view.get(d, 'Type')) === 'DocTimeStamp' || nameText(view.get(d, 'SubFilter')) === 'ETSI.RFC3161')) return 'doc_timestamp';
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
    if (inc.ctx) for (const p of xrefProblems(model, inc)) out.add('undefined', p);
    for (const n of inc.touched) touched.add(n);
  }
  const cmp = new Comparator(before, after, touched);
  try {
    for (const p of [...pageList(before), ...pageList(after)]) if (p.ref) cmp.identityOnly.add(p.ref.objectNumber);
    compareCatalog(before, after, cmp, out);
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
    if (key === 'DSS' || BENIGN_CATALOG.has(key)) out.add('dss', key);
    else if (key === 'Metadata') out.add('metadata', key);
    else if (key === 'Names') compareNames(before, after, cmp, out);
    else if (key === 'AcroForm') compareForm(before, after, cmp, out);
    else if (key !== 'Pages') out.add('undefined', `danh mục gốc: ${key}`);
  }
  comparePages(before, after, cmp, out);
}

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
    if (!sameRef || !inheritedSame || !cmp.sameDict(a.dict, b.dict, 0, PAGE_EXCLUDE)) out.add('page_content', `trang ${i + 1}`);
    compareAnnots(before, after, a.dict, b.dict, i, cmp, out);
  }
}

function annotMap(view: View, page: PDFDict): Map<string, PDFObject> {
  const m = new Map<string, PDFObject>();
  const arr = view.get(page, 'Annots');
  if (!(arr instanceof PDFArray)) return m;
  arr.asArray().slice(0, 20_000).forEach((a, i) => m.set(a instanceof PDFRef ? `r${a.objectNumber}` : `d${i}`, a));
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

function compareAnnots(before: View, after: View, pa: PDFDict, pb: PDFDict, index: number, cmp: Comparator, out: Collector): void {
  const ma = annotMap(before, pa);
  const mb = annotMap(after, pb);
  const where = `trang ${index + 1}`;
  for (const [key, raw] of mb) {
    const old = ma.get(key);
    if (old === undefined) {
      out.add(classifyAnnot(after, raw), where);
      continue;
    }
    if (cmp.same(old, raw)) continue;
    const oldSig = signedValue(before, old);
    if (oldSig !== undefined && !cmp.same(oldSig, signedValue(after, raw))) out.add('undefined', `${where}: chữ ký đã có bị sửa`);
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
      out.add(d instanceof PDFDict && fieldType(after, d) === 'Sig' ? sigKind(after, d.get(PDFName.of('V'))) : 'form_fill', `trường ${name}`);
      continue;
    }
    if (cmp.same(old, raw)) continue;
    const oldSig = signedValue(before, old);
    if (oldSig !== undefined && !cmp.same(oldSig, signedValue(after, raw))) out.add('undefined', `trường ${name}: chữ ký đã có bị sửa`);
    else if (d instanceof PDFDict && fieldType(after, d) === 'Sig') out.add(sigKind(after, d.get(PDFName.of('V'))), `trường ${name}`);
    else out.add('form_fill', `trường ${name}`);
  }
  for (const [k, raw] of ma) {
    if (mb.has(k)) continue;
    if (signedValue(before, raw) !== undefined) out.add('undefined', 'trường chữ ký đã có bị xoá');
    else out.add('form_fill', 'xoá trường biểu mẫu');
  }
  if (fa && fb && !cmp.sameDict(fa, fb, 0, new Set(['Fields']))) out.add('form_fill', 'AcroForm');
}
