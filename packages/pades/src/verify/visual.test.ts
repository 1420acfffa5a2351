import { PDFDocument, PDFName, PDFRef, StandardFonts, rgb } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { beginUpdate } from '../pdf/update';
import { signPdf } from '../sign/sign';
import { createTestPki, softwareSigner, type TestPki } from '../testing/pki';
import { sealImage, signatureImage } from '../testing/png';
import { parsePgm, visualCheck } from './visual';

let pki: TestPki;
let signed: Uint8Array;
let overlay: PDFRef;

/** Two pages; on page 2 a white overlay XObject hides "NOI DUNG AN" at y≈600 (what a shadow hide uncovers). */
async function twoPages(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const p1 = doc.addPage([595.28, 841.89]);
  p1.drawText('Trang mot', { x: 72, y: 760, size: 14, font });
  const p2 = doc.addPage([595.28, 841.89]);
  p2.drawText('Trang hai', { x: 72, y: 760, size: 14, font });
  p2.drawText('NOI DUNG AN', { x: 72, y: 600, size: 30, font, color: rgb(0, 0, 0) });
  const ctx = doc.context;
  overlay = ctx.register(
    ctx.stream('1 1 1 rg 60 590 400 50 re f', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 595, 842] }),
  );
  p2.node.Resources()!.set(PDFName.of('XObject'), ctx.obj({ Ov: overlay }));
  p2.node.addContentStream(ctx.register(ctx.stream('q /Ov Do Q')));
  return doc.save({ useObjectStreams: false });
}

const trusted = () => ({ verify: { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' as const } });

beforeAll(async () => {
  pki = await createTestPki();
  signed = await signPdf(await twoPages(), {
    signer: softwareSigner(pki.signer, [pki.intermediate]),
    fieldName: 'Signature1',
    appearance: {
      kind: 'signature',
      image: signatureImage(),
      rect: { x: 300, y: 100, width: 200, height: 80 },
      page: 1,
    },
  });
}, 60_000);

describe('visual second opinion', () => {
  it('the signed file as it was signed: no difference, two pages rendered (one render per distinct revision end)', async () => {
    const r = await visualCheck(signed, trusted());
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]).toMatchObject({
      fieldName: 'Signature1',
      status: 'same',
      pages: [],
      pagesAdded: [],
      pagesRemoved: [],
    });
    expect(r.pagesRendered).toBe(2);
  });

  it('a shadow hide (the overlay emptied in an update) → difference on page 2, boxed around the uncovered text', async () => {
    const u = await beginUpdate(signed);
    u.doc.context.assign(
      overlay,
      u.doc.context.stream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 595, 842] }),
    );
    const attacked = u.finish([overlay]).bytes;
    const r = await visualCheck(attacked, trusted());
    const s = r.signatures[0]!;
    expect(s.status).toBe('different');
    expect(s.pages.map((p) => p.page)).toEqual([2]);
    expect(s.masked).toBe(0);
    // "NOI DUNG AN" at x 72, baseline y 600, 30 pt: top-left coordinates ≈ y 842-622..842-600
    const b = s.pages[0]!.box;
    expect(b.x).toBeGreaterThanOrEqual(60);
    expect(b.x).toBeLessThan(90);
    expect(b.y).toBeGreaterThan(200);
    expect(b.y + b.height).toBeLessThan(260);
    expect(s.message).toContain('trang 2');
  });

  it('a benign second signature (the organ seal over the signature) → no difference: its widget is masked', async () => {
    const sealed = await signPdf(signed, {
      signer: softwareSigner(pki.organ, [pki.intermediate]),
      fieldName: 'Signature2',
      appearance: {
        kind: 'seal',
        image: sealImage(400, 300),
        signerRect: { x: 300, y: 100, width: 200, height: 80 },
        page: 1,
      },
    });
    const r = await visualCheck(sealed, trusted());
    const first = r.signatures.find((s) => s.fieldName === 'Signature1')!;
    expect(first.status).toBe('same');
    expect(first.masked).toBeGreaterThanOrEqual(1);
    expect(r.signatures.find((s) => s.fieldName === 'Signature2')!.status).toBe('same');
    // the signed revision and the final file: 2 + 2 pages, plus Signature2's revision which is the final file
    expect(r.pagesRendered).toBe(4);
  });

  it('without the masks the seal is a visible difference (the mask is what explains it)', async () => {
    const sealed = await signPdf(signed, {
      signer: softwareSigner(pki.organ, [pki.intermediate]),
      fieldName: 'Signature2',
      appearance: {
        kind: 'seal',
        image: sealImage(400, 300),
        signerRect: { x: 300, y: 100, width: 200, height: 80 },
        page: 1,
      },
    });
    const report = await import('./verify').then((m) => m.verifyPdf(sealed, trusted().verify));
    const sig1 = report.signatures.find((s) => s.fieldName === 'Signature1')!;
    sig1.changesAfter = [...sig1.changesAfter, { kind: 'undefined', allowed: false, detail: 'thử' }];
    const r = await visualCheck(sealed, { report });
    const first = r.signatures.find((s) => s.fieldName === 'Signature1')!;
    expect(first.status).toBe('different');
    expect(first.pages.map((p) => p.page)).toEqual([2]);
  });

  it('a page added after signing is reported as added', async () => {
    const u = await beginUpdate(signed);
    u.doc.addPage([595.28, 841.89]).drawText('Trang them', { x: 72, y: 760, size: 14 });
    const pages = u.doc.catalog.get(PDFName.of('Pages')) as PDFRef;
    const added = u.finish([pages]).bytes;
    const r = await visualCheck(added, trusted());
    expect(r.signatures[0]).toMatchObject({ status: 'different', pages: [], pagesAdded: [3] });
  });

  it('reads binary PGM and refuses other data', () => {
    const g = parsePgm(new Uint8Array([...Buffer.from('P5\n# c\n2 1\n255\n'), 0, 255]));
    expect(g).toMatchObject({ width: 2, height: 1 });
    expect([...g.data]).toEqual([0, 255]);
    expect(() => parsePgm(Buffer.from('P6\n1 1\n255\n\0\0\0'))).toThrow();
    expect(() => parsePgm(Buffer.from('P5\n4 4\n255\n\0'))).toThrow();
  });
});
