import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors';
import { pngFlood, renderPage, textPdf, tiffPages } from './digitisation.fixtures';
import { runStep } from './digitisation.limits';
import { checkQuality, probeScan } from './digitisation.probe';

const run = promisify(execFile);
let dir: string;

async function refused(file: string, bytes?: Buffer): Promise<AppError> {
  const b = bytes ?? (await fs.readFile(file));
  const err = await probeScan(file, b).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vanthu-dg-probe-'));
  await renderPage(path.join(dir, 'ok.png'), 'Số: 12/QĐ-UBND. Về việc số hóa tài liệu lưu trữ.', { dpi: 300 });
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('hostile scans are refused from their headers (acceptance 4)', () => {
  it('a 50,000 × 50,000 PNG in a few KB: pixel flood', async () => {
    const b = pngFlood();
    expect(b.length).toBeLessThan(10_000);
    const f = path.join(dir, 'flood.png');
    await fs.writeFile(f, b);
    const e = await refused(f);
    expect(e.code).toBe('digitisation.pixel_flood');
    expect(e.message).toContain('50000 × 50000');
    expect(e.message).toContain('từ chối trước khi giải nén');
  });

  it('a TIFF page declaring 50,000 × 50,000: pixel flood', async () => {
    const f = path.join(dir, 'flood.tif');
    await fs.writeFile(f, tiffPages(1, 50_000, 50_000));
    expect((await refused(f)).code).toBe('digitisation.pixel_flood');
  });

  it('a TIFF with 5,000 pages: too many pages, stops counting at the cap', async () => {
    const f = path.join(dir, 'pages.tif');
    const b = tiffPages(5000);
    await fs.writeFile(f, b);
    const t0 = Date.now();
    const e = await refused(f);
    expect(e.code).toBe('digitisation.too_many_pages');
    expect(e.message).toMatch(/hơn 500 trang/);
    expect(Date.now() - t0).toBeLessThan(500);
    // the same structure under the cap is accepted, and tiffinfo agrees on the page count
    const small = path.join(dir, 'small.tif');
    await fs.writeFile(small, tiffPages(3));
    const ok = await probeScan(small, await fs.readFile(small));
    expect(ok.pages).toBe(3);
    const { stdout } = await run('tiffinfo', [small]);
    expect(stdout.match(/TIFF Directory/g)?.length).toBe(3);
  });

  it('a truncated PNG and a JPEG without its end: corrupt', async () => {
    const good = await fs.readFile(path.join(dir, 'ok.png'));
    const ok = await probeScan(path.join(dir, 'ok.png'), good);
    expect(ok).toMatchObject({ kind: 'png', pages: 1 });
    expect(ok.pageInfo[0]?.dpi).toBe(300);
    const cut = good.subarray(0, Math.floor(good.length / 2));
    const e = await refused(path.join(dir, 'cut.png'), cut);
    expect(e.code).toBe('digitisation.corrupt_image');
    expect(e.message).toContain('bị hỏng hoặc không đầy đủ');
    // a flipped byte inside a chunk breaks its CRC
    const flipped = Buffer.from(good);
    flipped.writeUInt8(flipped.readUInt8(60) ^ 0xff, 60);
    expect((await refused(path.join(dir, 'x.png'), flipped)).code).toBe('digitisation.corrupt_image');

    const jpg = path.join(dir, 'ok.jpg');
    await run('convert', [path.join(dir, 'ok.png'), jpg]);
    const jb = await fs.readFile(jpg);
    expect((await probeScan(jpg, jb)).kind).toBe('jpeg');
    expect((await refused(jpg, jb.subarray(0, Math.floor(jb.length * 0.6)))).code).toBe('digitisation.corrupt_image');
  });

  it('a TIFF whose strips point beyond the end of the file: corrupt', async () => {
    const b = tiffPages(2).subarray(0, 40);
    const f = path.join(dir, 'cut.tif');
    await fs.writeFile(f, b);
    expect((await refused(f)).code).toBe('digitisation.corrupt_image');
  });

  it('a born-digital PDF with fonts: not a scan; an image-only PDF passes', async () => {
    const f = path.join(dir, 'text.pdf');
    await fs.writeFile(f, textPdf());
    const e = await refused(f);
    expect(e.code).toBe('digitisation.not_a_scan');
    expect(e.message).toContain('không phải bản quét');

    const img = path.join(dir, 'scan.pdf');
    await run('/usr/bin/python3', ['-m', 'img2pdf', path.join(dir, 'ok.png'), '-o', img]);
    const r = await probeScan(img, await fs.readFile(img));
    expect(r).toMatchObject({ kind: 'pdf', pages: 1, signed: false, hasText: false });
  });

  it('an unknown format is unsupported', async () => {
    const e = await refused(path.join(dir, 'x.bin'), Buffer.from('MZ\x90\x00 not an image'));
    expect(e.code).toBe('digitisation.unsupported');
  });
});

describe('per-job caps on child processes', () => {
  it('a child that allocates beyond the address-space cap is stopped as digitisation.memory', async () => {
    const e = await runStep('thử', 'python3', ['-c', 'x = bytearray(1 << 31)'], {
      timeoutMs: 10_000,
      memMb: 200,
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('digitisation.memory');
    expect((e as AppError).message).toContain('200 MB');
  });
  it('a child that overruns the time cap is killed as digitisation.timeout', async () => {
    const t0 = Date.now();
    const e = await runStep('thử', 'sleep', ['30'], { timeoutMs: 300, memMb: 100 }).catch((x: unknown) => x);
    expect((e as AppError).code).toBe('digitisation.timeout');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('image checks (records.md, Digitisation)', () => {
  const page = (dpi: number | null, bits = 8) => ({
    kind: 'png' as const,
    pages: 1,
    pageInfo: [{ width: 2480, height: 3508, dpi, bitsPerPixel: bits }],
  });
  const code = (f: () => void) => {
    try {
      f();
      return null;
    } catch (e) {
      return (e as AppError).code;
    }
  };
  it('200 dpi for text, 300 for drawings, 24-bit colour for archival', () => {
    expect(code(() => checkQuality(page(200), { profile: 'office', material: 'text' }))).toBeNull();
    expect(code(() => checkQuality(page(150), { profile: 'office', material: 'text' }))).toBe(
      'digitisation.low_resolution',
    );
    expect(code(() => checkQuality(page(200), { profile: 'office', material: 'drawing' }))).toBe(
      'digitisation.low_resolution',
    );
    expect(code(() => checkQuality(page(300, 8), { profile: 'archival', material: 'text' }))).toBe(
      'digitisation.colour_depth',
    );
    expect(code(() => checkQuality(page(300, 24), { profile: 'archival', material: 'text' }))).toBeNull();
    expect(code(() => checkQuality(page(null, 24), { profile: 'archival', material: 'text' }))).toBe(
      'digitisation.no_resolution',
    );
    try {
      checkQuality(page(150), { profile: 'office', material: 'text' });
    } catch (e) {
      expect((e as AppError).message).toBe('Trang 1 quét ở 150 dpi, thấp hơn mức tối thiểu 200 dpi; hãy quét lại.');
    }
  });
});
