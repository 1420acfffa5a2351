import fontkit from '@pdf-lib/fontkit';
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { PDFDocument, PDFRef } from 'pdf-lib';
import { PadesError } from '../errors';
import { vietnamIso } from './dates';
import { pngInfo } from './png';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The competent person's signature image, fitted and centred in `rect`. */
export interface SignatureImageAppearance {
  kind: 'signature';
  image: Uint8Array; // PNG, blue, transparent background
  rect: Rect;
  page?: number; // 0-based, default last page
}

/** The organ's seal at actual size, its right edge on the left third of the signer's image. */
export interface SealAppearance {
  kind: 'seal';
  image: Uint8Array; // PNG, red, transparent background
  signerRect: Rect;
  page?: number; // default last page
  dpi?: number; // when the PNG has no pHYs chunk; default 300
}

/** Text-only organ stamp at the top right of the first page (attachments, copies). */
export interface StampOptions {
  /** First line: number/notation ("Số: 12/QĐ-BNV") or copy form ("SAO Y"). */
  firstLine: string;
  organName: string;
  extraLines?: string[];
  page?: number; // default 0
  fontBytes?: Uint8Array; // default Liberation Serif Regular
  margin?: number; // points from the top and right edges, default 28
}

export type AppearanceOptions = SignatureImageAppearance | SealAppearance;

/** Liberation Serif 2.x (Debian fonts-liberation2) has the Vietnamese glyphs; 1.x lacks ố, ộ, ụ … */
export const DEFAULT_FONTS = [
  '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf',
];

function defaultFont(): Uint8Array {
  const path = DEFAULT_FONTS.find((p) => existsSync(p));
  if (!path)
    throw new PadesError('pades.font_missing', 'Không tìm thấy phông Liberation Serif (gói fonts-liberation2).');
  return new Uint8Array(readFileSync(path));
}

function checkGlyphs(fontBytes: Uint8Array, lines: string[]): void {
  const font = fontkit.create(Buffer.from(fontBytes));
  const missing = [...new Set(lines.join('').replace(/\s/g, ''))].filter(
    (c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!),
  );
  if (missing.length > 0)
    throw new PadesError('pades.font_glyphs_missing', `Phông chữ thiếu ký tự: ${missing.join(' ')}`);
}

export interface BuiltAppearance {
  pageIndex: number;
  rect: [number, number, number, number];
  ref: PDFRef;
}

const fmt = (n: number): string => (Math.round(n * 1000) / 1000).toString();

function register(doc: PDFDocument, content: string, w: number, h: number, resources: Record<string, unknown>): PDFRef {
  const stream = doc.context.flateStream(content, {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, w, h],
    Resources: resources as never,
  });
  return doc.context.register(stream);
}

function pageIndexOf(doc: PDFDocument, page: number | undefined, dflt: number): number {
  const idx = page ?? dflt;
  if (!Number.isInteger(idx) || idx < 0 || idx >= doc.getPageCount()) {
    throw new PadesError('pades.page_out_of_range', `Trang ${idx + 1} không tồn tại trong tài liệu.`);
  }
  return idx;
}

async function imageXObject(
  doc: PDFDocument,
  png: Uint8Array,
  box: Rect,
  fit: boolean,
): Promise<BuiltAppearance['ref']> {
  let image;
  try {
    image = await doc.embedPng(png);
  } catch (e) {
    throw new PadesError('pades.image_invalid', 'Ảnh chữ ký/con dấu phải là tệp PNG hợp lệ.', { cause: e });
  }
  await image.embed();
  let w = box.width;
  let h = box.height;
  let dx = 0;
  let dy = 0;
  if (fit) {
    const scale = Math.min(box.width / image.width, box.height / image.height);
    w = image.width * scale;
    h = image.height * scale;
    dx = (box.width - w) / 2;
    dy = (box.height - h) / 2;
  }
  const content = `q ${fmt(w)} 0 0 ${fmt(h)} ${fmt(dx)} ${fmt(dy)} cm /Im1 Do Q`;
  return register(doc, content, box.width, box.height, { XObject: { Im1: image.ref } });
}

export async function buildImageAppearance(doc: PDFDocument, a: AppearanceOptions): Promise<BuiltAppearance> {
  const pageIndex = pageIndexOf(doc, a.page, doc.getPageCount() - 1);
  let box: Rect;
  if (a.kind === 'signature') {
    box = a.rect;
  } else {
    const info = pngInfo(a.image);
    if (!info) throw new PadesError('pades.image_invalid', 'Ảnh chữ ký/con dấu phải là tệp PNG hợp lệ.');
    const dpi = info.dpi ?? a.dpi ?? 300;
    const w = (info.width / dpi) * 72;
    const h = (info.height / dpi) * 72;
    const s = a.signerRect;
    box = { x: s.x + s.width / 3 - w, y: s.y + s.height / 2 - h / 2, width: w, height: h };
  }
  const ref = await imageXObject(doc, a.image, box, a.kind === 'signature');
  return { pageIndex, rect: [box.x, box.y, box.x + box.width, box.y + box.height], ref };
}

export async function buildStampAppearance(
  doc: PDFDocument,
  s: StampOptions,
  signingTime: Date,
): Promise<BuiltAppearance> {
  const pageIndex = pageIndexOf(doc, s.page, 0);
  const lines = [s.firstLine, s.organName, ...(s.extraLines ?? []), vietnamIso(signingTime)].filter(
    (l) => l.length > 0,
  );
  const fontBytes = s.fontBytes ?? defaultFont();
  checkGlyphs(fontBytes, lines);
  doc.registerFontkit(fontkit);
  const tag = createHash('sha256')
    .update(lines.join('\n'))
    .digest('hex')
    .slice(0, 6)
    .toUpperCase()
    .replace(/[0-9]/g, (d) => String.fromCharCode(65 + Number(d)));
  const font = await doc.embedFont(fontBytes, { subset: true, customName: `${tag}+LiberationSerif` });
  const size = 10;
  const leading = 12;
  const pad = 2;
  const widths = lines.map((l) => font.widthOfTextAtSize(l, size));
  const w = Math.max(...widths) + pad * 2;
  const h = lines.length * leading + pad * 2;
  let content = 'BT 0 g\n';
  lines.forEach((line, i) => {
    const x = w - pad - widths[i]!;
    const y = h - pad - (i + 1) * leading + 3;
    content += `/F1 ${size} Tf 1 0 0 1 ${fmt(x)} ${fmt(y)} Tm ${font.encodeText(line).toString()} Tj\n`;
  });
  content += 'ET';
  const ref = register(doc, content, w, h, { Font: { F1: font.ref } });
  await font.embed();
  const page = doc.getPage(pageIndex);
  const box = page.getCropBox();
  const margin = s.margin ?? 28;
  const x2 = box.x + box.width - margin;
  const y2 = box.y + box.height - margin;
  return { pageIndex, rect: [x2 - w, y2 - h, x2, y2], ref };
}
