/** O3 Sổ đăng ký văn bản đi (10 columns, documents.md §6.7) as rows, XLSX and PDF; O4 report per unit and signer. */
import { buildXlsx } from '../../lib/xlsx';
import { SERIF_FONTS } from '../../lib/fonts';
import PDFDocument from 'pdfkit';
import { formatDate } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { getRegister } from '../registers';
import { err } from './outgoing.model';
import { docTypeNames } from './outgoing.numbering';

export const O3_COLUMNS = [
  'Số, ký hiệu',
  'Ngày tháng',
  'Tên loại và trích yếu',
  'Người ký',
  'Nơi nhận',
  'Đơn vị/người nhận bản lưu',
  'Số lượng bản',
  'Ngày chuyển',
  'Ký nhận',
  'Ghi chú',
] as const;

function mayReport(p: Principal) {
  if (!['clerk', 'organ_leader', 'office_chief', 'admin'].some((r) => p.roles.has(r as 'clerk')))
    throw err('forbidden', 403, 'Bạn không có quyền xem báo cáo văn bản đi.');
}

export async function registerBook(deps: Deps, p: Principal, input: { registerId: string; year: number }) {
  mayReport(p);
  const reg = await getRegister(deps.db, p.organId, input.registerId);
  const docs = await deps.db
    .selectFrom('outgoing_docs as d')
    .innerJoin('units as u', 'u.id', 'd.drafting_unit_id')
    .leftJoin('users as s', 's.id', 'd.signed_by')
    .select([
      'd.id',
      'd.number',
      'd.number_notation',
      'd.issued_date',
      'd.doc_type',
      'd.subject',
      'd.status',
      'd.recall_kind',
      'd.recall_reason',
      'd.issued_at',
      'u.name as unit_name',
      's.full_name as signer',
    ])
    .where('d.organ_id', '=', p.organId)
    .where('d.register_id', '=', reg.id)
    .where('d.year', '=', input.year)
    .where('d.number', 'is not', null)
    .orderBy('d.number')
    .execute();
  const recips = docs.length
    ? await deps.db
        .selectFrom('outgoing_recipients')
        .select(['outgoing_id', 'name'])
        .where(
          'outgoing_id',
          'in',
          docs.map((d) => d.id),
        )
        .execute()
    : [];
  const cancelled = await deps.db
    .selectFrom('outgoing_numbers')
    .select(['number', 'number_notation', 'cancel_reason', 'outgoing_id'])
    .where('organ_id', '=', p.organId)
    .where('register_id', '=', reg.id)
    .where('year', '=', input.year)
    .where('cancelled_at', 'is not', null)
    .execute();
  const typeName = await docTypeNames(deps.db, p.organId);
  const rows = docs.map((d) => {
    const to = recips.filter((r) => r.outgoing_id === d.id).map((r) => r.name);
    const c = cancelled.find((x) => x.outgoing_id === d.id);
    const note = c ? `Số đã hủy: ${c.cancel_reason}` : d.recall_kind ? `Thu hồi: ${d.recall_reason ?? ''}` : '';
    return [
      d.number_notation ?? '',
      d.issued_date ? formatDate(d.issued_date) : '',
      `${typeName(d.doc_type)}: ${d.subject}`,
      d.signer ?? '',
      to.join('; '),
      d.unit_name,
      String(to.length + 1),
      d.issued_at ? formatDate(d.issued_at) : '',
      '',
      note,
    ];
  });
  return { registerName: reg.name, year: input.year, columns: [...O3_COLUMNS], rows };
}

/** The register book as a one-sheet XLSX: title row, header row, one row per number. */
export function toXlsx(title: string, columns: readonly string[], rows: string[][]): Uint8Array {
  return buildXlsx('So van ban di', [title], columns, rows, [14, 12, 50, 22, 34, 22, 10, 12, 12, 20]);
}

/** The register book as a landscape A4 PDF (pdfkit, Liberation Serif). */
export function toPdf(title: string, columns: readonly string[], rows: string[][]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 30 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(SERIF_FONTS[0]);
    doc.fontSize(14).text(title.toUpperCase(), { align: 'center' }).moveDown();
    const widths = [70, 55, 170, 70, 110, 80, 40, 55, 50, 80];
    const line = (cells: readonly string[], size: number) => {
      const y = doc.y;
      let x = 30;
      let h = 0;
      doc.fontSize(size);
      cells.forEach((c, i) => {
        const w = widths[i]!;
        h = Math.max(h, doc.heightOfString(c, { width: w - 4 }));
        doc.text(c, x + 2, y, { width: w - 4 });
        x += w;
      });
      doc.y = y + h + 6;
      doc.x = 30;
      if (doc.y > doc.page.height - 60) doc.addPage();
    };
    line(columns, 8);
    for (const r of rows) line(r, 8);
    doc.end();
  });
}

/** O4: outgoing documents per drafting unit and per signer over a year. */
export async function outgoingReport(deps: Deps, p: Principal, input: { year: number }) {
  mayReport(p);
  const rows = await deps.db
    .selectFrom('outgoing_docs as d')
    .innerJoin('units as u', 'u.id', 'd.drafting_unit_id')
    .leftJoin('users as s', 's.id', 'd.signer_id')
    .select(['u.name as unit', 's.full_name as signer', 'd.status', 'd.created_at', 'd.year'])
    .where('d.organ_id', '=', p.organId)
    .execute();
  const inYear = rows.filter((r) => (r.year ?? r.created_at.getUTCFullYear()) === input.year);
  const group = (key: 'unit' | 'signer') => {
    const m = new Map<
      string,
      {
        name: string;
        drafting: number;
        inReview: number;
        signed: number;
        issued: number;
        recalled: number;
        total: number;
      }
    >();
    for (const r of inYear) {
      const name = r[key] ?? '—';
      const g = m.get(name) ?? { name, drafting: 0, inReview: 0, signed: 0, issued: 0, recalled: 0, total: 0 };
      g.total++;
      if (r.status === 'draft') g.drafting++;
      else if (r.status === 'in_review') g.inReview++;
      else if (r.status === 'signed') g.signed++;
      else if (r.status === 'issued') g.issued++;
      else g.recalled++;
      m.set(name, g);
    }
    return [...m.values()].sort((a, b) => b.total - a.total);
  };
  return { year: input.year, byUnit: group('unit'), bySigner: group('signer') };
}
