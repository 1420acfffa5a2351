import { randomBytes } from 'node:crypto';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ContentProbe } from './content-check';
import { parseEdxml } from './parse';
import { createMemorySink } from './sinks';
import { attachmentXml, miniEdoc, textStream } from './testing';
import type { ParsedEdoc } from './types';

const b64 = (b: Buffer): string => b.toString('base64');

/** A PDF-shaped file with binary content (a compressed stream looks like this), as real PDFs are. */
function binaryPdf(): Buffer {
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Length 4096 /Filter /FlateDecode>> stream\n', 'latin1'),
    randomBytes(4096),
    Buffer.from(
      '\nendstream endobj\nxref\n0 1\n0000000000 65535 f \ntrailer <</Size 1>>\nstartxref\n16\n%%EOF\n',
      'latin1',
    ),
  ]);
}

async function parse(attachments: string): Promise<ParsedEdoc> {
  const p = await parseEdxml(textStream(miniEdoc({ attachments })), { attachmentSink: createMemorySink().sink });
  if (p.kind !== 'edoc') throw new Error('not an edoc');
  return p;
}
const codes = (p: ParsedEdoc) => p.warnings.map((w) => w.code);

describe('attachment content matches its declared type (issue 12, edXML checks)', () => {
  it('a real PDF passes without a word, and its Description is kept', async () => {
    const att = attachmentXml('1', 'cv.pdf', b64(binaryPdf())).replace(
      '</ContentType>',
      '</ContentType><Description>Công văn gốc</Description>',
    );
    const p = await parse(att);
    expect(codes(p)).toEqual([]);
    expect(p.attachments[0]!.contentWarning).toBeUndefined();
    expect(p.attachments[0]!.description).toBe('Công văn gốc');
  });

  it('a PDF full of U+FFFD (passed through a text conversion) is flagged', async () => {
    const damaged = Buffer.from(binaryPdf().toString('utf8'), 'utf8');
    expect(damaged.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(true);
    const p = await parse(attachmentXml('1', 'cv.pdf', b64(damaged)));
    expect(codes(p)).toEqual(['edxml.attachment_replacement_chars']);
    expect(p.attachments[0]!.contentWarning?.message).toMatch(/U\+FFFD/);
  });

  it('a ZIP labelled application/pdf is flagged (and not unzipped as a PDF)', async () => {
    const zip = Buffer.from(zipSync({ 'a.pdf': binaryPdf() }));
    const p = await parse(attachmentXml('1', 'cv.pdf', b64(zip), 'application/pdf'));
    expect(codes(p)).toEqual(['edxml.attachment_zip_as_pdf']);
    expect(p.attachments[0]!.zipped).toBe(false);
  });

  it('17 bytes of junk named .PDF are flagged', async () => {
    const p = await parse(
      attachmentXml('1', 'SCAN0001.PDF', b64(Buffer.from('this is not a pdf')), 'application/octet-stream'),
    );
    expect(codes(p)).toEqual(['edxml.attachment_not_pdf']);
    expect(p.attachments[0]!.contentWarning?.message).toMatch(/17 byte/);
  });

  it('a PDF cut short is flagged as damaged', async () => {
    const p = await parse(attachmentXml('1', 'cv.pdf', b64(binaryPdf().subarray(0, 3000))));
    expect(codes(p)).toEqual(['edxml.attachment_pdf_damaged']);
  });

  it('entries of a zipped attachment are checked too', async () => {
    const zip = Buffer.from(zipSync({ 'good.pdf': binaryPdf(), 'bad.pdf': Buffer.from('junk junk junk') }));
    const p = await parse(attachmentXml('1', 'goi.zip', b64(zip), 'application/zip'));
    expect(p.attachments[0]!.zipped).toBe(true);
    expect(p.attachments[0]!.entries.map((e) => [e.name, e.contentWarning?.code])).toEqual([
      ['good.pdf', undefined],
      ['bad.pdf', 'edxml.attachment_not_pdf'],
    ]);
    expect(codes(p)).toEqual(['edxml.attachment_not_pdf']);
  });

  it('the probe finds EF BF BD and startxref split across chunks', () => {
    const pr = new ContentProbe();
    const data = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      ...Array.from({ length: 9 }, () => Buffer.from([0xef, 0xbf, 0xbd, 0x41])),
      Buffer.from('startxref\n9\n%%EOF\n'),
    ]);
    for (let i = 0; i < data.length; i++) pr.push(data.subarray(i, i + 1));
    expect(pr.replacementChars).toBe(9);
    expect(pr.sawStartxref).toBe(true);
    expect(pr.pdfEnd).toBe(true);
  });
});
