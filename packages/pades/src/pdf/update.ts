import { PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { PadesError } from '../errors';
import { loadForUpdate } from './load';
import { lastStartXref, trailerSize, xrefKindAt } from './revisions';
import { defaultId, writeIncrement, type IncrementObject, type IncrementOutput } from './writer';

export interface Update {
  doc: PDFDocument;
  /** Writes the new objects (numbers ≥ the previous /Size), the changed ones and raw bodies. */
  finish(changed: readonly PDFRef[], raw?: readonly IncrementObject[]): IncrementOutput;
}

/** Loads a PDF so new objects can be added and appended as one incremental update. */
export async function beginUpdate(pdf: Uint8Array): Promise<Update> {
  const prevStartXref = lastStartXref(pdf);
  const xrefKind = prevStartXref === null ? null : xrefKindAt(pdf, prevStartXref);
  if (prevStartXref === null || !xrefKind)
    throw new PadesError('pades.pdf_unreadable', 'Không tìm thấy bảng tham chiếu chéo (xref) của tệp PDF.');
  const doc = await loadForUpdate(pdf);
  const ctx = doc.context;
  const prevSize = trailerSize(pdf, prevStartXref) ?? 0;
  ctx.largestObjectNumber = Math.max(ctx.largestObjectNumber, prevSize - 1);
  const firstNew = ctx.largestObjectNumber + 1;
  return {
    doc,
    finish(changed, raw = []) {
      const objects: IncrementObject[] = [...raw];
      const seen = new Set<number>(raw.map((o) => o.ref.objectNumber));
      for (const ref of changed) {
        if (seen.has(ref.objectNumber)) continue;
        seen.add(ref.objectNumber);
        objects.push({ ref, body: ctx.lookup(ref) as PDFObject });
      }
      for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
        if (ref.objectNumber >= firstNew && !seen.has(ref.objectNumber)) {
          seen.add(ref.objectNumber);
          objects.push({ ref, body: obj });
        }
      }
      const root = ctx.trailerInfo.Root;
      if (!(root instanceof PDFRef))
        throw new PadesError('pades.pdf_unreadable', 'Tệp PDF không có danh mục gốc (/Root).');
      return writeIncrement({
        original: pdf,
        objects,
        xref: xrefKind,
        prevStartXref,
        size: ctx.largestObjectNumber + 1,
        root,
        info: ctx.trailerInfo.Info,
        id: ctx.trailerInfo.ID ?? defaultId(pdf, ctx),
      });
    },
  };
}
