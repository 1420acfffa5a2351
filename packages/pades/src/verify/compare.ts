import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFInvalidObject,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { bytesEqual } from '../cms/certinfo';
import type { View } from './document';

export class LimitExceeded extends Error {}

/** Structural comparison of two states of the document, skipping objects untouched in between. */
export class Comparator {
  private budget: number;
  private readonly memo = new Map<number, boolean>();
  private readonly active = new Set<number>();

  /** Objects compared elsewhere (pages): a reference to them is equal when the numbers are. */
  readonly identityOnly = new Set<number>();

  constructor(
    readonly before: View,
    readonly after: View,
    readonly touched: ReadonlySet<number>,
    budget = 5_000_000,
  ) {
    this.budget = budget;
  }

  same(a: PDFObject | undefined, b: PDFObject | undefined, depth = 0): boolean {
    if (--this.budget < 0 || depth > 200) throw new LimitExceeded('comparison budget');
    if (a instanceof PDFRef || b instanceof PDFRef) {
      if (!(a instanceof PDFRef) || !(b instanceof PDFRef)) return false;
      if (a.objectNumber !== b.objectNumber || a.generationNumber !== b.generationNumber) return false;
      const n = a.objectNumber;
      // an untouched object is the same object in both states, but what it references may have changed:
      // it is walked too (memoised), so a change deep under an untouched container is still seen
      if (this.identityOnly.has(n)) return true;
      const known = this.memo.get(n);
      if (known !== undefined) return known;
      if (this.active.has(n)) return true;
      this.active.add(n);
      const r = this.same(this.before.lookupRef(a), this.after.lookupRef(b), depth + 1);
      this.active.delete(n);
      this.memo.set(n, r);
      return r;
    }
    if (a === undefined || b === undefined) return a === b;
    if (a instanceof PDFInvalidObject || b instanceof PDFInvalidObject) return false;
    if (
      (a instanceof PDFString || a instanceof PDFHexString) &&
      (b instanceof PDFString || b instanceof PDFHexString)
    ) {
      if (a === b) return true;
      // hex against hex: decoded natively (pdf-lib's asBytes is a per-character loop, slow on a /Contents hole)
      if (a instanceof PDFHexString && b instanceof PDFHexString) {
        const x = a.asString();
        const y = b.asString();
        if (x === y) return true;
        // anything but hex digits and whitespace: not a well-formed hex string, compared as written
        if (/[^0-9A-Fa-f\s]/.test(x) || /[^0-9A-Fa-f\s]/.test(y)) return false;
        return bytesEqual(hexBytes(x), hexBytes(y));
      }
      return bytesEqual(new Uint8Array(a.asBytes()), new Uint8Array(b.asBytes()));
    }
    if (a.constructor !== b.constructor) return false;
    if (a instanceof PDFRawStream && b instanceof PDFRawStream) {
      return (a === b || bytesEqual(a.contents, b.contents)) && this.sameDict(a.dict, b.dict, depth);
    }
    if (a instanceof PDFDict && b instanceof PDFDict) return this.sameDict(a, b, depth);
    if (a instanceof PDFArray && b instanceof PDFArray) {
      if (a.size() !== b.size()) return false;
      for (let i = 0; i < a.size(); i++) if (!this.same(a.get(i), b.get(i), depth + 1)) return false;
      return true;
    }
    if (a instanceof PDFDict || a instanceof PDFArray || a instanceof PDFRawStream) return false;
    return a.toString() === b.toString();
  }

  sameDict(a: PDFDict, b: PDFDict, depth = 0, exclude: ReadonlySet<string> = EMPTY): boolean {
    const ka = a
      .keys()
      .map((k) => k.decodeText())
      .filter((k) => !exclude.has(k));
    const kb = b
      .keys()
      .map((k) => k.decodeText())
      .filter((k) => !exclude.has(k));
    if (ka.length !== kb.length) return false;
    const setB = new Set(kb);
    for (const k of ka) if (!setB.has(k)) return false;
    for (const key of a.keys()) {
      if (exclude.has(key.decodeText())) continue;
      if (!this.same(a.get(key), b.get(key), depth + 1)) return false;
    }
    return true;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

/** A well-formed hex string's bytes as PDF reads them: whitespace ignored, an odd final digit padded with 0. */
function hexBytes(hex: string): Uint8Array {
  let h = /\s/.test(hex) ? hex.replace(/\s+/g, '') : hex;
  if (h.length % 2) h += '0';
  return new Uint8Array(Buffer.from(h, 'hex'));
}
