import { PDFName, PDFRef, rgb } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { latin1 } from '../pdf/bytes';
import { beginUpdate } from '../pdf/update';
import { findRevisions } from '../pdf/revisions';
import { signPdf } from '../sign/sign';
import { createTestPki, softwareSigner, type TestPki } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';
import { verifyPdf } from './verify';
import type { VerifyOptions } from './model';

let pki: TestPki;
let signed: Uint8Array;
let options: VerifyOptions;

beforeAll(async () => {
  pki = await createTestPki();
  signed = await signPdf(await samplePdf({ pages: 2, objectStreams: false }), {
    signer: softwareSigner(pki.signer, [pki.intermediate]),
  });
  // no revocation data in these files: the lenient policy lets the untampered file be "valid"
  options = { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' };
});

async function codesOf(pdf: Uint8Array): Promise<{ verdict: string; codes: string[] }> {
  const r = await verifyPdf(pdf, options);
  expect(r.signatures).toHaveLength(1);
  return { verdict: r.signatures[0]!.verdict, codes: r.signatures[0]!.reasons.map((x) => x.code) };
}

describe('tampering turns a valid signature invalid', () => {
  it('the untampered file is valid', async () => {
    expect(await codesOf(signed)).toEqual({ verdict: 'valid', codes: [] });
  });

  it('flipping one byte inside a signed range → sig.digest_mismatch', async () => {
    const producer = latin1(signed).indexOf('/Producer');
    expect(producer).toBeGreaterThan(0);
    const copy = new Uint8Array(signed);
    copy[producer + 12] = copy[producer + 12]! ^ 0x01;
    const r = await codesOf(copy);
    expect(r.verdict).toBe('invalid');
    expect(r.codes).toContain('sig.digest_mismatch');
  });

  it('flipping one byte in the second signed range (after the Contents hole) → sig.digest_mismatch', async () => {
    const copy = new Uint8Array(signed);
    const trailer = latin1(copy).lastIndexOf('trailer');
    copy[trailer + 2] = 'X'.charCodeAt(0);
    const r = await codesOf(copy);
    expect(r.verdict).toBe('invalid');
    expect(r.codes).toContain('sig.digest_mismatch');
  });

  it('an appended incremental update that changes page content → sig.page_content_changed', async () => {
    const update = await beginUpdate(signed);
    const page = update.doc.getPage(0);
    page.drawRectangle({ x: 60, y: 740, width: 300, height: 40, color: rgb(1, 1, 1) });
    page.drawText('Noi dung da bi sua', { x: 72, y: 760, size: 14 });
    const resources = page.node.get(PDFName.of('Resources'));
    const changed = [page.ref, ...(resources instanceof PDFRef ? [resources] : [])];
    const tampered = update.finish(changed).bytes;
    const r = await codesOf(tampered);
    expect(r.verdict).toBe('invalid');
    expect(r.codes).toContain('sig.page_content_changed');
  });

  it('adding a page in an incremental update → sig.page_added', async () => {
    const update = await beginUpdate(signed);
    update.doc.addPage();
    const pagesRef = update.doc.catalog.get(PDFName.of('Pages')) as PDFRef;
    const tampered = update.finish([pagesRef]).bytes;
    const r = await codesOf(tampered);
    expect(r.verdict).toBe('invalid');
    expect(r.codes).toContain('sig.page_added');
  });

  it('removing a page in an incremental update → sig.page_removed', async () => {
    const update = await beginUpdate(signed);
    update.doc.removePage(1);
    const pagesRef = update.doc.catalog.get(PDFName.of('Pages')) as PDFRef;
    const r = await codesOf(update.finish([pagesRef]).bytes);
    expect(r.verdict).toBe('invalid');
    expect(r.codes).toContain('sig.page_removed');
  });

  it('removing the last revision (its xref, trailer and %%EOF) → sig.byterange_invalid', async () => {
    const revs = findRevisions(signed);
    const lastRev = revs[revs.length - 1]!;
    const xrefAt = latin1(signed).lastIndexOf('xref', lastRev.startxref + 4);
    const truncated = signed.subarray(0, xrefAt);
    const r = await codesOf(truncated);
    expect(r.verdict).toBe('invalid');
    expect(r.codes).toContain('sig.byterange_invalid');
  });

  it('an update whose xref points an object back at bytes of the signed revision → sig.changes_not_allowed', async () => {
    const text = latin1(signed);
    // an object the signing update rewrote (page or catalog): point the new xref at its superseded first version
    const seen = new Map<string, number>();
    let target: [string, number] | null = null;
    for (const m of text.matchAll(/(\d+) 0 obj/g)) {
      if (seen.has(m[1]!) && !target) target = [m[1]!, seen.get(m[1]!)!];
      if (!seen.has(m[1]!)) seen.set(m[1]!, m.index);
    }
    expect(target).not.toBeNull();
    const root = [...text.matchAll(/\/Root (\d+ \d+ R)/g)].at(-1)![1];
    const tail = `xref\n${target![0]} 1\n${String(target![1]).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size 99 /Root ${root} /Prev ${findRevisions(signed).at(-1)!.startxref} >>\nstartxref\n${signed.length}\n%%EOF\n`;
    const r = await codesOf(new Uint8Array([...signed, ...Buffer.from(tail, 'latin1')]));
    expect(r.verdict).toBe('invalid');
    expect(r.codes).toContain('sig.changes_not_allowed');
  });

  it('an update whose xref merely re-lists an object at its current definition stays valid', async () => {
    const text = latin1(signed);
    const first = /(\d+) 0 obj/.exec(text)!;
    const root = [...text.matchAll(/\/Root (\d+ \d+ R)/g)].at(-1)![1];
    const tail = `xref\n${first[1]} 1\n${String(first.index).padStart(10, '0')} 00000 n\r\ntrailer\n<< /Size 99 /Root ${root} /Prev ${findRevisions(signed).at(-1)!.startxref} >>\nstartxref\n${signed.length}\n%%EOF\n`;
    expect(await codesOf(new Uint8Array([...signed, ...Buffer.from(tail, 'latin1')]))).toEqual({
      verdict: 'valid',
      codes: [],
    });
  });

  it('editing the ByteRange to leave bytes unsigned → invalid', async () => {
    const text = latin1(signed);
    const at = text.lastIndexOf('/ByteRange [');
    const m = /\/ByteRange \[0 (\d+) (\d+) (\d+)\]/.exec(text.slice(at))!;
    const shorter = `/ByteRange [0 ${m[1]} ${m[2]} ${Number(m[3]) - 10}]`.padEnd(m[0].length, ' ');
    const copy = new Uint8Array(signed);
    copy.set(Buffer.from(shorter, 'latin1'), at);
    const r = await codesOf(copy);
    expect(r.verdict).toBe('invalid');
    expect(r.codes.some((c) => c === 'sig.byterange_not_whole_revision' || c === 'sig.digest_mismatch')).toBe(true);
  });
});
