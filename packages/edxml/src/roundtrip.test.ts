import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { buildEdoc, completeEdocMeta, type EdocMeta } from './build-edoc';
import { buildStatus } from './build-status';
import { parseEdxml } from './parse';
import { createMemorySink } from './sinks';
import { elementPaths, fixturePath, readFixture, sha256, textStream } from './testing';
import type { ParsedEdoc } from './types';
import { validateEdoc } from './validate-edoc';

async function parseFile(path: string): Promise<{ parsed: ParsedEdoc; files: Map<string, Buffer> }> {
  const mem = createMemorySink();
  const parsed = await parseEdxml(path, { attachmentSink: mem.sink });
  if (parsed.kind !== 'edoc') throw new Error('not an edoc');
  return { parsed, files: mem.files };
}

async function rebuild(parsed: ParsedEdoc, files: Map<string, Buffer>): Promise<string> {
  const atts = parsed.attachments.map((a) => ({
    name: a.name,
    contentType: a.contentType,
    description: a.description,
    contentId: a.contentId,
    source: files.get(a.key)!,
  }));
  return text(buildEdoc(parsed.header, atts));
}

const EDOCS = ['edoc_new.edxml', 'edoc_revocation.edxml', 'edoc_update.edxml', 'edoc_replacement.edxml'];

describe('round trip parse → build → parse', () => {
  it.each(EDOCS)('%s keeps metadata and attachment bytes', async (name) => {
    const first = await parseFile(fixturePath(name));
    const xml = await rebuild(first.parsed, first.files);
    const mem = createMemorySink();
    const second = await parseEdxml(textStream(xml, 7000), { attachmentSink: mem.sink });
    if (second.kind !== 'edoc') throw new Error('not an edoc');
    expect(second.header).toEqual(first.parsed.header);
    expect(second.manifest).toEqual(first.parsed.manifest);
    expect(
      second.attachments.map((a) => [a.contentId, a.name, a.size, a.sha256, a.entries.map((e) => e.sha256)]),
    ).toEqual(
      first.parsed.attachments.map((a) => [a.contentId, a.name, a.size, a.sha256, a.entries.map((e) => e.sha256)]),
    );
    expect(sha256(mem.files.get('0')!)).toBe(first.parsed.attachments[0]!.sha256);
    expect(validateEdoc(second)).toEqual([]);
  });

  it('status packages keep their content', async () => {
    const first = await parseEdxml(fixturePath('status_cancellation_13.edxml'));
    if (first.kind !== 'status') throw new Error('not a status');
    const second = await parseEdxml(buildStatus(first.status));
    expect(second).toMatchObject({ kind: 'status', status: first.status });
  });

  it('writes base64 in 76-character lines and escapes text', async () => {
    const xml = await text(
      buildEdoc(
        {
          messageHeader: {
            from: { organId: '000.00.00.G22' },
            to: [{ organId: '000.00.00.H41' }],
            code: { codeNumber: '5', codeNotation: 'VPCP-TH' },
            subject: 'A & B <C> "D"',
          },
        },
        [{ name: 'a.pdf', contentType: 'application/pdf', source: Buffer.alloc(200, 7) }],
      ),
    );
    expect(xml).toContain('<edXML:Subject>A &amp; B &lt;C&gt; "D"</edXML:Subject>');
    const lines = xml.split('\n').filter((l) => /^[A-Za-z0-9+/=]+$/.test(l));
    expect(lines.map((l) => l.length)).toEqual([76, 76, 76, 40]);
    expect(xml).toContain('<edXML:Bussiness>');
    expect(xml).toMatch(/<edXML:DocumentId>000\.00\.00\.G22,\d{4}\/\d{2}\/\d{2},5\/VPCP-TH<\/edXML:DocumentId>/);
    const back = await parseEdxml(textStream(xml, 50), { attachmentSink: createMemorySink().sink });
    expect(back.kind === 'edoc' && back.header.messageHeader.subject).toBe('A & B <C> "D"');
    expect(back.kind === 'edoc' && back.attachments[0]!.sha256).toBe(sha256(Buffer.alloc(200, 7)));
  });
});

const withoutSignature = (paths: Set<string>): Set<string> =>
  new Set([...paths].filter((p) => !p.includes('/Signature')));

/** A header that uses every element the builder knows. */
function fullMeta(): EdocMeta {
  const organ = {
    organId: '000.00.00.G22',
    organizationInCharge: 'VPCP',
    organName: 'VPCP',
    organAdd: 'HN',
    email: 'a@b.vn',
    telephone: '1',
    fax: '2',
    website: 'w',
  };
  return {
    messageHeader: {
      from: organ,
      to: [{ ...organ, organId: '000.00.00.H41' }],
      documentId: '000.00.00.G22,2024/01/02,1/VPCP',
      code: { codeNumber: '1', codeNotation: 'VPCP' },
      promulgationInfo: { place: 'Hà Nội', promulgationDate: '2024/01/02' },
      documentType: { type: 1, typeDetail: 0, typeName: 'Công văn' },
      subject: 'S',
      content: 'C',
      signerInfo: { competence: 'KT', position: 'P', fullName: 'F' },
      dueDate: '2024/02/01',
      otherInfo: {
        priority: 1,
        sphereOfPromulgation: 'x',
        typerNotation: 'y',
        promulgationAmount: 1,
        pageAmount: 2,
        direction: true,
        appendixes: ['PL'],
      },
      responseFor: [{ organId: '000.00.00.H41', code: '2/UBND', promulgationDate: '2023/12/01', documentId: 'd' }],
      steeringType: 1,
      toPlaces: ['Như trên'],
    },
    traceHeaderList: {
      traceHeaders: [{ organId: '000.00.00.G22', timestamp: '2024/01/02 08:00:00' }],
      bussiness: {
        documentId: 'x',
        bussinessDocType: 2,
        bussinessDocReason: 'r',
        paper: 0,
        staffInfo: { department: 'd', staff: 's', email: 'e', mobile: 'm' },
        bussinessDocumentInfo: {
          documentInfo: 1,
          documentReceiver: 1,
          receiverList: [{ organId: '000.00.00.H41', receiverType: 1 }],
        },
        replacementInfoList: [{ documentId: 'old', organIdList: ['000.00.00.H41'] }],
      },
    },
  };
}

describe('element paths of built packages', () => {
  it('rebuilding edoc_new emits exactly its element paths, the opaque envelope Signature aside', async () => {
    const { parsed, files } = await parseFile(fixturePath('edoc_new.edxml'));
    const built = elementPaths(await rebuild(parsed, files));
    const sample = elementPaths(readFixture('edoc_new.edxml'));
    expect([...sample].filter((p) => p.includes('/Signature')).length).toBeGreaterThan(5);
    expect(built).toEqual(withoutSignature(sample));
  });

  it('a full document emits the union of the element paths of all four edoc samples (Signature aside)', async () => {
    const union = new Set(EDOCS.flatMap((n) => [...elementPaths(readFixture(n))]));
    const built = elementPaths(
      await text(
        buildEdoc(fullMeta(), [
          { name: 'a.pdf', contentType: 'application/pdf', description: 'a', source: Buffer.from('%PDF') },
        ]),
      ),
    );
    expect(built).toEqual(withoutSignature(union));
  });

  it('completeEdocMeta fills DocumentId from sender, date and code, and a default trace header', () => {
    const full = completeEdocMeta(
      {
        messageHeader: {
          from: { organId: '000.00.00.G22' },
          to: [],
          code: { codeNumber: '7816', codeNotation: 'VPCP-TTĐT' },
          subject: 's',
          promulgationInfo: { promulgationDate: '2015/09/30' },
        },
      },
      new Date('2024-05-06T20:00:00Z'),
    );
    expect(full.messageHeader.documentId).toBe('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    expect(full.traceHeaderList.traceHeaders).toEqual([{ organId: '000.00.00.G22', timestamp: '2024/05/07 03:00:00' }]);
  });
});
