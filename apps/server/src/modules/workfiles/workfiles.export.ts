/**
 * Export of a whole file (F4g): one PDF (cover page with the file's metadata, then each document in date order,
 * one bookmark each; signed originals embedded unchanged as attachments, never rewritten) and one XML with the
 * TT 05/2025 file and document fields. Members the reader may not see are left out of both.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFArray,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  type PDFRef,
  rgb,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';
import { formatDate } from '@vanthu/vn';
import { SERIF_FONTS } from '../../lib/fonts';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { RETENTION_LABELS } from './workfiles.retention';
import { loadFile, visibleMembers } from './workfiles.service';
import { docFields, fileFields, fileXml } from './workfiles.tt05';
import { wrap } from '../../lib/pdf-text';

async function readBlob(deps: Deps, sha: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of deps.blobs.open(sha)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A PDF with a signature dictionary (ByteRange): an original to keep byte for byte. */
const isSigned = (b: Buffer) => b.includes('/ByteRange') && b.includes('/Sig');

async function loadFile_(deps: Deps, p: Principal, id: string) {
  const { file } = await loadFile(deps.db, p, id);
  const { rows, members: seen } = await visibleMembers(deps, p, id, file.code);
  const visible = new Set(seen.map((m) => m.id));
  return { file, members: rows.filter((r) => visible.has(r.id)) };
}

export async function exportXml(deps: Deps, p: Principal, id: string): Promise<{ name: string; stream: Readable }> {
  const { file, members } = await loadFile_(deps, p, id);
  const ff = fileFields(file, members);
  return {
    name: `${file.code}.xml`,
    stream: Readable.from(
      fileXml(
        ff,
        members.map((m) => docFields(file, m)),
      ),
      { objectMode: false },
    ),
  };
}

export interface PdfExport {
  name: string;
  bytes: Uint8Array;
  pages: number;
  bookmarks: number;
  attachments: number;
}

export async function exportPdf(deps: Deps, p: Principal, id: string): Promise<PdfExport> {
  const { file, members } = await loadFile_(deps, p, id);
  const organ = await deps.db.selectFrom('organs').select('name').where('id', '=', p.organId).executeTakeFirstOrThrow();
  const unit = await deps.db
    .selectFrom('units')
    .select('name')
    .where('id', '=', file.unit_id)
    .executeTakeFirstOrThrow();
  const creator = await deps.db
    .selectFrom('users')
    .select('full_name')
    .where('id', '=', file.creator_id)
    .executeTakeFirstOrThrow();
  const out = await PDFDocument.create();
  out.registerFontkit(fontkit);
  out.setTitle(`${file.code} — ${file.title}`);
  out.setAuthor(organ.name);
  out.setProducer('vanthu');
  const font = await out.embedFont(fs.readFileSync(SERIF_FONTS[0]), { subset: true });
  const bold = await out.embedFont(fs.readFileSync(SERIF_FONTS[1]), { subset: true });

  // Cover page.
  const cover = out.addPage([595.28, 841.89]);
  let y = 780;
  const line = (text: string, f: PDFFont, size: number, x = 60, width = 475) => {
    for (const l of wrap(text, f, size, width)) {
      cover.drawText(l, { x, y, size, font: f, color: rgb(0, 0, 0) });
      y -= size * 1.45;
    }
  };
  line(organ.name.toUpperCase(), bold, 12);
  line(unit.name, font, 12);
  y -= 40;
  line('HỒ SƠ', bold, 22, 250);
  y -= 10;
  line(file.title, bold, 15);
  y -= 20;
  const totalPages = members.reduce((a, m) => a + (m.page_count ?? 0), 0);
  const meta: [string, string][] = [
    ['Mã hồ sơ', file.code],
    ['Thời gian', `${formatDate(file.start_date)} – ${file.end_date ? formatDate(file.end_date) : 'đang mở'}`],
    ['Thời hạn bảo quản', file.retention ? RETENTION_LABELS[file.retention] : 'chưa xác định'],
    ['Người lập hồ sơ', creator.full_name],
    ['Số lượng văn bản', String(members.length)],
    ['Số trang', String(totalPages)],
    ['Ngôn ngữ', file.language],
  ];
  for (const [k, v] of meta) line(`${k}: ${v}`, font, 12);
  y -= 16;
  line('Mục lục văn bản', bold, 12);
  members.forEach((m, i) =>
    line(
      `${i + 1}. ${formatDate(m.doc_date)} — ${m.code_number ? `${m.code_number}/${m.code_notation} — ` : ''}${m.subject}`,
      font,
      10,
    ),
  );

  // Documents in date order; one bookmark at each document's first page.
  const marks: { title: string; page: PDFPage }[] = [];
  let attachments = 0;
  for (const [i, m] of members.entries()) {
    const files = m.file_ids.length
      ? await deps.db
          .selectFrom('files')
          .select(['id', 'sha256', 'mime', 'name'])
          .where('organ_id', '=', p.organId)
          .where('id', 'in', m.file_ids)
          .execute()
      : [];
    files.sort((a, b) => m.file_ids.indexOf(a.id) - m.file_ids.indexOf(b.id));
    let first: PDFPage | null = null;
    for (const f of files) {
      const bytes = await readBlob(deps, f.sha256);
      if (f.mime === 'application/pdf') {
        try {
          const src = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
          const pages = await out.copyPages(src, src.getPageIndices());
          for (const pg of pages) {
            out.addPage(pg);
            first ??= pg;
          }
        } catch {
          /* unreadable PDF: kept as an attachment below */
        }
        if (isSigned(bytes)) {
          await out.attach(bytes, `${String(i + 1).padStart(3, '0')}-${f.name}`, {
            mimeType: 'application/pdf',
            description: `Bản gốc có chữ ký số: ${m.subject}`,
          });
          attachments++;
        }
      } else if (f.mime === 'image/png' || f.mime === 'image/jpeg') {
        const img = f.mime === 'image/png' ? await out.embedPng(bytes) : await out.embedJpg(bytes);
        const s = Math.min(1, 595.28 / img.width, 841.89 / img.height);
        const pg = out.addPage([img.width * s, img.height * s]);
        pg.drawImage(img, { x: 0, y: 0, width: img.width * s, height: img.height * s });
        first ??= pg;
      } else {
        await out.attach(bytes, `${String(i + 1).padStart(3, '0')}-${f.name}`, {
          mimeType: f.mime,
          description: m.subject,
        });
        attachments++;
      }
    }
    if (!first) {
      first = out.addPage([595.28, 841.89]);
      first.drawText(wrap(`${m.subject} (tệp đính kèm)`, font, 12, 475)[0]!, { x: 60, y: 780, size: 12, font });
    }
    marks.push({
      title: `${i + 1}. ${m.code_number ? `${m.code_number}/${m.code_notation} ` : ''}${m.subject}`.slice(0, 200),
      page: first,
    });
  }

  // The outline (bookmarks): written with pdf-lib's low-level objects.
  if (marks.length) {
    const ctx = out.context;
    const outlineRef = ctx.nextRef();
    const refs: PDFRef[] = marks.map(() => ctx.nextRef());
    marks.forEach((mk, i) => {
      const dest = PDFArray.withContext(ctx);
      dest.push(mk.page.ref);
      dest.push(PDFName.of('XYZ'));
      dest.push(PDFNull);
      dest.push(PDFNull);
      dest.push(PDFNull);
      const dict = ctx.obj({ Title: PDFHexString.fromText(mk.title), Parent: outlineRef, Dest: dest });
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      ctx.assign(refs[i]!, dict);
    });
    ctx.assign(
      outlineRef,
      ctx.obj({ Type: 'Outlines', First: refs[0]!, Last: refs[refs.length - 1]!, Count: PDFNumber.of(refs.length) }),
    );
    out.catalog.set(PDFName.of('Outlines'), outlineRef);
    out.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  }
  const bytes = await out.save({ useObjectStreams: true, objectsPerTick: 200 });
  return { name: `${file.code}.pdf`, bytes, pages: out.getPageCount(), bookmarks: marks.length, attachments };
}
