/** PDFs the archive writes: handover and destruction minutes (biên bản), and the watermarked copy for a reader (F6k). */
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { SERIF_FONTS } from '../../lib/fonts';
import { wrap } from '../../lib/pdf-text';

export interface MinutesInput {
  organName: string;
  title: string;
  subtitle?: string;
  paragraphs: string[];
  items: string[];
  signatures: [string, string][];
}

/** A one-column minutes document: organ, title, paragraphs, numbered items, signature blocks. */
export async function minutesPdf(m: MinutesInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(m.title);
  doc.setProducer('vanthu');
  const font = await doc.embedFont(fs.readFileSync(SERIF_FONTS[0]), { subset: true });
  const bold = await doc.embedFont(fs.readFileSync(SERIF_FONTS[1]), { subset: true });
  let page: PDFPage = doc.addPage([595.28, 841.89]);
  let y = 790;
  const line = (text: string, f: PDFFont, size: number, x = 60, width = 475) => {
    for (const l of wrap(text, f, size, width)) {
      if (y < 60) {
        page = doc.addPage([595.28, 841.89]);
        y = 790;
      }
      page.drawText(l, { x, y, size, font: f, color: rgb(0, 0, 0) });
      y -= size * 1.45;
    }
  };
  line(m.organName.toUpperCase(), bold, 12);
  y -= 24;
  line(m.title, bold, 15, 60);
  if (m.subtitle) line(m.subtitle, font, 12);
  y -= 12;
  for (const p of m.paragraphs) line(p, font, 12);
  y -= 8;
  m.items.forEach((it, i) => line(`${i + 1}. ${it}`, font, 11, 72, 463));
  y -= 30;
  for (const [role, name] of m.signatures) {
    line(role, bold, 12);
    line(name, font, 12);
    y -= 12;
  }
  return doc.save();
}

/**
 * A derived copy for a reader: every page carries the reader, the time and the purpose (diagonal, light, and a
 * footer line). The original bytes are never touched: the input is read from the AIP and a new file is written.
 */
export async function watermarkedCopy(src: Uint8Array, mime: string, mark: string): Promise<Uint8Array> {
  let doc: PDFDocument;
  if (mime === 'application/pdf') {
    doc = await PDFDocument.load(src, { ignoreEncryption: true, updateMetadata: false });
  } else {
    doc = await PDFDocument.create();
    const img = mime === 'image/png' ? await doc.embedPng(src) : await doc.embedJpg(src);
    const s = Math.min(1, 595.28 / img.width, 841.89 / img.height);
    const pg = doc.addPage([img.width * s, img.height * s]);
    pg.drawImage(img, { x: 0, y: 0, width: img.width * s, height: img.height * s });
  }
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync(SERIF_FONTS[0]), { subset: true });
  for (const page of doc.getPages()) {
    const { width, height } = page.getSize();
    const size = Math.max(8, Math.min(14, width / 50));
    page.drawText(mark, {
      x: width * 0.12,
      y: height * 0.3,
      size,
      font,
      color: rgb(0.75, 0.1, 0.1),
      opacity: 0.35,
      rotate: degrees(35),
    });
    page.drawText(mark, { x: 20, y: 12, size: Math.max(6, size * 0.6), font, color: rgb(0.6, 0.1, 0.1), opacity: 0.8 });
  }
  return doc.save();
}
