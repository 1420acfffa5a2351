import PDFDocument from 'pdfkit';
import { SERIF_FONTS } from '../../lib/fonts';
import { formatDate } from '@vanthu/vn';
import { REGISTER_COLUMNS, type RegisterBook } from './incoming.reports';

/** Column widths (points) on A4 landscape with 30 pt margins: 782 pt of table. */
const WIDTHS = [52, 40, 100, 78, 52, 190, 100, 52, 50, 68];

/** The Sổ đăng ký văn bản đến as a PDF: A4 landscape, Liberation Serif (full Vietnamese), header row repeated on every page. */
export function registerPdf(book: RegisterBook): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margins: { top: 30, bottom: 30, left: 30, right: 30 },
      info: { Title: `${book.registerName} ${book.from} – ${book.to}`, Author: book.organName },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('serif', SERIF_FONTS[0]);
    doc.registerFont('serif-bold', SERIF_FONTS[1]);
    const left = 30;
    const bottom = doc.page.height - 30;

    doc.font('serif-bold').fontSize(11).text(book.organName.toUpperCase(), left, 30);
    doc
      .font('serif-bold')
      .fontSize(15)
      .text(book.registerName.toUpperCase(), left, 52, { width: doc.page.width - 60, align: 'center' });
    doc
      .font('serif')
      .fontSize(11)
      .text(`Từ ngày ${formatDate(book.from)} đến ngày ${formatDate(book.to)}`, {
        width: doc.page.width - 60,
        align: 'center',
      });
    let y = doc.y + 10;

    const cellHeight = (cells: readonly string[], font: string, size: number) => {
      doc.font(font).fontSize(size);
      return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: WIDTHS[i]! - 6 }))) + 6;
    };
    const drawRow = (cells: readonly string[], font: string, size: number, h: number) => {
      let x = left;
      doc.font(font).fontSize(size);
      cells.forEach((c, i) => {
        const w = WIDTHS[i]!;
        doc.rect(x, y, w, h).lineWidth(0.5).stroke();
        doc.text(c, x + 3, y + 3, {
          width: w - 6,
          align: font === 'serif-bold' || i === 0 || i === 1 || i === 4 || i === 7 ? 'center' : 'left',
        });
        x += w;
      });
      y += h;
    };
    const header = () => {
      const h = cellHeight(REGISTER_COLUMNS, 'serif-bold', 9);
      drawRow(REGISTER_COLUMNS, 'serif-bold', 9, h);
      drawRow(
        REGISTER_COLUMNS.map((_, i) => String(i + 1)),
        'serif',
        8,
        14,
      );
    };
    header();
    for (const r of book.rows) {
      const h = cellHeight(r, 'serif', 9);
      if (y + h > bottom) {
        doc.addPage();
        y = 30;
        header();
      }
      drawRow(r, 'serif', 9, h);
    }
    if (!book.rows.length)
      doc
        .font('serif')
        .fontSize(10)
        .text('Không có văn bản đến trong khoảng thời gian này.', left, y + 8);
    doc.end();
  });
}
