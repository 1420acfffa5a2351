import { Readable } from 'node:stream';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EdxmlError } from './errors';
import { parseEdxml, type ParseOptions } from './parse';
import { createMemorySink } from './sinks';
import { attachmentXml, miniEdoc, referenceXml, textStream } from './testing';
import { validateEdoc } from './validate-edoc';

async function refusal(xml: string | Readable, options: ParseOptions = {}): Promise<string> {
  try {
    await parseEdxml(typeof xml === 'string' ? textStream(xml) : xml, {
      attachmentSink: createMemorySink().sink,
      ...options,
    });
  } catch (e) {
    if (e instanceof EdxmlError) {
      expect(e.message).toMatch(/[àáảãạăâđêôơưếềệốồộớờợứừựạ]/u);
      return e.code;
    }
    throw e;
  }
  return 'accepted';
}

const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

describe('hostile input is refused with a stable code', () => {
  it('external entity (XXE) in a DTD', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">&xxe;</edXML>`;
    expect(await refusal(xml)).toBe('edxml.dtd_forbidden');
  });

  it('billion laughs, quickly', async () => {
    const ents = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) ents.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [${ents.join('')}]><edXML>&lol9;</edXML>`;
    const t = performance.now();
    expect(await refusal(xml)).toBe('edxml.dtd_forbidden');
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('a DOCTYPE split across one-byte chunks', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE edXML SYSTEM "http://127.0.0.1:1/x.dtd"><edXML/>`;
    expect(await refusal(textStream(xml, 1))).toBe('edxml.dtd_forbidden');
  });

  it('an undefined entity without any DTD', async () => {
    expect(await refusal(miniEdoc({ subject: 'a &foo; b' }))).toBe('edxml.entity_forbidden');
  });

  it('10,000-deep nesting, quickly', async () => {
    const xml = `<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</edXML>`;
    const t = performance.now();
    expect(await refusal(xml)).toBe('edxml.too_deep');
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('a huge header element, even split over many chunks', async () => {
    expect(await refusal(miniEdoc({ subject: 'x'.repeat(200_000) }))).toBe('edxml.element_too_large');
    expect(await refusal(miniEdoc({ subject: 'x'.repeat(200_000) }), { limits: { maxElementText: 1000 } })).toBe(
      'edxml.element_too_large',
    );
  });

  it('a huge comment or attribute is bounded too', async () => {
    expect(await refusal(miniEdoc({ subject: `<!--${'c'.repeat(300_000)}-->` }))).toBe('edxml.element_too_large');
    expect(await refusal(miniEdoc({ subject: `<x a="${'v'.repeat(300_000)}"/>` }))).toBe('edxml.element_too_large');
  });

  it('invalid base64: foreign characters, data after padding, truncated', async () => {
    const pkg = (data: string): string =>
      miniEdoc({ manifest: referenceXml('1', 'a.pdf'), attachments: attachmentXml('1', 'a.pdf', data) });
    expect(await refusal(pkg('JVBERi0x*LjQK'))).toBe('edxml.attachment_bad_base64');
    expect(await refusal(pkg('JVBE=JVBE'))).toBe('edxml.attachment_bad_base64');
    expect(await refusal(pkg('JVBER'))).toBe('edxml.attachment_bad_base64');
    expect(await refusal(pkg('JVBE<b>x</b>'))).toBe('edxml.attachment_bad_base64');
    expect(await refusal(pkg('JVBERi0x\r\n LjQK'))).toBe('accepted');
  });

  it('too many attachments', async () => {
    const many = (n: number): string =>
      miniEdoc({
        attachments: Array.from({ length: n }, (_, i) => attachmentXml(String(i), `${i}.pdf`, b64('x'))).join(''),
      });
    expect(await refusal(many(101))).toBe('edxml.too_many_attachments');
    expect(await refusal(many(4), { limits: { maxAttachments: 3 } })).toBe('edxml.too_many_attachments');
    expect(await refusal(many(3), { limits: { maxAttachments: 3 } })).toBe('accepted');
  });

  it('an attachment over the size limit', async () => {
    const xml = miniEdoc({ attachments: attachmentXml('1', 'a.pdf', b64(Buffer.alloc(5000))) });
    expect(await refusal(xml, { limits: { maxAttachmentBytes: 4096 } })).toBe('edxml.attachment_too_large');
  });

  it('a zip bomb inside a zipped attachment', async () => {
    const zip = Buffer.from(zipSync({ 'big.txt': new Uint8Array(3_000_000) }));
    expect(zip.length).toBeLessThan(20_000);
    const xml = miniEdoc({ attachments: attachmentXml('1', 'a.zip', b64(zip), 'application/zip') });
    expect(await refusal(xml, { limits: { maxZipEntryBytes: 1_000_000 } })).toBe('edxml.zip_entry_too_large');
  });

  it('zip limits per package and by expansion ratio', async () => {
    const zip = Buffer.from(zipSync({ 'a.txt': new Uint8Array(600_000), 'b.txt': new Uint8Array(600_000) }));
    const two = miniEdoc({
      attachments:
        attachmentXml('1', 'a.zip', b64(zip), 'application/zip') +
        attachmentXml('2', 'b.zip', b64(zip), 'application/zip'),
    });
    expect(await refusal(two, { limits: { maxUnzippedBytes: 2_000_000 } })).toBe('edxml.zip_too_large');
    expect(await refusal(two, { limits: { maxUnzippedBytes: 2_400_000 } })).toBe('accepted');
    const bomb = Buffer.from(zipSync({ 'big.txt': new Uint8Array(40 * 1024 * 1024) }));
    const xml = miniEdoc({ attachments: attachmentXml('1', 'a.zip', b64(bomb), 'application/zip') });
    expect(await refusal(xml)).toBe('edxml.zip_bomb');
  });

  it('a zip with too many entries', async () => {
    const entries = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`${i}.txt`, new Uint8Array([i])]));
    const xml = miniEdoc({
      attachments: attachmentXml('1', 'a.zip', b64(Buffer.from(zipSync(entries))), 'application/zip'),
    });
    expect(await refusal(xml, { limits: { maxZipEntries: 4 } })).toBe('edxml.zip_too_many_entries');
  });

  it('not edXML: another root, no markup, no header', async () => {
    expect(await refusal('<?xml version="1.0"?><html><body/></html>')).toBe('edxml.not_edxml');
    expect(await refusal('just some text, no markup at all')).toBe('edxml.not_edxml');
    expect(await refusal('x'.repeat(100_000))).toBe('edxml.not_edxml');
    expect(await refusal('<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><Other/></edXML>')).toBe(
      'edxml.not_edxml',
    );
    expect(await refusal('<edXML xmlns="urn:other"/>')).toBe('edxml.not_edxml');
  });

  it('malformed XML', async () => {
    expect(await refusal(miniEdoc().replace('</edXML:Subject>', ''))).toBe('edxml.malformed');
    expect(await refusal(miniEdoc().slice(0, 600))).toBe('edxml.malformed');
    expect(await refusal(`${miniEdoc()}<second/>`)).toBe('edxml.malformed');
  });

  it('binary garbage does not crash', async () => {
    const bytes = Buffer.alloc(100_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    expect(['edxml.not_edxml', 'edxml.malformed']).toContain(await refusal(Readable.from([bytes])));
  });
});

describe('manifest and attachments must match (validation)', () => {
  async function issues(xml: string): Promise<string[]> {
    const p = await parseEdxml(textStream(xml), { attachmentSink: createMemorySink().sink });
    if (p.kind !== 'edoc') throw new Error('not an edoc');
    return validateEdoc(p).map((i) => `${i.code} ${i.path}`);
  }

  it('a manifest Reference without its attachment', async () => {
    const xml = miniEdoc({
      manifest: referenceXml('1', 'a.pdf') + referenceXml('2', 'b.pdf'),
      attachments: attachmentXml('1', 'a.pdf', b64('%PDF')),
    });
    expect(await issues(xml)).toEqual([
      'edxml.manifest_missing_attachment edXMLBody.edXMLManifest.Reference[1].ContentId',
    ]);
  });

  it('an attachment missing from the manifest', async () => {
    const xml = miniEdoc({
      manifest: referenceXml('1', 'a.pdf'),
      attachments: attachmentXml('1', 'a.pdf', b64('%PDF')) + attachmentXml('9', 'z.pdf', b64('%PDF')),
    });
    expect(await issues(xml)).toEqual(['edxml.attachment_not_in_manifest AttachmentEncoded.Attachment[1].ContentId']);
  });

  it('matching ignores the cid: prefix on either side', async () => {
    const xml = miniEdoc({
      manifest: referenceXml('abc', 'a.pdf').replace('cid:abc', 'abc'),
      attachments: attachmentXml('abc', 'a.pdf', b64('%PDF')),
    });
    expect(await issues(xml)).toEqual([]);
  });
});
