import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEdoc } from './build-edoc';
import { parseEdxml } from './parse';
import { createMemorySink } from './sinks';
import { textStream } from './testing';
import type { ParsedEdoc } from './types';
import { validateEdxml } from './validate';

const GATEWAY = fileURLToPath(new URL('../fixtures/gateway_long_codenumber.edxml', import.meta.url));

async function parseEdoc(
  input: string | NodeJS.ReadableStream,
): Promise<{ p: ParsedEdoc; files: Map<string, Buffer> }> {
  const mem = createMemorySink();
  const p = await parseEdxml(input as string, { attachmentSink: mem.sink });
  if (p.kind !== 'edoc') throw new Error('not an edoc');
  return { p, files: mem.files };
}

async function text(r: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('a national-gateway package with a 13-character CodeNumber', () => {
  it('parses with the warning edxml.code_number_long and validates as received; strictly it is too long', async () => {
    const { p, files } = await parseEdoc(GATEWAY);
    expect(p.header.messageHeader.code).toEqual({ codeNumber: '2024000001058', codeNotation: 'QĐ-UBND' });
    expect(p.warnings.map((w) => `${w.code} ${w.path}`)).toEqual([
      'edxml.code_number_long MessageHeader.Code.CodeNumber',
    ]);
    expect(p.warnings[0]!.message).toContain('2024000001058');
    expect(validateEdxml(p, { strictOrganCodes: false })).toEqual([]);
    expect(validateEdxml(p, { strictOrganCodes: true }).map((i) => `${i.code} ${i.path}`)).toEqual([
      'edxml.too_long MessageHeader.Code.CodeNumber',
    ]);
    expect(p.header.traceHeaderList.traceHeaders.map((t) => t.organId)).toEqual(['000.00.00.H41', '000.00.00.G22']);
    expect(p.header.messageHeader.responseFor).toEqual([]);
    const a = p.attachments[0]!;
    expect(a.contentWarning).toBeUndefined();
    expect(files.get('0')!.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The attachment element has no Description: the manifest's is kept on it.
    expect(a.description).toBe('Quyết định đã ký số');
    expect(p.envelopeSignature?.status).toBe('absent');
  });

  it('an 11-character CodeNumber gives no warning', async () => {
    const xml = (await readFile(GATEWAY, 'utf8')).replace(
      '<edXML:CodeNumber>2024000001058<',
      '<edXML:CodeNumber>20240001058<',
    );
    const { p } = await parseEdoc(textStream(xml));
    expect(p.warnings).toEqual([]);
  });

  it('the writer refuses to send the long number on (strict writer)', async () => {
    const { p } = await parseEdoc(GATEWAY);
    expect(() => buildEdoc({ messageHeader: p.header.messageHeader })).toThrow(
      expect.objectContaining({ code: 'edxml.bad_meta' }),
    );
  });
});

describe('attachment Description', () => {
  it('is parsed from the attachment (or the manifest), written back in both places and read again', async () => {
    const { p, files } = await parseEdoc(GATEWAY);
    const mh = { ...p.header.messageHeader, code: { codeNumber: '1058', codeNotation: 'QĐ-UBND' } };
    const built = await text(
      buildEdoc({ messageHeader: mh }, [
        ...p.attachments.map((a) => ({
          name: a.name,
          contentType: a.contentType,
          description: a.description,
          contentId: a.contentId,
          source: files.get(a.key)!,
        })),
        {
          name: 'phu-luc.pdf',
          contentType: 'application/pdf',
          description: 'Phụ lục <kèm theo> & bảng biểu',
          source: files.get('0')!,
        },
        { name: 'khong-mo-ta.pdf', contentType: 'application/pdf', source: files.get('0')! },
      ]),
    );
    expect(built).toContain('<edXML:Description>Quyết định đã ký số</edXML:Description>');
    expect(built).toContain('<Description>Phụ lục &lt;kèm theo&gt; &amp; bảng biểu</Description>');
    const again = (await parseEdoc(textStream(built))).p;
    expect(again.attachments.map((a) => a.description)).toEqual([
      'Quyết định đã ký số',
      'Phụ lục <kèm theo> & bảng biểu',
      undefined,
    ]);
    expect(again.manifest.map((m) => m.description)).toEqual([
      'Quyết định đã ký số',
      'Phụ lục <kèm theo> & bảng biểu',
      undefined,
    ]);
  });
});
