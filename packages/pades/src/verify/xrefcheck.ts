import { scanObjHeaders } from './objscan';
import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFName,
  PDFNumber,
  PDFObjectParser,
  PDFRawStream,
  decodePDFRawStream,
} from 'pdf-lib';
import { latin1 } from '../pdf/bytes';
import type { Increment, PdfModel } from './document';

const headerIndex = new WeakMap<PdfModel, Map<number, number[]>>();

/** Offsets of every raw "N G obj" header, per object number, ascending. */
function headers(model: PdfModel): Map<number, number[]> {
  let index = headerIndex.get(model);
  if (!index) {
    index = new Map();
    for (const h of scanObjHeaders(model.bytes)) {
      const list = index.get(h.num) ?? [];
      list.push(h.at);
      index.set(h.num, list);
    }
    headerIndex.set(model, index);
  }
  return index;
}

/** One cross-reference entry as a reader sees it. */
export interface XrefEntry {
  objectNumber: number;
  kind: 'free' | 'offset' | 'compressed';
  /** Byte offset ('offset') or the object stream's number ('compressed'). */
  value: number;
}

export interface XrefSection {
  kind: 'table' | 'stream';
  /** Offset the section starts at (what startxref should say). */
  offset: number;
  entries: XrefEntry[];
  prev: number | null;
}

const MAX_ENTRIES = 200_000;

function tableAt(text: string, base: number, at: number): XrefSection | null {
  const rel = at - base;
  if (!/^xref[ \t]*[\r\n]/.test(text.slice(rel, rel + 8))) return null;
  const entries: XrefEntry[] = [];
  const end = text.indexOf('trailer', rel);
  const body = text.slice(rel + 4, end < 0 ? undefined : end);
  let objectNumber = 0;
  for (const line of body.split(/\r\n|\r|\n/)) {
    const l = line.trim();
    if (l === '') continue;
    const sub = /^(\d+)\s+\d+$/.exec(l);
    if (sub) {
      objectNumber = Number(sub[1]);
      continue;
    }
    const m = /^(\d{10})\s+(\d{5})\s+([nf])$/.exec(l);
    if (!m || entries.length > MAX_ENTRIES) break;
    entries.push({ objectNumber: objectNumber++, kind: m[3] === 'n' ? 'offset' : 'free', value: Number(m[1]) });
  }
  const trailer =
    end < 0 ? '' : text.slice(end, text.indexOf('startxref', end) < 0 ? undefined : text.indexOf('startxref', end));
  const prev = /\/Prev\s+(\d+)/.exec(trailer);
  return { kind: 'table', offset: at, entries, prev: prev ? Number(prev[1]) : null };
}

function num(d: PDFDict, key: string): number | null {
  const v = d.get(PDFName.of(key));
  return v instanceof PDFNumber ? v.asNumber() : null;
}

/** Undoes the PNG predictors (10–15) of a FlateDecode stream, row by row. */
function unpredict(data: Uint8Array, columns: number): Uint8Array {
  const row = columns + 1;
  const rows = Math.floor(data.length / row);
  const out = new Uint8Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    const type = data[r * row]!;
    for (let c = 0; c < columns; c++) {
      const x = data[r * row + 1 + c]!;
      const up = r > 0 ? out[(r - 1) * columns + c]! : 0;
      const left = c > 0 ? out[r * columns + c - 1]! : 0;
      const upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1]! : 0;
      let v = x;
      if (type === 1) v = x + left;
      else if (type === 2) v = x + up;
      else if (type === 3) v = x + ((left + up) >> 1);
      else if (type === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[r * columns + c] = v & 0xff;
    }
  }
  return out;
}

function streamAt(bytes: Uint8Array, at: number): XrefSection | null {
  const head = latin1(bytes, at, Math.min(bytes.length, at + 40));
  const m = /^(\d+)\s+(\d+)\s+obj\b/.exec(head);
  if (!m) return null;
  try {
    const ctx = PDFContext.create();
    const obj = PDFObjectParser.forBytes(bytes.subarray(at + m[0].length), ctx).parseObject();
    if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of('Type')) !== PDFName.of('XRef')) return null;
    const w = obj.dict.get(PDFName.of('W'));
    if (!(w instanceof PDFArray) || w.size() !== 3) return null;
    const widths = w.asArray().map((x) => (x instanceof PDFNumber ? x.asNumber() : -1));
    if (widths.some((x) => x < 0 || x > 8)) return null;
    const size = num(obj.dict, 'Size') ?? 0;
    const idx = obj.dict.get(PDFName.of('Index'));
    const ranges =
      idx instanceof PDFArray ? idx.asArray().map((x) => (x instanceof PDFNumber ? x.asNumber() : 0)) : [0, size];
    let data = decodePDFRawStream(obj).decode();
    const parms = obj.dict.get(PDFName.of('DecodeParms'));
    const predictor = parms instanceof PDFDict ? (num(parms, 'Predictor') ?? 1) : 1;
    const rowWidth = widths[0]! + widths[1]! + widths[2]!;
    if (predictor >= 10)
      data = unpredict(data, parms instanceof PDFDict ? (num(parms, 'Columns') ?? rowWidth) : rowWidth);
    else if (predictor !== 1) return null;
    const entries: XrefEntry[] = [];
    let pos = 0;
    const field = (width: number, dflt: number): number => {
      if (width === 0) return dflt;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + (data[pos++] ?? 0);
      return v;
    };
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      for (let k = 0; k < ranges[r + 1]! && pos + rowWidth <= data.length && entries.length < MAX_ENTRIES; k++) {
        const type = field(widths[0]!, 1);
        const f2 = field(widths[1]!, 0);
        field(widths[2]!, 0);
        const objectNumber = ranges[r]! + k;
        if (type === 0) entries.push({ objectNumber, kind: 'free', value: f2 });
        else if (type === 1) entries.push({ objectNumber, kind: 'offset', value: f2 });
        else if (type === 2) entries.push({ objectNumber, kind: 'compressed', value: f2 });
      }
    }
    const prev = num(obj.dict, 'Prev');
    return { kind: 'stream', offset: at, entries, prev };
  } catch {
    return null;
  }
}

/** The cross-reference section an increment's startxref points to, parsed as a reader would. */
export function xrefOf(model: PdfModel, inc: Increment): XrefSection | null {
  const rev = model.revisions[inc.index];
  if (!rev) return null;
  const at = rev.startxref;
  const text = latin1(model.bytes, inc.start, inc.end);
  return tableAt(text, inc.start, at) ?? streamAt(model.bytes, at);
}

const sectionCache = new WeakMap<Increment, XrefSection | null>();

function cachedXref(model: PdfModel, inc: Increment): XrefSection | null {
  if (!sectionCache.has(inc)) sectionCache.set(inc, xrefOf(model, inc));
  return sectionCache.get(inc) ?? null;
}

/** Where a reader of the revisions before `inc` finds each object (later sections win). */
function previousMap(model: PdfModel, inc: Increment): Map<number, XrefEntry> {
  const map = new Map<number, XrefEntry>();
  for (const i of model.increments.slice(0, inc.index))
    for (const e of cachedXref(model, i)?.entries ?? []) map.set(e.objectNumber, e);
  return map;
}

/**
 * What a reader following the cross-reference data of a later increment would see differently from a
 * reading of the objects in file order — each a reason the update cannot be analysed safely:
 * - startxref not pointing into the increment, /Prev not pointing at the previous revision's section;
 * - an in-use entry sending an object outside the increment to anything but its latest earlier definition
 *   (e.g. back at a superseded object inside the signed revision: a "shadow" substitution), or inside the
 *   increment to bytes that are not that object's header;
 * - a free entry for an object that exists (an object deleted: a "shadow hide" by cross-reference alone);
 * - a compressed entry whose object stream is not defined in the increment;
 * - an object defined twice in the increment.
 */
export function xrefProblems(model: PdfModel, inc: Increment): string[] {
  const out: string[] = [];
  const rev = model.revisions[inc.index];
  if (!rev) return out;
  if (rev.startxref < inc.start || rev.startxref >= inc.end) return ['startxref trỏ ra ngoài phần cập nhật'];
  const section = cachedXref(model, inc);
  if (!section) return ['không đọc được bảng xref của phần cập nhật'];
  const previous = model.revisions[inc.index - 1];
  if (previous && section.prev !== previous.startxref) out.push('/Prev không trỏ tới bảng xref của phiên bản trước');
  const index = headers(model);
  const prevMap = previousMap(model, inc);
  const same = (e: XrefEntry): boolean => {
    const p = prevMap.get(e.objectNumber);
    return p !== undefined && p.kind === e.kind && p.value === e.value && !inc.touched.has(e.objectNumber);
  };
  for (const [n, offsets] of index) {
    if (offsets.filter((o) => o >= inc.start && o < inc.end).length > 1) {
      out.push(`đối tượng ${n} được định nghĩa hai lần trong một phần cập nhật`);
      break;
    }
  }
  for (const e of section.entries) {
    if (e.objectNumber === 0) continue;
    const all = index.get(e.objectNumber) ?? [];
    if (e.kind === 'free') {
      if (model.increments.slice(0, inc.index).some((i) => i.touched.has(e.objectNumber))) {
        out.push(`xoá đối tượng ${e.objectNumber} qua bảng xref`);
        break;
      }
      continue;
    }
    if (e.kind === 'compressed') {
      if (same(e)) continue;
      const stm = index.get(e.value) ?? [];
      if (!stm.some((o) => o >= inc.start && o < inc.end)) {
        out.push(`đối tượng ${e.objectNumber} trỏ tới luồng đối tượng ngoài phần cập nhật`);
        break;
      }
      continue;
    }
    if (e.value >= inc.start && e.value < inc.end) {
      if (!all.includes(e.value)) {
        out.push(`bảng xref trỏ đối tượng ${e.objectNumber} tới chỗ không phải đối tượng đó`);
        break;
      }
      continue;
    }
    if (same(e)) continue;
    const before = all.filter((o) => o < inc.start);
    if (before.length === 0 || before[before.length - 1] !== e.value) {
      out.push('bảng xref trỏ ra ngoài phần cập nhật');
      break;
    }
  }
  return out;
}

/** Kept for callers of the first version: whether any in-use entry points outside (see xrefProblems). */
export function xrefPointsOutside(model: PdfModel, inc: Increment): boolean {
  return xrefProblems(model, inc).length > 0;
}
