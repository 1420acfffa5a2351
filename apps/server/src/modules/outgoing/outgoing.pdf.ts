/**
 * Final file and stamps: DOCX → PDF through LibreOffice (headless, private profile per run, time limit,
 * at most one conversion at a time), and the number/date and copy markings drawn with pdf-lib in
 * Liberation Serif (Vietnamese glyphs). Stamps always produce a new file: a stored original is never rewritten.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, rgb } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { err } from './outgoing.model';

import { SERIF_FONTS } from '../../lib/fonts';

const [SERIF, SERIF_BOLD] = SERIF_FONTS;
const CONVERT_TIMEOUT_MS = 120_000;

let queue: Promise<unknown> = Promise.resolve();
/** Runs conversions one after another (LibreOffice is heavy; two cores are shared). */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

export function sofficePath(): string {
  return process.env.SOFFICE_PATH ?? 'soffice';
}

/** DOCX (or ODT) → PDF with LibreOffice in headless mode. PDFs pass through untouched. */
export async function toFinalPdf(bytes: Uint8Array, kind: 'pdf' | 'docx' | 'odt'): Promise<Uint8Array> {
  if (kind === 'pdf') return bytes;
  return serial(async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-conv-'));
    const profile = path.join(os.tmpdir(), `lo-${randomUUID()}`);
    try {
      const input = path.join(dir, `draft.${kind}`);
      await fs.writeFile(input, bytes);
      await new Promise<void>((resolve, reject) => {
        execFile(
          sofficePath(),
          [
            `-env:UserInstallation=file://${profile}`,
            '--headless',
            '--norestore',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            input,
          ],
          { timeout: CONVERT_TIMEOUT_MS, killSignal: 'SIGKILL' },
          (e) => (e ? reject(e) : resolve()),
        );
      }).catch(() => {
        throw err('convert_failed', 422, 'Không chuyển được tệp dự thảo sang PDF (LibreOffice).');
      });
      const out = await fs.readFile(path.join(dir, 'draft.pdf')).catch(() => {
        throw err('convert_failed', 422, 'Không chuyển được tệp dự thảo sang PDF (LibreOffice).');
      });
      return new Uint8Array(out);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
      await fs.rm(profile, { recursive: true, force: true });
    }
  });
}

/** Where the number and date go on page 1, in points from the top-left corner (default: under the organ name). */
export interface StampPosition {
  x: number;
  y: number;
  dateX: number;
  size: number;
}
export const DEFAULT_STAMP_POSITION: StampPosition = { x: 70, y: 120, dateX: 300, size: 13 };

/** "Hà Nội, ngày 21 tháng 11 năm 2026" (day and month under 10 with a leading zero for 1–2, as NĐ 30 Phụ lục I). */
export function placeDate(place: string, localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const dd = d < 10 ? `0${d}` : String(d);
  const mm = m < 3 ? `0${m}` : String(m);
  return `${place}, ngày ${dd} tháng ${mm} năm ${y}`;
}

async function load(pdf: Uint8Array) {
  try {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    doc.registerFontkit(fontkit);
    return doc;
  } catch {
    throw err('pdf_invalid', 422, 'Tệp PDF không đọc được.');
  }
}

/** Writes "Số: 05/QĐ-BNV" and the place and date into page 1 of the final PDF (before any signature). */
export async function stampNumberDate(
  pdf: Uint8Array,
  input: { numberNotation: string; place: string; date: string; position?: StampPosition },
): Promise<Uint8Array> {
  const doc = await load(pdf);
  const pos = input.position ?? DEFAULT_STAMP_POSITION;
  const font = await doc.embedFont(await fs.readFile(SERIF), { subset: true });
  const page = doc.getPage(0);
  const { height } = page.getSize();
  page.drawText(`Số: ${input.numberNotation}`, {
    x: pos.x,
    y: height - pos.y,
    size: pos.size,
    font,
    color: rgb(0, 0, 0),
  });
  page.drawText(placeDate(input.place, input.date), {
    x: pos.dateX,
    y: height - pos.y,
    size: pos.size,
    font,
    color: rgb(0, 0, 0),
  });
  return doc.save({ useObjectStreams: false });
}

export const COPY_FORM_LABEL: Record<'SY' | 'SL' | 'TrS', string> = { SY: 'SAO Y', SL: 'SAO LỤC', TrS: 'TRÍCH SAO' };

/** The copy marking (documents.md §7) at the top right of page 1 of a new file made from the source. */
export async function stampCopyMark(
  source: Uint8Array,
  input: { form: 'SY' | 'SL' | 'TrS'; numberNotation: string; organName: string; date: string; place: string },
): Promise<Uint8Array> {
  const doc = await load(source);
  dropSignatureFields(doc);
  const bold = await doc.embedFont(await fs.readFile(SERIF_BOLD), { subset: true });
  const font = await doc.embedFont(await fs.readFile(SERIF), { subset: true });
  const page = doc.getPage(0);
  const { width, height } = page.getSize();
  const lines: [string, typeof font, number][] = [
    [input.organName.toUpperCase(), bold, 11],
    [COPY_FORM_LABEL[input.form], bold, 12],
    [`Số: ${input.numberNotation}`, font, 11],
    [placeDate(input.place, input.date), font, 10],
  ];
  let y = height - 30;
  for (const [text, f, size] of lines) {
    const w = f.widthOfTextAtSize(text, size);
    page.drawText(text, { x: width - 30 - w, y, size, font: f, color: rgb(0, 0, 0) });
    y -= size + 4;
  }
  return doc.save({ useObjectStreams: false });
}

/** A copy is a new document: the source's signature fields (no longer valid in a re-saved file) are removed; the copy gets its own. */
function dropSignatureFields(doc: PDFDocument): void {
  for (const page of doc.getPages()) {
    const annots = page.node.lookup(PDFName.of('Annots'));
    if (!(annots instanceof PDFArray)) continue;
    const keep = annots.asArray().filter((ref) => {
      const a = doc.context.lookup(ref);
      return !(a instanceof PDFDict && a.get(PDFName.of('Subtype')) === PDFName.of('Widget'));
    });
    page.node.set(PDFName.of('Annots'), doc.context.obj(keep));
  }
  doc.catalog.delete(PDFName.of('AcroForm'));
}
