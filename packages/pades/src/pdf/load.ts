import { PDFDocument } from 'pdf-lib';
import { PadesError } from '../errors';

/** Loads a PDF for appending an incremental update; refuses encrypted files. */
export async function loadForUpdate(bytes: Uint8Array): Promise<PDFDocument> {
  let doc: PDFDocument;
  try {
    doc = await silenced(() =>
      PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, parseSpeed: Infinity }),
    );
  } catch (e) {
    throw new PadesError('pades.pdf_unreadable', 'Không đọc được tệp PDF.', { cause: e });
  }
  if (doc.isEncrypted) throw new PadesError('pades.pdf_encrypted', 'Không ký được tệp PDF đã mã hoá.');
  return doc;
}

let depth = 0;
let saved: typeof console.warn = console.warn;

/** Runs pdf-lib with its console warnings about malformed objects muted. */
export async function silenced<T>(fn: () => Promise<T>): Promise<T> {
  if (depth === 0) {
    saved = console.warn;
    console.warn = () => undefined;
  }
  depth++;
  try {
    return await fn();
  } finally {
    depth--;
    if (depth === 0) console.warn = saved;
  }
}
