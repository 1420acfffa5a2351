import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EDXML_NS } from './names';
import { parseEdxml } from './parse';
import { createMemorySink } from './sinks';
import { attachmentXml, fixturePath, miniEdoc, referenceXml, sha256, textStream } from './testing';
import type { ParsedEdoc, ParsedEdxml } from './types';
import { validateEdxml } from './validate';

async function parse(xml: string | Buffer, chunk = 4096): Promise<{ parsed: ParsedEdxml; files: Map<string, Buffer> }> {
  const mem = createMemorySink();
  const parsed = await parseEdxml(
    typeof xml === 'string' ? textStream(xml, chunk) : textStream(xml.toString('latin1'), chunk),
    { attachmentSink: mem.sink },
  );
  return { parsed, files: mem.files };
}

function asEdoc(p: ParsedEdxml): ParsedEdoc {
  if (p.kind !== 'edoc') throw new Error('not an edoc');
  return p;
}

const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64');

describe('tolerant reading', () => {
  it('accepts elements in any order, without prefix, single-s Business spelling and lenient dates', async () => {
    const header = `
      <Subject>Trích yếu</Subject>
      <Code><CodeNotation>UBND</CodeNotation><CodeNumber>7</CodeNumber></Code>
      <DocumentId>6f1c2a4e-2b1d-4d43-9b0e-1f6a7c3b9e10</DocumentId>
      <To><OrganId>000.00.00.H41</OrganId></To>
      <PromulgationInfo><PromulgationDate>05/03/2024</PromulgationDate></PromulgationInfo>
      <DueDate>2024-03-20</DueDate>
      <From><OrganId>000.00.00.H14</OrganId></From>`;
    const xml = miniEdoc({ header })
      .replace(
        '</edXML:TraceHeader>',
        '</edXML:TraceHeader><Business><BusinessDocType>1</BusinessDocType><BusinessDocReason>Thu hồi</BusinessDocReason></Business>',
      )
      .replace('2024/01/02 08:00:00', '2024/1/2 8:05');
    const p = asEdoc((await parse(xml)).parsed);
    const mh = p.header.messageHeader;
    expect(mh.from.organId).toBe('000.00.00.H14');
    expect(mh.code).toEqual({ codeNumber: '7', codeNotation: 'UBND' });
    expect(mh.documentId).toBe('6f1c2a4e-2b1d-4d43-9b0e-1f6a7c3b9e10');
    expect(mh.promulgationInfo?.promulgationDate).toBe('2024/03/05');
    expect(mh.dueDate).toBe('2024/03/20');
    expect(p.header.traceHeaderList.traceHeaders[0]!.timestamp).toBe('2024/01/02 08:05:00');
    expect(p.header.traceHeaderList.bussiness).toMatchObject({ bussinessDocType: 1, bussinessDocReason: 'Thu hồi' });
    expect(validateEdxml(p)).toEqual([]);
  });

  it('accepts a status header named Status', async () => {
    const xml = `<edXML xmlns="${EDXML_NS}"><edXMLEnvelope><edXMLHeader><Status>
      <StatusCode>05</StatusCode><From><OrganId>000.00.00.H41</OrganId></From>
      <ResponseFor><OrganId>000.00.00.G22</OrganId><DocumentId>d1</DocumentId></ResponseFor>
      <Timestamp>20/09/2015 11:08:36</Timestamp></Status></edXMLHeader></edXMLEnvelope></edXML>`;
    const { parsed } = await parse(xml);
    expect(parsed).toMatchObject({
      kind: 'status',
      status: { statusCode: '05', timestamp: '2015/09/20 11:08:36', from: { organId: '000.00.00.H41' } },
    });
    expect(validateEdxml(parsed)).toEqual([]);
  });

  it('decodes base64 split by entities, CDATA, CRLF and one-byte chunks', async () => {
    const data = Buffer.from('%PDF-1.7 nội dung thử nghiệm có dấu');
    const enc = b64(data);
    const body = `${enc.slice(0, 8)}&#13;&#10;${enc.slice(8, 16)}\r\n<![CDATA[${enc.slice(16, 24)}]]>${enc.slice(24)}`;
    const xml = miniEdoc({ manifest: referenceXml('x', 'a.pdf'), attachments: attachmentXml('x', 'a.pdf', body) });
    for (const chunk of [1, 3, 4096]) {
      const { parsed, files } = await parse(xml, chunk);
      expect(asEdoc(parsed).attachments[0]).toMatchObject({ contentId: 'x', size: data.length, sha256: sha256(data) });
      expect(files.get('0')).toEqual(data);
    }
  });

  it('reads metadata that follows the content and an empty attachment', async () => {
    const att = `<Attachment><ContentTransferEncoded>${b64('abc')}</ContentTransferEncoded><AttachmentName>sau.txt</AttachmentName><ContentId>cid:9</ContentId><ContentType>text/plain</ContentType></Attachment><Attachment><ContentId>cid:10</ContentId><AttachmentName>rong.txt</AttachmentName></Attachment>`;
    const p = asEdoc((await parse(miniEdoc({ attachments: att }))).parsed);
    expect(p.attachments.map((a) => [a.contentId, a.name, a.contentType, a.size])).toEqual([
      ['9', 'sau.txt', 'text/plain', 3],
      ['10', 'rong.txt', 'application/octet-stream', 0],
    ]);
    expect(p.warnings.map((w) => w.code)).toContain('edxml.attachment_empty');
  });

  it('expands zips only when the ContentType says zip, and keeps unreadable zips as they are', async () => {
    const zip = Buffer.from(
      zipSync({
        'thu muc/van ban.pdf': new TextEncoder().encode('%PDF-1.4'),
        'phu luc.txt': new TextEncoder().encode('phụ lục'),
      }),
    );
    const atts =
      attachmentXml('1', 'goi.zip', b64(zip), 'application/zip') +
      attachmentXml('2', 'bang.xlsx', b64(zip), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') +
      attachmentXml(
        '3',
        'hong.zip',
        b64(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40, 0xff)])),
        'application/zip',
      );
    const { parsed, files } = await parse(miniEdoc({ attachments: atts }));
    const [a, b, c] = asEdoc(parsed).attachments;
    expect(a!.zipped).toBe(true);
    expect(a!.entries.map((e) => [e.key, e.name, e.contentType, e.size])).toEqual([
      ['0/0', 'van ban.pdf', 'application/pdf', 8],
      ['0/1', 'phu luc.txt', 'text/plain', 11],
    ]);
    expect(files.get('0/1')!.toString()).toBe('phụ lục');
    expect(files.get('0')).toEqual(zip);
    expect(b).toMatchObject({ zipped: false, entries: [], size: zip.length });
    expect(c).toMatchObject({ zipped: false, entries: [], size: 44 });
    expect(asEdoc(parsed).warnings.map((w) => w.code)).toContain('edxml.zip_unreadable');
  });

  it('reads the package zipped inside the samples (undeclared xlink prefix, xmldsig Signature, comments)', async () => {
    const outer = await parse(
      await import('node:fs/promises').then((fs) => fs.readFile(fixturePath('edoc_new.edxml'), 'utf8')),
    );
    const inner = outer.files.get('0/0')!;
    const { parsed } = await parse(inner.toString('utf8'));
    const p = asEdoc(parsed);
    expect(p.warnings.map((w) => w.code)).toContain('edxml.unbound_prefix');
    expect(p.header.messageHeader.from.organId).toBe('14.00.W00');
    expect(p.header.messageHeader.code).toEqual({ codeNumber: '34E31', codeNotation: 'PRO-TEST-CASE1' });
    expect(p.header.messageHeader.documentId).toBe('9fbfbad2-f1f8-4256-a2eb-50fb1061cddb');
    expect(p.header.messageHeader.responseFor).toEqual([]);
    expect(p.signatureXml).toContain('xmlns="http://www.w3.org/2000/09/xmldsig#"');
    expect(p.attachments[0]).toMatchObject({
      contentId: '36b8a92e-f054-11e7-842b-005056b672fc',
      name: 'GUIDE_INSTALL OPENVPN.SIGNED.PDF',
      contentType: 'application/pdf',
    });
  });

  it('matches elements by namespace: foreign-namespace look-alikes are ignored', async () => {
    const xml = miniEdoc().replace(
      '<edXML:Subject>',
      '<x:Subject xmlns:x="urn:other">giả mạo</x:Subject><edXML:Subject>',
    );
    const p = asEdoc((await parse(xml)).parsed);
    expect(p.header.messageHeader.subject).toBe('Thử nghiệm');
  });

  it('skips a UTF-8 BOM and stray bytes', async () => {
    const { parsed } = await parse(`\uFEFF1212${miniEdoc()}`);
    expect(asEdoc(parsed).header.messageHeader.code.codeNumber).toBe('12');
  });

  it('reports numbers and booleans it cannot read as field issues', async () => {
    const xml = miniEdoc().replace(
      '</edXML:Subject>',
      '</edXML:Subject><OtherInfo><Priority>cao</Priority><Direction>có</Direction></OtherInfo>',
    );
    const p = asEdoc((await parse(xml)).parsed);
    expect(validateEdxml(p).map((i) => `${i.code} ${i.path}`)).toEqual([
      'edxml.bad_number MessageHeader.OtherInfo.Priority',
      'edxml.bad_boolean MessageHeader.OtherInfo.Direction',
    ]);
  });
});
