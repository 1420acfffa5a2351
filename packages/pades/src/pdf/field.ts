import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument } from 'pdf-lib';

export interface FieldInput {
  doc: PDFDocument;
  pageIndex: number;
  fieldName: string;
  sigRef: PDFRef;
  rect: [number, number, number, number]; // x1 y1 x2 y2
  appearanceRef?: PDFRef;
}

export interface FieldOutput {
  widgetRef: PDFRef;
  /** Existing objects that were modified and must be written again. */
  changed: PDFRef[];
}

const N = (s: string): PDFName => PDFName.of(s);

function fieldTitle(name: string): PDFString | PDFHexString {
  return /^[\x20-\x7e]*$/.test(name) && !/[\\()]/.test(name) ? PDFString.of(name) : PDFHexString.fromText(name);
}

/** Existing signature field names (for picking a fresh one). */
export function existingFieldNames(doc: PDFDocument): Set<string> {
  const names = new Set<string>();
  const acro = doc.catalog.lookupMaybe(N('AcroForm'), PDFDict);
  const fields = acro?.lookupMaybe(N('Fields'), PDFArray);
  if (!fields) return names;
  for (let i = 0; i < Math.min(fields.size(), 10_000); i++) {
    const f = fields.lookup(i);
    if (!(f instanceof PDFDict)) continue;
    const t = f.lookup(N('T'));
    if (t instanceof PDFString || t instanceof PDFHexString) names.add(t.decodeText());
  }
  return names;
}

/** Adds a signature field merged with its widget to a page and to the AcroForm (SigFlags 3). */
export function addSignatureField(input: FieldInput): FieldOutput {
  const { doc } = input;
  const ctx = doc.context;
  const changed = new Set<PDFRef>();
  const page = doc.getPage(input.pageIndex);
  const widget = ctx.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: fieldTitle(input.fieldName),
    V: input.sigRef,
    F: 132,
    Rect: input.rect,
    P: page.ref,
  });
  if (input.appearanceRef) widget.set(N('AP'), ctx.obj({ N: input.appearanceRef }));
  const widgetRef = ctx.register(widget);

  const rawAnnots = page.node.get(N('Annots'));
  if (rawAnnots instanceof PDFRef) {
    const arr = ctx.lookup(rawAnnots);
    if (arr instanceof PDFArray) {
      arr.push(widgetRef);
      changed.add(rawAnnots);
    } else {
      page.node.set(N('Annots'), ctx.obj([widgetRef]));
      changed.add(page.ref);
    }
  } else if (rawAnnots instanceof PDFArray) {
    rawAnnots.push(widgetRef);
    changed.add(page.ref);
  } else {
    page.node.set(N('Annots'), ctx.obj([widgetRef]));
    changed.add(page.ref);
  }

  const catalogRef = ctx.trailerInfo.Root as PDFRef;
  const rawAcro = doc.catalog.get(N('AcroForm'));
  let acro: PDFDict;
  if (rawAcro instanceof PDFRef && ctx.lookup(rawAcro) instanceof PDFDict) {
    acro = ctx.lookup(rawAcro) as PDFDict;
    changed.add(rawAcro);
  } else if (rawAcro instanceof PDFDict) {
    acro = rawAcro;
    changed.add(catalogRef);
  } else {
    acro = ctx.obj({});
    doc.catalog.set(N('AcroForm'), ctx.register(acro));
    changed.add(catalogRef);
  }
  const rawFields = acro.get(N('Fields'));
  if (rawFields instanceof PDFRef && ctx.lookup(rawFields) instanceof PDFArray) {
    (ctx.lookup(rawFields) as PDFArray).push(widgetRef);
    changed.add(rawFields);
  } else if (rawFields instanceof PDFArray) {
    rawFields.push(widgetRef);
  } else {
    acro.set(N('Fields'), ctx.obj([widgetRef]));
  }
  acro.set(N('SigFlags'), PDFNumber.of(3));
  return { widgetRef, changed: [...changed] };
}
