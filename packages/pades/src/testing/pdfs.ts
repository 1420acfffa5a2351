import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';

export interface SamplePdfOptions {
  pages?: number;
  /** false → classic xref table (like LibreOffice); true → object and xref streams (pdf-lib default). */
  objectStreams?: boolean;
  title?: string;
  /** Pad the file with an uncompressed content stream to about this many bytes. */
  padTo?: number;
}

/** A small unsigned PDF for tests. */
export async function samplePdf(o: SamplePdfOptions = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setProducer('vanthu tests');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < (o.pages ?? 1); i++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText(`${o.title ?? 'Van ban thu nghiem'} - trang ${i + 1}`, {
      x: 72,
      y: 760,
      size: 14,
      font,
      color: rgb(0, 0, 0),
    });
    if (i === 0 && o.padTo) {
      const line = 'BT /F0 1 Tf 0 0 Td (padding padding padding padding padding padding padding) Tj ET\n';
      const stream = doc.context.stream(line.repeat(Math.ceil(o.padTo / line.length)));
      const ref = doc.context.register(stream);
      page.node.addContentStream(ref);
    }
  }
  return doc.save({ useObjectStreams: o.objectStreams ?? true });
}
