import { describe, expect, it } from 'vitest';
import { parseEdxml, type ParseOptions } from './parse';
import { createMemorySink } from './sinks';
import { attachmentXml, fixturePath, miniEdoc, signEdxml, testSigningKey, textStream } from './testing';
import type { ParsedEdoc } from './types';

async function parse(xml: string, o: ParseOptions = {}): Promise<ParsedEdoc> {
  const p = await parseEdxml(textStream(xml), { attachmentSink: createMemorySink().sink, ...o });
  if (p.kind !== 'edoc') throw new Error('not an edoc');
  return p;
}

const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\nstartxref\n9\n%%EOF\n').toString('base64');
const pkg = () => miniEdoc({ subject: 'Về việc thử chữ ký', attachments: attachmentXml('1', 'cv.pdf', pdf) });

describe('envelope XML signature (XMLDSig enveloped, RSA SHA-1/SHA-256)', async () => {
  const key = await testSigningKey();

  it('a package signed with a test key verifies (SHA-256 and SHA-1), signer named', async () => {
    for (const sha1 of [false, true]) {
      const p = await parse(await signEdxml(pkg(), key, { sha1 }));
      expect(p.envelopeSignature).toMatchObject({ status: 'valid', algorithm: sha1 ? 'RSA-SHA1' : 'RSA-SHA256' });
      expect(p.envelopeSignature?.signer).toContain('Văn thư thử nghiệm');
      expect(p.warnings.map((w) => w.code)).toEqual([]);
    }
  });

  it('one changed byte → invalid, and the package is still read (registration not blocked)', async () => {
    const signed = await signEdxml(pkg(), key);
    const subject = signed.replace('thử chữ ký', 'thử chữ kí');
    const att = signed.replace(pdf, pdf.replace('JVBERi0x', 'JVBERi0y'));
    for (const changed of [subject, att]) {
      expect(changed).not.toBe(signed);
      const p = await parse(changed);
      expect(p.envelopeSignature).toMatchObject({ status: 'invalid', code: 'edxml.signature_invalid' });
      expect(p.warnings.map((w) => w.code)).toContain('edxml.signature_invalid');
      expect(p.attachments).toHaveLength(1);
    }
  });

  it('absent when there is none; a signature over one element only is not trusted', async () => {
    expect((await parse(pkg())).envelopeSignature).toMatchObject({ status: 'absent' });
    const partial = await parse(await signEdxml(pkg(), key, { uri: 'MessageHeader' }));
    expect(partial.envelopeSignature).toMatchObject({ status: 'invalid', code: 'edxml.signature_partial' });
  });

  it('a package above maxSignedChars is not checked (reported, not blocked)', async () => {
    const p = await parse(await signEdxml(pkg(), key), { limits: { maxSignedChars: 1000 } });
    expect(p.envelopeSignature).toMatchObject({ status: 'not_checked', code: 'edxml.signature_too_large' });
  });

  it("the national SDK sample's Signature without the xmldsig namespace is reported malformed, the package read", async () => {
    const p = await parseEdxml(fixturePath('edoc_new.edxml'), { attachmentSink: createMemorySink().sink });
    if (p.kind !== 'edoc') throw new Error('not an edoc');
    expect(p.envelopeSignature).toMatchObject({ status: 'invalid', code: 'edxml.signature_malformed' });
  });
});
