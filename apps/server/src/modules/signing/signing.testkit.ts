/** Test helpers of the signing module: a small PDF with printed title/name, multipart upload. */
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Client } from '../../../test/factory';

/** An A4 page with the signature block of NĐ 30 (position title, room for the image, printed name). */
export async function draftPdf(title = 'QUYET DINH ve viec thu nghiem ky so'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setProducer('vanthu tests');
  doc.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.TimesRomanBold);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(title, { x: 140, y: 740, size: 14, font: bold, color: rgb(0, 0, 0) });
  page.drawText('Noi dung van ban thu nghiem.', { x: 72, y: 680, size: 12, font });
  page.drawText('KT. BO TRUONG', { x: 370, y: 330, size: 12, font: bold });
  page.drawText('THU TRUONG', { x: 380, y: 314, size: 12, font: bold });
  page.drawText('Vu Chien Thang', { x: 378, y: 200, size: 12, font: bold });
  return doc.save({ useObjectStreams: false });
}

/** Where the signature image goes in draftPdf: between the title and the printed name. */
export const SIGNER_RECT = { x: 340, y: 220, width: 180, height: 85 };

export function upload(c: Client, bytes: Uint8Array, name = 'du-thao.pdf') {
  const body = Buffer.concat([
    Buffer.from(
      `--B0undary\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from('\r\n--B0undary--\r\n'),
  ]);
  return c.request('POST', '/api/files', body, { 'content-type': 'multipart/form-data; boundary=B0undary' });
}

/** Changes one byte inside the signed range (the page width), keeping the file parseable. */
export function tamper(pdf: Uint8Array): Uint8Array {
  const s = Buffer.from(pdf);
  const at = s.indexOf('595.28');
  if (at < 0) throw new Error('marker not found');
  const out = Buffer.from(s);
  out.write('595.29', at, 'latin1');
  return new Uint8Array(out);
}
