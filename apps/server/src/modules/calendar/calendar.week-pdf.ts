/**
 * The week calendar printed as a Vietnamese week grid (A4 landscape): the organ's name and the week in the heading,
 * one band per day (Thứ Hai … Chủ nhật) with time, content, leaders, participants, place and preparing unit;
 * changes after publication marked. Liberation Serif carries every Vietnamese glyph (fonts-liberation2).
 */
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import { SERIF_FONTS } from '../../lib/fonts';
import { wrap } from '../../lib/pdf-text';
import type { getWeek } from './calendar.week';

type WeekOut = Awaited<ReturnType<typeof getWeek>>;
const DAYS = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];
const VN = 7 * 3600_000;
const local = (iso: string) => new Date(new Date(iso).getTime() + VN).toISOString();
const dmy = (isoDate: string) => `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;

export async function weekPdf(organName: string, week: WeekOut): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fs.readFileSync(SERIF_FONTS[0]), { subset: true });
  const bold = await doc.embedFont(fs.readFileSync(SERIF_FONTS[1]), { subset: true });
  doc.setTitle(`Lịch công tác tuần ${dmy(week.weekStart)}`);
  const W = 842;
  const H = 595;
  const M = 36;
  const cols = [
    { title: 'Thời gian', w: 80 },
    { title: 'Nội dung', w: 250 },
    { title: 'Lãnh đạo', w: 110 },
    { title: 'Thành phần', w: 140 },
    { title: 'Địa điểm', w: 100 },
    { title: 'Chuẩn bị', w: W - 2 * M - 680 },
  ];
  let page = doc.addPage([W, H]);
  let y = H - M;
  const end = new Date(new Date(`${week.weekStart}T00:00:00Z`).getTime() + 6 * 86_400_000).toISOString().slice(0, 10);
  const heading = () => {
    page.drawText(organName.toUpperCase(), { x: M, y, size: 11, font: bold });
    y -= 22;
    const t = 'LỊCH CÔNG TÁC TUẦN';
    page.drawText(t, { x: (W - bold.widthOfTextAtSize(t, 14)) / 2, y, size: 14, font: bold });
    y -= 16;
    const s = `(Từ ngày ${dmy(week.weekStart)} đến ngày ${dmy(end)})`;
    page.drawText(s, { x: (W - font.widthOfTextAtSize(s, 11)) / 2, y, size: 11, font });
    y -= 20;
    let x = M;
    for (const c of cols) {
      page.drawRectangle({ x, y: y - 4, width: c.w, height: 16, color: rgb(0.9, 0.92, 0.95) });
      page.drawText(c.title, { x: x + 3, y, size: 9.5, font: bold });
      x += c.w;
    }
    y -= 18;
  };
  heading();
  const published = week.entries.filter((e) => e.status === 'published');
  for (const [i, name] of DAYS.entries()) {
    const day = new Date(new Date(`${week.weekStart}T00:00:00Z`).getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const of = published.filter((e) => local(e.startsAt).slice(0, 10) === day);
    if (y < M + 40) {
      page = doc.addPage([W, H]);
      y = H - M;
      heading();
    }
    page.drawText(`${name}, ${dmy(day)}`, { x: M, y, size: 10.5, font: bold });
    y -= 14;
    if (!of.length) {
      page.drawText('Không có lịch.', { x: M + 3, y, size: 9.5, font, color: rgb(0.4, 0.4, 0.4) });
      y -= 14;
    }
    for (const e of of) {
      const time = `${local(e.startsAt).slice(11, 16)}${e.endsAt ? `–${local(e.endsAt).slice(11, 16)}` : ''}`;
      const cells = [
        time,
        e.changed ? `${e.content} (Thay đổi: ${e.changeNote})` : e.content,
        e.leaders,
        e.participants,
        e.place,
        e.preparingUnit,
      ].map((t, k) => wrap(t, font, 9.5, cols[k]!.w - 6));
      const rows = Math.max(...cells.map((c) => c.length));
      if (y - rows * 12 < M) {
        page = doc.addPage([W, H]);
        y = H - M;
        heading();
      }
      let x = M;
      for (const [k, lines] of cells.entries()) {
        lines.forEach((l, j) =>
          page.drawText(l, {
            x: x + 3,
            y: y - j * 12,
            size: 9.5,
            font,
            color: e.changed ? rgb(0.7, 0, 0) : rgb(0, 0, 0),
          }),
        );
        x += cols[k]!.w;
      }
      y -= rows * 12 + 4;
      page.drawLine({
        start: { x: M, y: y + 8 },
        end: { x: W - M, y: y + 8 },
        thickness: 0.3,
        color: rgb(0.7, 0.7, 0.7),
      });
    }
  }
  return doc.save();
}
