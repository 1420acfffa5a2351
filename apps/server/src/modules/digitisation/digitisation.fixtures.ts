/**
 * Test fixtures generated at test time (never committed): hostile scans built byte by byte, and real scans
 * rendered with ImageMagick from Vietnamese text using a Liberation font.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';

const run = promisify(execFile);

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A PNG that declares width × height pixels but holds only a few KB (pixel flood). */
export function pngFlood(width = 50_000, height = 50_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const idat = deflateSync(Buffer.alloc(64 * 1024));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A little-endian TIFF of `pages` IFDs, each width × height bilevel, all sharing one 8-byte strip. */
export function tiffPages(pages: number, width = 8, height = 8): Buffer {
  const entries = 7;
  const ifdSize = 2 + entries * 12 + 4;
  const stripAt = 8;
  const first = 16;
  const b = Buffer.alloc(first + pages * ifdSize);
  b.write('II', 0, 'latin1');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(first, 4);
  for (let p = 0; p < pages; p++) {
    const at = first + p * ifdSize;
    b.writeUInt16LE(entries, at);
    const tags: [number, number, number][] = [
      [256, 4, width],
      [257, 4, height],
      [258, 3, 1],
      [259, 3, 1],
      [262, 3, 0],
      [273, 4, stripAt],
      [279, 4, 8],
    ];
    tags.forEach(([tag, type, value], i) => {
      const e = at + 2 + i * 12;
      b.writeUInt16LE(tag, e);
      b.writeUInt16LE(type, e + 2);
      b.writeUInt32LE(1, e + 4);
      if (type === 3) b.writeUInt16LE(value, e + 8);
      else b.writeUInt32LE(value, e + 8);
    });
    b.writeUInt32LE(p === pages - 1 ? 0 : at + ifdSize, at + 2 + entries * 12);
  }
  return b;
}

/** A born-digital PDF with a Helvetica text line: not a scan. */
export function textPdf(text = 'Van ban dien tu, khong phai ban quet'): Buffer {
  const content = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objs = [
    '<</Type /Catalog /Pages 2 0 R>>',
    '<</Type /Pages /Kids [3 0 R] /Count 1>>',
    '<</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources <</Font <</F1 5 0 R>>>> /Contents 4 0 R>>',
    `<</Length ${content.length}>>\nstream\n${content}\nendstream`,
    '<</Type /Font /Subtype /Type1 /BaseFont /Helvetica>>',
  ];
  let out = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<</Size ${objs.length + 1} /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export const FONT = '/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf';

/**
 * Renders Vietnamese text to an A4-wide page image at `dpi` with ImageMagick (caption: wraps lines).
 * `noisy` adds Gaussian noise and a skew of `skew` degrees.
 */
export async function renderPage(
  file: string,
  text: string,
  opts: { dpi?: number; noisy?: boolean; skew?: number; depth?: 'gray' | 'rgb' } = {},
): Promise<void> {
  const dpi = opts.dpi ?? 300;
  const width = Math.round(8.27 * dpi);
  const margin = Math.round(0.8 * dpi);
  const pt = 13;
  const args = [
    '-units',
    'PixelsPerInch',
    '-density',
    String(dpi),
    '-background',
    'white',
    '-fill',
    'black',
    '-font',
    FONT,
    '-pointsize',
    String(pt),
    '-size',
    `${width - 2 * margin}x`,
    `caption:${text}`,
    '-bordercolor',
    'white',
    '-border',
    `${margin}x${margin}`,
  ];
  if (opts.noisy)
    args.push(
      '-attenuate',
      '0.35',
      '+noise',
      'Gaussian',
      '-rotate',
      String(opts.skew ?? 1.5),
      '-background',
      'white',
      '-flatten',
    );
  args.push('-alpha', 'off', '-depth', '8');
  if (opts.depth === 'rgb') args.push('-type', 'TrueColor');
  else args.push('-colorspace', 'Gray');
  args.push('-units', 'PixelsPerInch', '-density', String(dpi), file);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await run('convert', args, { timeout: 60_000 });
}
