import { PDFArray, PDFDict, PDFName, PDFRef } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { beginUpdate } from '../pdf/update';
import { signPdf } from '../sign/sign';
import { createTestPki, softwareSigner, type TestPki } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';
import { verifyPdf } from './verify';

let pki: TestPki;
let signed: Uint8Array;

beforeAll(async () => {
  pki = await createTestPki();
  signed = await signPdf(await samplePdf({ objectStreams: false }), {
    signer: softwareSigner(pki.signer, [pki.intermediate]),
  });
});

/** The signed file with its /AcroForm dropped in an update: the widget is referenced from the page's /Annots only. */
async function withoutAcroForm(pdf: Uint8Array): Promise<Uint8Array> {
  const u = await beginUpdate(pdf);
  u.doc.catalog.delete(PDFName.of('AcroForm'));
  return u.finish([u.doc.context.trailerInfo.Root as PDFRef]).bytes;
}

describe('signatures are found as readers find them', () => {
  it('a signature widget referenced only from the page /Annots (no /AcroForm) is verified, not "no signatures"', async () => {
    const pdf = await withoutAcroForm(signed);
    const r = await verifyPdf(pdf, { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' });
    expect(r.problems.map((p) => p.code)).not.toContain('pdf.no_signatures');
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]!.integrity.ok).toBe(true);
    // the AcroForm removal after signing is itself a change that is not allowed
    expect(r.signatures[0]!.verdict).toBe('invalid');
  });

  it('such a widget whose ByteRange does not match the file is invalid, never absent', async () => {
    const pdf = await withoutAcroForm(signed);
    const u = await beginUpdate(pdf);
    const page = u.doc.getPage(0).node;
    const annots = page.lookup(PDFName.of('Annots'), PDFArray);
    const widget = u.doc.context.lookup(annots.get(0)) as PDFDict;
    const sig = widget.lookup(PDFName.of('V'), PDFDict);
    sig.set(PDFName.of('ByteRange'), u.doc.context.obj([0, 10, 20, 30]));
    const sigRef = widget.get(PDFName.of('V')) as PDFRef;
    const r = await verifyPdf(u.finish([sigRef]).bytes, { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' });
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]!.verdict).toBe('invalid');
    expect(r.valid).toBe(false);
  });

  it('HTML saved as .pdf → pdf.not_pdf', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body><p>Quyết định số 12</p></body></html>');
    const r = await verifyPdf(html, { trustAnchors: [] });
    expect(r.problems.map((p) => p.code)).toEqual(['pdf.not_pdf']);
    expect(r.valid).toBe(false);
  });
});
