import { PDFArray, PDFDict, PDFName, PDFRef, type PDFObject } from 'pdf-lib';
import { LimitExceeded } from './compare';
import type { View } from './document';

export interface PageEntry {
  ref: PDFRef | null;
  dict: PDFDict;
}

/** Leaves of the page tree, in order (bounded, cycle-safe). */
export function pageList(view: View, limit = 100_000): PageEntry[] {
  const out: PageEntry[] = [];
  const seen = new Set<number>();
  const walk = (raw: PDFObject | undefined, depth: number): void => {
    if (depth > 64 || out.length > limit) throw new LimitExceeded('page tree');
    if (raw instanceof PDFRef) {
      if (seen.has(raw.objectNumber)) return;
      seen.add(raw.objectNumber);
    }
    const node = view.resolve(raw);
    if (!(node instanceof PDFDict)) return;
    const kids = view.get(node, 'Kids');
    const type = view.get(node, 'Type');
    if (kids instanceof PDFArray && type !== PDFName.of('Page')) {
      for (const k of kids.asArray()) walk(k, depth + 1);
      return;
    }
    out.push({ ref: raw instanceof PDFRef ? raw : null, dict: node });
  };
  const catalog = view.catalog();
  walk(catalog?.get(PDFName.of('Pages')), 0);
  return out;
}

const INHERITABLE = ['Resources', 'MediaBox', 'CropBox', 'Rotate'];

/** Inherited page attributes as raw values (first found up the /Parent chain). */
export function inherited(view: View, page: PDFDict): Record<string, PDFObject | undefined> {
  const out: Record<string, PDFObject | undefined> = {};
  for (const key of INHERITABLE) {
    let node: PDFDict | undefined = page;
    for (let i = 0; node && i < 64; i++) {
      const v = node.get(PDFName.of(key));
      if (v !== undefined) {
        out[key] = v;
        break;
      }
      node = view.dict(node, 'Parent');
    }
  }
  return out;
}
