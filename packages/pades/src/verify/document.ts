import { PDFArray, PDFDict, PDFName, PDFRef, type PDFContext, type PDFObject } from 'pdf-lib';
import { BoundedParser } from './parser';
import { silenced } from '../pdf/load';
import { ascii, latin1 } from '../pdf/bytes';
import { concat } from '../cms/der';
import { findRevisions, type Revision } from '../pdf/revisions';
import { scanObjHeaders } from './objscan';

/** One incremental section of the file: [start, end). */
export interface Increment {
  index: number;
  start: number;
  end: number;
  ctx: PDFContext | null;
  /** Object numbers defined here (parsed, plus raw "N G obj" headers). */
  touched: Set<number>;
  root: PDFRef | null;
}

export interface PdfModel {
  bytes: Uint8Array;
  revisions: Revision[];
  increments: Increment[];
  /** Whether non-whitespace bytes follow the last %%EOF. */
  trailingData: boolean;
}

export const LIMITS = { maxObjects: 200_000, maxDepth: 64, maxIncrements: 500 };

const HEADER = ascii('%PDF-1.7\n');

async function parseSection(bytes: Uint8Array, first: boolean): Promise<PDFContext | null> {
  try {
    const input = first ? bytes : concat([HEADER, bytes]);
    return await silenced(() => new BoundedParser(input, Infinity, false, true).parseDocument());
  } catch {
    return null;
  }
}

function rawHeaders(bytes: Uint8Array, start: number, end: number): Set<number> {
  return new Set(scanObjHeaders(bytes, start, end, true).map((h) => h.num));
}

/** Splits the file at each %%EOF and parses every section on its own. */
export async function loadModel(bytes: Uint8Array): Promise<PdfModel> {
  const revisions = findRevisions(bytes).slice(0, LIMITS.maxIncrements);
  const bounds: [number, number][] = [];
  let start = 0;
  for (const r of revisions) {
    bounds.push([start, r.end]);
    start = r.end;
  }
  const tail = latin1(bytes, start, bytes.length);
  const trailingData = /\S/.test(tail);
  if (trailingData || bounds.length === 0) bounds.push([start, bytes.length]);
  const increments: Increment[] = [];
  let objects = 0;
  for (const [s, e] of bounds) {
    const ctx = objects > LIMITS.maxObjects ? null : await parseSection(bytes.subarray(s, e), s === 0);
    const touched = rawHeaders(bytes, s, e);
    let root: PDFRef | null = null;
    if (ctx) {
      for (const [ref] of ctx.enumerateIndirectObjects()) touched.add(ref.objectNumber);
      objects += touched.size;
      const r = ctx.trailerInfo.Root;
      if (r instanceof PDFRef) root = r;
    }
    increments.push({ index: increments.length, start: s, end: e, ctx, touched, root });
  }
  return { bytes, revisions, increments, trailingData };
}

/** The document as it was at the end of increment `upTo`: later definitions win. */
export class View {
  constructor(
    readonly model: PdfModel,
    readonly upTo: number,
  ) {}

  lookupRef(ref: PDFRef): PDFObject | undefined {
    for (let i = this.upTo; i >= 0; i--) {
      const ctx = this.model.increments[i]?.ctx;
      const obj = ctx?.lookup(ref);
      if (obj !== undefined) return obj;
    }
    return undefined;
  }

  /** Where (which increment) a ref is defined in this view. */
  definedIn(ref: PDFRef): number | null {
    for (let i = this.upTo; i >= 0; i--) {
      if (this.model.increments[i]?.ctx?.lookup(ref) !== undefined) return i;
    }
    return null;
  }

  resolve(obj: PDFObject | undefined): PDFObject | undefined {
    let o = obj;
    for (let i = 0; i < 8 && o instanceof PDFRef; i++) o = this.lookupRef(o);
    return o instanceof PDFRef ? undefined : o;
  }

  get(dict: PDFDict | undefined, key: string): PDFObject | undefined {
    if (!dict) return undefined;
    return this.resolve(dict.get(nameOf(key)));
  }

  dict(dict: PDFDict | undefined, key: string): PDFDict | undefined {
    const o = this.get(dict, key);
    return o instanceof PDFDict ? o : undefined;
  }

  array(dict: PDFDict | undefined, key: string): PDFArray | undefined {
    const o = this.get(dict, key);
    return o instanceof PDFArray ? o : undefined;
  }

  rootRef(): PDFRef | null {
    for (let i = this.upTo; i >= 0; i--) {
      const r = this.model.increments[i]?.root;
      if (r) return r;
    }
    return null;
  }

  catalog(): PDFDict | undefined {
    const r = this.rootRef();
    const c = r ? this.lookupRef(r) : undefined;
    return c instanceof PDFDict ? c : undefined;
  }
}

const names = new Map<string, PDFName>();
export function nameOf(key: string): PDFName {
  let n = names.get(key);
  if (!n) {
    n = PDFName.of(key);
    names.set(key, n);
  }
  return n;
}
