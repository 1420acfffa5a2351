import { latin1 } from '../pdf/bytes';
import type { Increment, PdfModel } from './document';

const headerIndex = new WeakMap<PdfModel, Map<number, number[]>>();

/** Offsets of every raw "N G obj" header, per object number, ascending. */
function headers(model: PdfModel): Map<number, number[]> {
  let index = headerIndex.get(model);
  if (!index) {
    index = new Map();
    for (const m of latin1(model.bytes).matchAll(/(\d{1,9})\s+\d{1,5}\s+obj\b/g)) {
      const n = Number(m[1]);
      const list = index.get(n) ?? [];
      list.push(m.index);
      index.set(n, list);
    }
    headerIndex.set(model, index);
  }
  return index;
}

/**
 * Whether a classic xref table of an increment sends an in-use object somewhere other than its
 * latest definition: outside the increment and not at the object's last header before it (e.g.
 * back at a superseded object inside the signed revision — a "shadow" substitution that reading
 * objects in file order would not see). Full tables re-listing current objects are fine.
 */
export function xrefPointsOutside(model: PdfModel, inc: Increment): boolean {
  const text = latin1(model.bytes, inc.start, inc.end);
  const found = [...text.matchAll(/(?:^|[\r\n])xref[ \t]*[\r\n]/g)].at(-1);
  if (!found) return false;
  const lines = text.slice(found.index + found[0].length).split(/\r\n|\r|\n/);
  let objectNumber = 0;
  let checked = 0;
  for (const line of lines) {
    const l = line.trim();
    if (l === '') continue;
    if (l.startsWith('trailer')) break;
    const sub = /^(\d+)\s+\d+$/.exec(l);
    if (sub) {
      objectNumber = Number(sub[1]);
      continue;
    }
    const m = /^(\d{10})\s+(\d{5})\s+([nf])$/.exec(l);
    if (!m || ++checked > 100_000) break;
    const n = objectNumber++;
    if (m[3] !== 'n') continue;
    const offset = Number(m[1]);
    if (offset >= inc.start && offset < inc.end) continue;
    const before = (headers(model).get(n) ?? []).filter((o) => o < inc.start);
    if (before.length === 0 || before[before.length - 1] !== offset) return true;
  }
  return false;
}
