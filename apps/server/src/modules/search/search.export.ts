/** Export of search results (F6h): XLSX (lib/xlsx), PDF (pdfkit, Liberation Serif), the columns the user chose (F6đ). */
import PDFDocument from 'pdfkit';
import { formatDate } from '@vanthu/vn';
import { buildXlsx } from '../../lib/xlsx';
import { SERIF_FONTS } from '../../lib/fonts';
import { KIND_LABELS, type Hit } from './search.service';

export const COLUMNS = {
  kind: { label: 'Loại', width: 16, get: (h: Hit) => KIND_LABELS[h.kind] },
  numberNotation: { label: 'Số, ký hiệu', width: 20, get: (h: Hit) => h.numberNotation },
  docDate: { label: 'Ngày', width: 12, get: (h: Hit) => (h.docDate ? formatDate(h.docDate) : '') },
  typeName: { label: 'Loại văn bản', width: 16, get: (h: Hit) => h.typeName },
  title: { label: 'Trích yếu / tiêu đề', width: 60, get: (h: Hit) => h.title },
  organName: { label: 'Cơ quan ban hành', width: 28, get: (h: Hit) => h.organName },
  status: { label: 'Trạng thái', width: 16, get: (h: Hit) => h.status },
  urgency: { label: 'Độ khẩn', width: 12, get: (h: Hit) => h.urgency },
} as const;
export type Column = keyof typeof COLUMNS;
export const COLUMN_KEYS = Object.keys(COLUMNS) as Column[];
export const DEFAULT_COLUMNS: Column[] = ['numberNotation', 'docDate', 'title', 'organName', 'kind'];

export function rowsOf(hits: Hit[], cols: Column[]): string[][] {
  return hits.map((h) => cols.map((c) => COLUMNS[c].get(h) ?? ''));
}

export function toXlsx(title: string, hits: Hit[], cols: Column[]): Uint8Array {
  return buildXlsx(
    'Ket qua',
    [title],
    cols.map((c) => COLUMNS[c].label),
    rowsOf(hits, cols),
    cols.map((c) => COLUMNS[c].width),
  );
}

export function toPdf(title: string, hits: Hit[], cols: Column[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margins: { top: 30, bottom: 30, left: 30, right: 30 },
      info: { Title: title },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('serif', SERIF_FONTS[0]);
    doc.registerFont('serif-bold', SERIF_FONTS[1]);
    const total = cols.reduce((s, c) => s + COLUMNS[c].width, 0);
    const widths = cols.map((c) => (COLUMNS[c].width / total) * (doc.page.width - 60));
    doc
      .font('serif-bold')
      .fontSize(14)
      .text(title, 30, 30, { width: doc.page.width - 60, align: 'center' });
    let y = doc.y + 10;
    const bottom = doc.page.height - 30;
    const draw = (cells: string[], font: string) => {
      doc.font(font).fontSize(10);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 6 }))) + 6;
      if (y + h > bottom) {
        doc.addPage();
        y = 30;
      }
      let x = 30;
      cells.forEach((c, i) => {
        doc.rect(x, y, widths[i]!, h).lineWidth(0.5).stroke();
        doc.text(c, x + 3, y + 3, { width: widths[i]! - 6 });
        x += widths[i]!;
      });
      y += h;
    };
    draw(
      cols.map((c) => COLUMNS[c].label),
      'serif-bold',
    );
    for (const r of rowsOf(hits, cols)) draw(r, 'serif');
    doc.end();
  });
}
