import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import type { View } from './document';
import { pageList } from './pages';

export interface SigField {
  name: string;
  fieldRef: PDFRef | null;
  /** The /V value as written (usually a reference). */
  rawValue: PDFObject | undefined;
  value: PDFDict | undefined;
  /** Field type, possibly inherited. */
  type: string | null;
}

export function text(o: PDFObject | undefined): string | null {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.decodeText();
  return null;
}

export function nameText(o: PDFObject | undefined): string | null {
  return o instanceof PDFName ? o.decodeText() : null;
}

/** All terminal form fields (bounded walk of /Fields and /Kids). */
export function formFields(view: View, limit = 10_000): SigField[] {
  const out: SigField[] = [];
  const acro = view.dict(view.catalog(), 'AcroForm');
  const fields = view.array(acro, 'Fields');
  if (!fields) return out;
  const seen = new Set<number>();
  const walk = (raw: PDFObject, prefix: string, inheritedType: string | null, depth: number): void => {
    if (out.length >= limit || depth > 32) return;
    if (raw instanceof PDFRef) {
      if (seen.has(raw.objectNumber)) return;
      seen.add(raw.objectNumber);
    }
    const f = view.resolve(raw);
    if (!(f instanceof PDFDict)) return;
    const partial = text(view.get(f, 'T'));
    const name = partial === null ? prefix : prefix ? `${prefix}.${partial}` : partial;
    const type = nameText(view.get(f, 'FT')) ?? inheritedType;
    const kids = view.array(f, 'Kids');
    const kidFields = kids
      ? kids.asArray().filter((k) => {
          const d = view.resolve(k);
          return d instanceof PDFDict && d.get(PDFName.of('T')) !== undefined;
        })
      : [];
    if (kidFields.length > 0) {
      for (const k of kidFields) walk(k, name, type, depth + 1);
      return;
    }
    const rawValue = f.get(PDFName.of('V'));
    const value = view.resolve(rawValue);
    out.push({
      name,
      fieldRef: raw instanceof PDFRef ? raw : null,
      rawValue,
      value: value instanceof PDFDict ? value : undefined,
      type,
    });
  };
  for (let i = 0; i < Math.min(fields.size(), limit); i++) walk(fields.get(i), '', null, 0);
  return out;
}

/**
 * Signature fields that carry a signature value, found as readers find them: the AcroForm's fields, and
 * signature widgets referenced only from a page's /Annots (files whose /AcroForm is missing or incomplete).
 */
export function signatureFields(view: View): SigField[] {
  const out = formFields(view).filter((f) => f.type === 'Sig' && f.value !== undefined);
  const known = new Set(out.map((f) => f.fieldRef?.objectNumber).filter((n) => n !== undefined));
  const values = new Set(out.map((f) => (f.rawValue instanceof PDFRef ? f.rawValue.objectNumber : -1)));
  let pages: ReturnType<typeof pageList>;
  try {
    pages = pageList(view, 10_000);
  } catch {
    return out;
  }
  for (const page of pages) {
    const annots = view.array(page.dict, 'Annots')?.asArray() ?? [];
    for (const raw of annots.slice(0, 2000)) {
      if (raw instanceof PDFRef && known.has(raw.objectNumber)) continue;
      const w = view.resolve(raw);
      if (!(w instanceof PDFDict) || nameText(view.get(w, 'Subtype')) !== 'Widget') continue;
      // the widget or its parent field holds /FT /Sig and /V
      let field: PDFDict = w;
      let ref: PDFRef | null = raw instanceof PDFRef ? raw : null;
      const parentRaw = w.get(PDFName.of('Parent'));
      if (w.get(PDFName.of('FT')) === undefined && w.get(PDFName.of('V')) === undefined) {
        const parent = view.resolve(parentRaw);
        if (parent instanceof PDFDict) {
          field = parent;
          ref = parentRaw instanceof PDFRef ? parentRaw : null;
        }
      }
      if (ref && known.has(ref.objectNumber)) continue;
      if (nameText(view.get(field, 'FT')) !== 'Sig') continue;
      const rawValue = field.get(PDFName.of('V'));
      const value = view.resolve(rawValue);
      if (!(value instanceof PDFDict)) continue;
      if (rawValue instanceof PDFRef && values.has(rawValue.objectNumber)) continue;
      if (ref) known.add(ref.objectNumber);
      if (rawValue instanceof PDFRef) values.add(rawValue.objectNumber);
      out.push({
        name: text(view.get(field, 'T')) ?? `(chữ ký trên trang, đối tượng ${ref?.objectNumber ?? '?'})`,
        fieldRef: ref,
        rawValue,
        value,
        type: 'Sig',
      });
    }
  }
  return out;
}

export function numbers(arr: PDFObject | undefined): number[] | null {
  if (!(arr instanceof PDFArray)) return null;
  const out: number[] = [];
  for (const item of arr.asArray()) {
    const s = item.toString();
    if (!/^\d+$/.test(s)) return null;
    out.push(Number(s));
  }
  return out;
}

export function PDFArrayOf(o: PDFObject | undefined): PDFArray | undefined {
  return o instanceof PDFArray ? o : undefined;
}
