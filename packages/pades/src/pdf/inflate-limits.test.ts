import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { inflateCapped, inflatedSoFar, withInflateLimits } from './inflate-limits';
import { verifyPdf } from '../index';

const MiB = 1024 * 1024;

/** A PDF whose object stream (one object) inflates to `inflated` bytes of spaces. */
function pdfBomb(inflated: number, streams = 1): Buffer {
  const parts: Buffer[] = [
    Buffer.from(
      '%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n',
      'latin1',
    ),
  ];
  for (let i = 0; i < streams; i++) {
    const body = Buffer.alloc(inflated, 0x20);
    Buffer.from(`${10 + i} 0 <</A 1>>`, 'latin1').copy(body);
    const z = deflateSync(body, { level: 9 });
    parts.push(
      Buffer.from(
        `${3 + i} 0 obj <</Type /ObjStm /N 1 /First 3 /Filter /FlateDecode /Length ${z.length}>> stream\n`,
        'latin1',
      ),
      z,
      Buffer.from('\nendstream endobj\n', 'latin1'),
    );
  }
  parts.push(Buffer.from('trailer <</Root 1 0 R>>\n%%EOF\n', 'latin1'));
  return Buffer.concat(parts);
}

describe('inflate limits (decompression bombs)', () => {
  it('a small object stream still decodes (below the caps)', async () => {
    const doc = await withInflateLimits(() => PDFDocument.load(pdfBomb(64 * 1024), { updateMetadata: false }));
    expect(doc.getPageCount()).toBe(0);
  });

  it('stops a stream at the per-stream cap: pdf-lib never inflates the bomb', async () => {
    const bomb = pdfBomb(48 * MiB);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const rss0 = process.memoryUsage().arrayBuffers;
    await expect(
      withInflateLimits(() => PDFDocument.load(bomb, { updateMetadata: false }), { perStream: 4 * MiB }),
    ).rejects.toMatchObject({ code: 'pades.inflate_limit' });
    expect(process.memoryUsage().arrayBuffers - rss0).toBeLessThan(40 * MiB);
  });

  it('the per-file budget adds the streams of one file up', async () => {
    const f = pdfBomb(3 * MiB, 4); // 4 streams of 3 MiB: each under 4 MiB, 12 MiB together
    await expect(
      withInflateLimits(() => PDFDocument.load(f, { updateMetadata: false }), { perStream: 4 * MiB, perFile: 8 * MiB }),
    ).rejects.toMatchObject({ code: 'pades.inflate_limit' });
    await expect(
      withInflateLimits(() => PDFDocument.load(f, { updateMetadata: false }), {
        perStream: 4 * MiB,
        perFile: 32 * MiB,
      }),
    ).resolves.toBeTruthy();
  });

  it('budgets of files read at the same time are separate', async () => {
    const f = pdfBomb(3 * MiB, 2);
    const seen: number[] = [];
    await Promise.all(
      [0, 1, 2].map(() =>
        withInflateLimits(
          async () => {
            await PDFDocument.load(f, { updateMetadata: false });
            seen.push(inflatedSoFar());
          },
          { perStream: 4 * MiB, perFile: 10 * MiB },
        ),
      ),
    );
    expect(seen).toHaveLength(3);
    for (const s of seen) expect(s).toBeLessThan(10 * MiB);
  });

  it('verifyPdf on the bomb fails with the limit instead of inflating it', async () => {
    const bomb = pdfBomb(40 * MiB);
    await expect(
      withInflateLimits(() => verifyPdf(bomb, { trustAnchors: [] }), { perStream: 8 * MiB }),
    ).rejects.toMatchObject({ code: 'pades.inflate_limit' });
  });

  it('inflateCapped stops at the cap', async () => {
    const z = deflateSync(Buffer.alloc(20 * MiB));
    expect(inflateCapped(deflateSync(Buffer.from('hello'))).toString()).toBe('hello');
    await expect(withInflateLimits(() => inflateCapped(z), { perStream: MiB })).rejects.toMatchObject({
      code: 'pades.inflate_limit',
    });
  });
});
