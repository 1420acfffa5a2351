/**
 * Hostile-input guards (issue 22, acceptance 4). Before any decoder touches a scan, its headers are read here
 * with plain byte arithmetic: PNG chunks (IHDR, pHYs, IEND, CRCs), JPEG markers (SOFn, JFIF density, EOI),
 * the TIFF IFD chain (pages counted up to the cap, loops detected, strips inside the file) and, for PDF,
 * signature/encryption tokens then pdffonts/pdftotext/pdfinfo under prlimit. A declared pixel flood, a TIFF with
 * thousands of pages, a truncated file or a PDF that is not a scan is refused with a stable code.
 */
import { crc32 } from 'node:zlib';
import { dgError } from './digitisation.errors';
import { runLimited } from './digitisation.limits';

export const LIMITS = {
  /** Declared pixels per page (width × height). */
  maxPixels: 100_000_000,
  /** Pages per scanned file. */
  maxPages: 500,
};

export type ScanKind = 'png' | 'jpeg' | 'tiff' | 'pdf';
export interface PageInfo {
  width: number;
  height: number;
  /** dots per inch (horizontal), null when the file does not say */
  dpi: number | null;
  /** bits per pixel: 24 for RGB 8-bit, 8 for grey, 1 for bilevel */
  bitsPerPixel: number;
}
export interface ProbeResult {
  kind: ScanKind;
  pages: number;
  pageInfo: PageInfo[];
  /** PDF only: carries a signature (/ByteRange or /Sig) — never OCR'd or rewritten */
  signed?: boolean;
  /** PDF only: has a text layer already */
  hasText?: boolean;
}

export function scanKind(head: Buffer): ScanKind | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (
    head.length >= 4 &&
    ((head[0] === 0x49 && head[1] === 0x49 && head[2] === 42 && head[3] === 0) ||
      (head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && head[3] === 42))
  )
    return 'tiff';
  if (head.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  return null;
}

const corrupt = (why: string) => dgError('digitisation.corrupt_image', { why });

function checkPixels(width: number, height: number, page?: number): void {
  if (width <= 0 || height <= 0) throw corrupt('kích thước bằng 0');
  if (width * height > LIMITS.maxPixels) {
    throw dgError(
      'digitisation.pixel_flood',
      { width, height, page, maxPixels: LIMITS.maxPixels },
      `Ảnh quét khai báo ${width} × ${height} điểm ảnh (${Math.round((width * height) / 1e6)} triệu), vượt giới hạn ${LIMITS.maxPixels / 1e6} triệu điểm ảnh mỗi trang; tệp bị từ chối trước khi giải nén.`,
    );
  }
}

export function probePng(b: Buffer): ProbeResult {
  let off = 8;
  let info: PageInfo | null = null;
  let sawIdat = false;
  let sawEnd = false;
  while (off + 8 <= b.length) {
    const len = b.readUInt32BE(off);
    const type = b.toString('latin1', off + 4, off + 8);
    if (off + 12 + len > b.length) throw corrupt(`khối ${type} bị cắt cụt`);
    const data = b.subarray(off + 8, off + 8 + len);
    if (crc32(b.subarray(off + 4, off + 8 + len)) >>> 0 !== b.readUInt32BE(off + 8 + len))
      throw corrupt(`sai mã kiểm tra khối ${type}`);
    if (type === 'IHDR') {
      if (len !== 13) throw corrupt('IHDR sai độ dài');
      const width = data.readUInt32BE(0);
      const height = data.readUInt32BE(4);
      const depth = data.readUInt8(8);
      const colour = data.readUInt8(9);
      const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colour];
      if (!channels) throw corrupt('kiểu màu PNG không hợp lệ');
      checkPixels(width, height);
      info = {
        width,
        height,
        dpi: null,
        bitsPerPixel: colour === 3 ? 24 : (colour === 4 || colour === 6 ? channels - 1 : channels) * depth,
      };
    } else if (!info) {
      throw corrupt('thiếu IHDR');
    } else if (type === 'pHYs' && len === 9 && data.readUInt8(8) === 1) {
      info.dpi = Math.round(data.readUInt32BE(0) * 0.0254);
    } else if (type === 'IDAT') {
      sawIdat = true;
    } else if (type === 'IEND') {
      sawEnd = true;
      break;
    }
    off += 12 + len;
  }
  if (!info) throw corrupt('thiếu IHDR');
  if (!sawIdat || !sawEnd) throw corrupt('tệp PNG bị cắt cụt (thiếu dữ liệu ảnh hoặc IEND)');
  return { kind: 'png', pages: 1, pageInfo: [info] };
}

export function probeJpeg(b: Buffer): ProbeResult {
  let off = 2;
  let info: PageInfo | null = null;
  let dpi: number | null = null;
  while (off + 4 <= b.length) {
    if (b[off] !== 0xff) throw corrupt('sai cấu trúc JPEG');
    const marker = b.readUInt8(off + 1);
    if (marker === 0xff) {
      off++;
      continue;
    }
    const len = b.readUInt16BE(off + 2);
    if (off + 2 + len > b.length) throw corrupt('tệp JPEG bị cắt cụt');
    const seg = b.subarray(off + 4, off + 2 + len);
    if (marker === 0xe0 && seg.toString('latin1', 0, 5) === 'JFIF\0' && seg.length >= 12) {
      const unit = seg.readUInt8(7);
      const x = seg.readUInt16BE(8);
      if (unit === 1) dpi = x;
      else if (unit === 2) dpi = Math.round(x * 2.54);
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = seg.readUInt16BE(1);
      const width = seg.readUInt16BE(3);
      checkPixels(width, height);
      info = { width, height, dpi, bitsPerPixel: seg.readUInt8(0) * seg.readUInt8(5) };
    }
    if (marker === 0xda) break;
    off += 2 + len;
  }
  if (!info) throw corrupt('thiếu khung ảnh (SOF) trong JPEG');
  // The entropy-coded data must end with EOI (allow trailing padding).
  const tail = b.subarray(Math.max(0, b.length - 64));
  if (tail.lastIndexOf(Buffer.from([0xff, 0xd9])) < 0) throw corrupt('tệp JPEG bị cắt cụt (thiếu EOI)');
  return { kind: 'jpeg', pages: 1, pageInfo: [info] };
}

export function probeTiff(b: Buffer): ProbeResult {
  if (b.length < 8) throw corrupt('tệp TIFF quá ngắn');
  const le = b[0] === 0x49;
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const size = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 } as Record<number, number>;
  const pages: PageInfo[] = [];
  const seen = new Set<number>();
  let ifd = u32(4);
  while (ifd !== 0) {
    if (pages.length >= LIMITS.maxPages) {
      throw dgError(
        'digitisation.too_many_pages',
        { maxPages: LIMITS.maxPages },
        `Tệp TIFF có hơn ${LIMITS.maxPages} trang, vượt giới hạn của một tệp quét; hãy chia nhỏ trước khi tải lên.`,
      );
    }
    if (seen.has(ifd)) throw corrupt('chuỗi trang TIFF lặp vòng');
    seen.add(ifd);
    if (ifd + 2 > b.length) throw corrupt('tệp TIFF bị cắt cụt (thư mục trang ngoài tệp)');
    const n = u16(ifd);
    if (ifd + 2 + n * 12 + 4 > b.length) throw corrupt('tệp TIFF bị cắt cụt (thư mục trang)');
    const tags = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + i * 12;
      const tag = u16(e);
      const type = u16(e + 2);
      const count = u32(e + 4);
      const sz = size[type] ?? 1;
      if (![256, 257, 258, 277, 273, 279, 282, 296].includes(tag)) continue;
      const total = sz * count;
      const at = total <= 4 ? e + 8 : u32(e + 8);
      if (at + total > b.length) throw corrupt('tệp TIFF bị cắt cụt (giá trị thẻ ngoài tệp)');
      const vals: number[] = [];
      const take = Math.min(count, 100_000);
      for (let k = 0; k < take; k++) {
        const o = at + k * sz;
        if (type === 3) vals.push(u16(o));
        else if (type === 4) vals.push(u32(o));
        else if (type === 5) vals.push(u32(o) / (u32(o + 4) || 1));
        else vals.push(b.readUInt8(o));
      }
      tags.set(tag, vals);
    }
    const width = tags.get(256)?.[0] ?? 0;
    const height = tags.get(257)?.[0] ?? 0;
    checkPixels(width, height, pages.length + 1);
    const offsets = tags.get(273) ?? [];
    const counts = tags.get(279) ?? [];
    if (!offsets.length || offsets.length !== counts.length) throw corrupt('thiếu dữ liệu ảnh TIFF (strip)');
    offsets.forEach((o, i) => {
      if (o + (counts[i] ?? 0) > b.length)
        throw corrupt(`tệp TIFF bị cắt cụt (dữ liệu trang ${pages.length + 1} ngoài tệp)`);
    });
    const bits = tags.get(258) ?? [1];
    const spp = tags.get(277)?.[0] ?? 1;
    const x = tags.get(282)?.[0];
    const unit = tags.get(296)?.[0] ?? 2;
    const dpi = x ? Math.round(unit === 3 ? x * 2.54 : unit === 2 ? x : 0) || null : null;
    pages.push({ width, height, dpi, bitsPerPixel: Math.min(spp, 3) * (bits[0] ?? 1) });
    ifd = u32(ifd + 2 + n * 12);
  }
  if (!pages.length) throw corrupt('tệp TIFF không có trang nào');
  return { kind: 'tiff', pages: pages.length, pageInfo: pages };
}

/** PDF: a signed PDF passes (it is never rewritten); otherwise it must be image-only (no fonts, no text layer). */
export async function probePdf(file: string, b: Buffer): Promise<ProbeResult> {
  const latin = b.toString('latin1');
  const signed = /\/ByteRange\s*\[/.test(latin) || /\/Type\s*\/Sig\b/.test(latin);
  if (/\/Encrypt\s+\d+\s+\d+\s+R/.test(latin) || /\/Encrypt\s*<</.test(latin)) throw dgError('digitisation.encrypted');
  const info = await runLimited('pdfinfo', [file], { timeoutMs: 20_000, memMb: 512 }).catch(() => null);
  if (!info || info.code !== 0) throw corrupt('tệp PDF hỏng (pdfinfo không đọc được)');
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1] ?? 0);
  if (!pages) throw corrupt('tệp PDF không có trang nào');
  if (pages > LIMITS.maxPages)
    throw dgError(
      'digitisation.too_many_pages',
      { pages, maxPages: LIMITS.maxPages },
      `Tệp PDF có ${pages} trang, vượt giới hạn ${LIMITS.maxPages} trang của một tệp quét.`,
    );
  const fonts = await runLimited('pdffonts', [file], { timeoutMs: 20_000, memMb: 512 });
  const fontLines = fonts.stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim());
  const text = await runLimited('pdftotext', ['-enc', 'UTF-8', '-q', file, '-'], { timeoutMs: 60_000, memMb: 512 });
  const hasText = text.stdout.replace(/\s+/g, '').length > 0;
  if (!signed && (fontLines.length > 0 || hasText)) {
    throw dgError(
      'digitisation.not_a_scan',
      { fonts: fontLines.length, hasText },
      'Tệp PDF này đã có phông chữ/lớp chữ, không phải bản quét: đính kèm trực tiếp khi vào sổ, không cần số hóa.',
    );
  }
  return { kind: 'pdf', pages, pageInfo: [], signed, hasText };
}

/** Reads only headers (and, for PDF, runs poppler under caps). Throws a digitisation AppError on any hostile input. */
export async function probeScan(file: string, bytes: Buffer): Promise<ProbeResult> {
  const kind = scanKind(bytes);
  if (kind === 'png') return probePng(bytes);
  if (kind === 'jpeg') return probeJpeg(bytes);
  if (kind === 'tiff') return probeTiff(bytes);
  if (kind === 'pdf') return probePdf(file, bytes);
  throw dgError('digitisation.unsupported');
}

/** Image checks (records.md, Digitisation): ≥ 200 dpi (300 for maps/drawings); 24-bit colour for archival. */
export function checkQuality(
  r: ProbeResult,
  opts: { profile: 'office' | 'archival'; material: 'text' | 'drawing' },
): void {
  const min = opts.material === 'drawing' ? 300 : 200;
  r.pageInfo.forEach((p, i) => {
    if (p.dpi == null) {
      if (opts.profile === 'archival') throw dgError('digitisation.no_resolution', { page: i + 1 });
      return;
    }
    if (p.dpi < min) {
      throw dgError(
        'digitisation.low_resolution',
        { page: i + 1, dpi: p.dpi, min },
        `Trang ${i + 1} quét ở ${p.dpi} dpi, thấp hơn mức tối thiểu ${min} dpi${opts.material === 'drawing' ? ' đối với bản đồ, bản vẽ' : ''}; hãy quét lại.`,
      );
    }
    if (opts.profile === 'archival' && p.bitsPerPixel < 24) {
      throw dgError(
        'digitisation.colour_depth',
        { page: i + 1, bits: p.bitsPerPixel },
        `Trang ${i + 1} là ảnh ${p.bitsPerPixel} bit; hồ sơ số hóa lưu trữ yêu cầu ảnh màu 24 bit.`,
      );
    }
  });
}
