/** Printable lists: the file plan (NĐ 30 layout), the list of documents in a file (O5), the list of files (O6); PDF and XLSX. */
import PDFDocument from 'pdfkit';
import { formatDate } from '@vanthu/vn';
import { SERIF_FONTS } from '../../lib/fonts';
import { buildXlsx } from '../../lib/xlsx';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { wfError } from './workfiles.errors';
import { getPlan } from './workfiles.plans';
import { RETENTION_LABELS } from './workfiles.retention';
import { loadFile, visibleMembers } from './workfiles.service';
import type { Retention } from './workfiles.tables';

export interface Table {
  organName: string;
  title: string;
  subtitle: string;
  header: string[];
  widths: number[];
  rows: { cells: string[]; bold?: boolean }[];
  footer: string[];
}

/** A table on A4 landscape with the header row repeated on every page (Liberation Serif: full Vietnamese). */
export function tablePdf(t: Table): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'landscape',
      margins: { top: 30, bottom: 30, left: 30, right: 30 },
      info: { Title: t.title, Author: t.organName },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('serif', SERIF_FONTS[0]);
    doc.registerFont('serif-bold', SERIF_FONTS[1]);
    const total = t.widths.reduce((a, b) => a + b, 0);
    const scale = (doc.page.width - 60) / total;
    const widths = t.widths.map((w) => w * scale);
    doc.font('serif-bold').fontSize(11).text(t.organName.toUpperCase(), 30, 30);
    doc
      .font('serif-bold')
      .fontSize(14)
      .text(t.title.toUpperCase(), 30, 52, { width: doc.page.width - 60, align: 'center' });
    if (t.subtitle)
      doc
        .font('serif')
        .fontSize(11)
        .text(t.subtitle, { width: doc.page.width - 60, align: 'center' });
    let y = doc.y + 10;
    const bottom = doc.page.height - 30;
    const height = (cells: string[], font: string) => {
      doc.font(font).fontSize(10);
      return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 6 }))) + 6;
    };
    const draw = (cells: string[], font: string, h: number, span = false) => {
      let x = 30;
      doc.font(font).fontSize(10);
      if (span) {
        doc
          .rect(x, y, doc.page.width - 60, h)
          .lineWidth(0.5)
          .stroke();
        doc.text(cells.filter(Boolean).join(' '), x + 3, y + 3, { width: doc.page.width - 66 });
      } else {
        cells.forEach((c, i) => {
          doc.rect(x, y, widths[i]!, h).lineWidth(0.5).stroke();
          doc.text(c, x + 3, y + 3, { width: widths[i]! - 6, align: font === 'serif-bold' ? 'center' : 'left' });
          x += widths[i]!;
        });
      }
      y += h;
    };
    const header = () => draw(t.header, 'serif-bold', height(t.header, 'serif-bold'));
    header();
    for (const r of t.rows) {
      const span = !!r.bold && r.cells.length === 1;
      const font = r.bold ? 'serif-bold' : 'serif';
      const h = span ? height([r.cells[0]!], font) : height(r.cells, font);
      if (y + h > bottom) {
        doc.addPage();
        y = 30;
        header();
      }
      draw(r.cells, font, h, span);
    }
    y += 10;
    for (const line of t.footer) {
      if (y + 16 > bottom) {
        doc.addPage();
        y = 30;
      }
      doc.font('serif').fontSize(11).text(line, 30, y);
      y = doc.y + 2;
    }
    doc.end();
  });
}

export const tableXlsx = (t: Table) =>
  buildXlsx(
    t.title.slice(0, 31),
    [t.organName, t.title, t.subtitle].filter(Boolean),
    t.header,
    t.rows.map((r) => r.cells),
    t.widths.map((w) => Math.max(8, Math.round(w / 5))),
  );

const organName = async (deps: Deps, organId: string) =>
  (await deps.db.selectFrom('organs').select('name').where('id', '=', organId).executeTakeFirstOrThrow()).name;
const ret = (r: Retention | null) => (r ? RETENTION_LABELS[r] : '');

/** The file plan in the NĐ 30 layout (Phụ lục V): number and notation | heading and title | retention | creator | note; counts at the end. */
export async function planTable(deps: Deps, p: Principal, id: string): Promise<Table> {
  const v = await getPlan(deps, p, id);
  const units = new Map(
    (await deps.db.selectFrom('units').select(['id', 'name']).where('organ_id', '=', p.organId).execute()).map((u) => [
      u.id,
      u.name,
    ]),
  );
  const users = new Map(
    (await deps.db.selectFrom('users').select(['id', 'full_name']).where('organ_id', '=', p.organId).execute()).map(
      (u) => [u.id, u.full_name],
    ),
  );
  const rows: Table['rows'] = [];
  const entryRow = (e: PlanEntryView) => ({
    cells: [
      e.notation,
      e.title,
      RETENTION_LABELS[e.retention as Retention],
      (e.creatorUserId && users.get(e.creatorUserId)) || (e.creatorUnitId && units.get(e.creatorUnitId)) || '',
      e.note,
    ],
  });
  type PlanEntryView = (typeof v.headings)[number]['entries'][number];
  for (const h of v.headings) {
    rows.push({ cells: [`${h.label}. ${h.title}`], bold: true });
    for (const e of h.entries) rows.push(entryRow(e));
    for (const c of h.children) {
      rows.push({ cells: [`${c.label}. ${c.title}`], bold: true });
      for (const e of c.entries) rows.push(entryRow(e));
    }
  }
  return {
    organName: await organName(deps, p.organId),
    title: `Danh mục hồ sơ năm ${v.year}`,
    subtitle:
      v.status === 'approved'
        ? `(Ban hành ${v.decisionRef ? `kèm theo ${v.decisionRef}` : `ngày ${formatDate(new Date(v.approvedAt!))}`})`
        : '(Dự thảo)',
    header: ['Số và ký hiệu hồ sơ', 'Tên đề mục và tiêu đề hồ sơ', 'Thời hạn bảo quản', 'Người lập hồ sơ', 'Ghi chú'],
    widths: [90, 330, 90, 150, 110],
    rows,
    footer: [
      `Bản danh mục hồ sơ này có ${v.counts.entries} hồ sơ, bao gồm: ${v.counts.permanent} hồ sơ bảo quản vĩnh viễn; ${v.counts.limited} hồ sơ bảo quản có thời hạn.`,
    ],
  };
}

/** O5: the list of documents in a file, in date order (what the reader may see). */
export async function documentsTable(deps: Deps, p: Principal, id: string): Promise<Table> {
  const { file } = await loadFile(deps.db, p, id);
  const { members } = await visibleMembers(deps, p, id, file.code);
  return {
    organName: await organName(deps, p.organId),
    title: 'Mục lục văn bản',
    subtitle: `Hồ sơ ${file.code} — ${file.title}`,
    header: [
      'STT',
      'Số, ký hiệu văn bản',
      'Ngày tháng văn bản',
      'Tên loại và trích yếu nội dung',
      'Tác giả văn bản',
      'Số trang',
      'Ghi chú',
    ],
    widths: [35, 110, 80, 300, 150, 50, 80],
    rows: members.map((m, i) => ({
      cells: [
        String(i + 1),
        m.numberNotation,
        formatDate(m.docDate),
        `${m.typeName} ${m.subject}`.trim(),
        m.organName,
        m.pageCount == null ? '' : String(m.pageCount),
        m.draft ? 'Dự thảo' : '',
      ],
    })),
    footer: [
      `Mục lục này gồm ${members.length} văn bản, ${members.reduce((a, m) => a + (m.pageCount ?? 0), 0)} trang.`,
    ],
  };
}

/** O6: the list of files of a unit (or the organ) in a year. */
export async function filesTable(deps: Deps, p: Principal, f: { year: number; unitId?: string }): Promise<Table> {
  if (f.unitId && !p.unitIds.includes(f.unitId) && !p.roles.has('clerk')) throw wfError('workfiles.forbidden');
  if (!f.unitId && !p.roles.has('clerk')) throw wfError('workfiles.forbidden');
  let q = deps.db
    .selectFrom('workfiles as w')
    .innerJoin('users as u', 'u.id', 'w.creator_id')
    .select([
      'w.code',
      'w.title',
      'w.start_date',
      'w.end_date',
      'w.retention',
      'w.member_count',
      'w.status',
      'u.full_name',
    ])
    .where('w.organ_id', '=', p.organId)
    .where('w.year', '=', f.year);
  if (f.unitId) q = q.where('w.unit_id', '=', f.unitId);
  const rows = await q.orderBy('w.code').execute();
  const unit = f.unitId
    ? (
        await deps.db
          .selectFrom('units')
          .select('name')
          .where('id', '=', f.unitId)
          .where('organ_id', '=', p.organId)
          .executeTakeFirst()
      )?.name
    : null;
  const permanent = rows.filter((r) => r.retention === 'permanent').length;
  return {
    organName: await organName(deps, p.organId),
    title: `Danh sách hồ sơ năm ${f.year}`,
    subtitle: unit ?? '',
    header: [
      'STT',
      'Mã hồ sơ',
      'Tiêu đề hồ sơ',
      'Thời gian bắt đầu – kết thúc',
      'Thời hạn bảo quản',
      'Số văn bản',
      'Người lập',
      'Trạng thái',
    ],
    widths: [35, 160, 260, 110, 80, 50, 110, 60],
    rows: rows.map((r, i) => ({
      cells: [
        String(i + 1),
        r.code,
        r.title,
        `${formatDate(r.start_date)} – ${r.end_date ? formatDate(r.end_date) : ''}`,
        ret(r.retention),
        String(r.member_count),
        r.full_name,
        r.status === 'closed' ? 'Đã đóng' : 'Đang mở',
      ],
    })),
    footer: [`Tổng số ${rows.length} hồ sơ: ${permanent} bảo quản vĩnh viễn, ${rows.length - permanent} có thời hạn.`],
  };
}
