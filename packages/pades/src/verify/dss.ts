import { PDFArray, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import type { View } from './document';

export interface DssData {
  present: boolean;
  certs: Uint8Array[];
  ocsps: Uint8Array[];
  crls: Uint8Array[];
}

function streams(view: View, arr: PDFArray | undefined, limit = 2000): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const item of arr?.asArray().slice(0, limit) ?? []) {
    const s = view.resolve(item);
    if (!(s instanceof PDFRawStream)) continue;
    try {
      out.push(decodePDFRawStream(s).decode());
    } catch {
      // unreadable entries are ignored: they cannot make anything valid
    }
  }
  return out;
}

/** Reads the Document Security Store (/DSS) of the final revision. */
export function readDss(view: View): DssData {
  const dss = view.dict(view.catalog(), 'DSS');
  if (!dss) return { present: false, certs: [], ocsps: [], crls: [] };
  return {
    present: true,
    certs: streams(view, view.array(dss, 'Certs')),
    ocsps: streams(view, view.array(dss, 'OCSPs')),
    crls: streams(view, view.array(dss, 'CRLs')),
  };
}
