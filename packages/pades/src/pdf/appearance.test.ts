import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../sign/sign';
import { createTestPki, softwareSigner, type TestPki } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';
import { sealImage, signatureImage } from '../testing/png';
import { verifyPdf } from '../verify/verify';

let pki: TestPki;
let dir: string;

beforeAll(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), 'pades-ap-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tool(name: string, args: string[], pdf: Uint8Array): string {
  const file = join(dir, `in-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(name, [...args, file, '-'], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
}

/** Renders page 1 at 72 dpi (1 px = 1 pt) and returns a colour lookup in PDF coordinates. */
function render(pdf: Uint8Array): (x: number, y: number) => [number, number, number] {
  const file = join(dir, 'render.pdf');
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', file, join(dir, 'page')]);
  const ppmFile = readdirPpm();
  const ppm = readFileSync(ppmFile);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40))!;
  const w = Number(header[1]);
  const h = Number(header[2]);
  const off = header[0].length;
  return (x, y) => {
    const row = h - 1 - Math.round(y);
    const p = off + (row * w + Math.round(x)) * 3;
    return [ppm[p]!, ppm[p + 1]!, ppm[p + 2]!];
  };
}

function readdirPpm(): string {
  const files = execFileSync('ls', [dir], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.startsWith('page') && f.endsWith('.ppm'));
  return join(dir, files[0]!);
}

describe('visible appearances (documents.md §7)', () => {
  it('draws the blue signature image in its rectangle and the red seal at actual size over its left third', async () => {
    const rect = { x: 330, y: 200, width: 150, height: 60 };
    const signed = await signPdf(await samplePdf(), {
      signer: softwareSigner(pki.signer, [pki.intermediate]),
      appearance: { kind: 'signature', image: signatureImage(), rect, page: 0 },
    });
    const sealed = await signPdf(signed, {
      signer: softwareSigner(pki.organ, [pki.intermediate]),
      appearance: { kind: 'seal', image: sealImage(400, 300), signerRect: rect, page: 0 },
    });
    const r = await verifyPdf(sealed, { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' });
    expect(r.signatures.map((s) => s.verdict)).toEqual(['valid', 'valid']);

    const pixel = render(sealed);
    // the stroke crosses the middle line of the signer's rectangle, right of the seal
    const right = Array.from({ length: 50 }, (_, i) => pixel(rect.x + rect.width * 0.6 + i, rect.y + rect.height / 2));
    expect(right.some(([red, green, blue]) => blue > 150 && red < 100 && green < 120)).toBe(true);
    // seal: 400 px at 300 dpi = 96 pt wide, right edge at one third of the signer's image
    const sealRight = rect.x + rect.width / 3;
    const ring = pixel(sealRight - 96 / 2 + 96 * 0.45, rect.y + rect.height / 2);
    expect(ring[0]).toBeGreaterThan(180);
    expect(ring[2]).toBeLessThan(100);
    const sealWidget = /\/Rect \[ ([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) \]/g;
    const rects = [...Buffer.from(sealed).toString('latin1').matchAll(sealWidget)].map((m) => m.slice(1).map(Number));
    const seal = rects.find((r) => Math.abs(r[2]! - sealRight) < 0.01)!;
    [sealRight - 96, rect.y + rect.height / 2 - 48, sealRight, rect.y + rect.height / 2 + 48].forEach((v, i) =>
      expect(seal[i]).toBeCloseTo(v, 2),
    );
  });

  it('writes a text-only organ stamp top right in Liberation Serif 10 pt, Vietnamese text extractable', async () => {
    const signed = await signPdf(await samplePdf({ pages: 2 }), {
      signer: softwareSigner(pki.organ, [pki.intermediate]),
      signingTime: new Date('2026-11-21T02:30:15Z'),
      stamp: { firstLine: 'Số: 125/QĐ-BNV', organName: 'Bộ Nội vụ – Văn phòng Bộ' },
    });
    const text = Buffer.from(tool('pdftotext', ['-f', '1', '-l', '1', '-layout'], signed), 'latin1').toString('utf8');
    expect(text).toContain('Số: 125/QĐ-BNV');
    expect(text).toContain('Bộ Nội vụ – Văn phòng Bộ');
    expect(text).toContain('2026-11-21T09:30:15+07:00');
    const fonts = execFileSync(
      'pdffonts',
      [
        (() => {
          const f = join(dir, 'fonts.pdf');
          writeFileSync(f, signed);
          return f;
        })(),
      ],
      { encoding: 'utf8' },
    );
    expect(fonts).toMatch(/[A-Z]{6}\+LiberationSerif\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    // top right of the first page (A4: 595 × 842 pt)
    const m = /\/Rect \[ ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) \]/.exec(Buffer.from(signed).toString('latin1'))!;
    const [x1, , x2, y2] = m.slice(1).map(Number) as [number, number, number, number];
    expect(x2).toBeCloseTo(595.28 - 28, 1);
    expect(y2).toBeCloseTo(841.89 - 28, 1);
    expect(x1).toBeGreaterThan(300);
    const r = await verifyPdf(signed, { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' });
    expect(r.signatures[0]!.verdict).toBe('valid');
  });
});
