import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { meta, register, tinyPdf } from '../incoming/incoming.testkit';
import { demoIds, draft, expect200, toSigned } from '../outgoing/outgoing.testkit';
import { DOC_FIELDS, FILE_FIELDS } from './workfiles.tt05';

let sys: TestSystem;
let clerk: Client;
let fileId: string;
const signedShas: string[] = [];
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const XSD = path.join(import.meta.dirname, 'tt05-hoso.xsd');
let tmp: string;

beforeAll(async () => {
  sys = await createTestSystem();
  clerk = await sys.login('vanthu');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-export-'));
  const ids = await demoIds(sys);
  fileId = (
    await clerk.post('/api/workfiles', {
      title: 'Hồ sơ về việc xây dựng Thông tư hướng dẫn công tác văn thư, lưu trữ',
      notation: '10.VP',
      retention: '20',
      startDate: '2026-01-05',
    })
  ).json().id;
  // 16 incoming scans (1–3 pages each), added in reverse date order.
  for (let i = 0; i < 16; i++) {
    const r = await register(
      clerk,
      meta({
        number: String(100 + i),
        issuedDate: `2026-02-${String(20 - i).padStart(2, '0')}`,
        subject: `Góp ý dự thảo Thông tư lần ${i + 1} — Bộ Tư pháp đề nghị chỉnh sửa`,
      }),
      [{ name: 'files', filename: `scan-${i}.pdf`, type: 'application/pdf', content: tinyPdf(1 + (i % 3)) }],
    );
    expect200(r);
    expect200(await clerk.post(`/api/workfiles/${fileId}/members`, { kind: 'incoming', refId: r.json().id }));
  }
  // 4 signed and issued outgoing documents (personal signature + organ seal).
  for (let i = 0; i < 4; i++) {
    const id = await draft(await sys.login('chuyenvien.pc'), ids, { subject: `V/v trả lời góp ý số ${i + 1}` });
    await toSigned(sys, id);
    expect200(await clerk.post(`/api/outgoing/${id}/issue`));
    const v = (await clerk.get(`/api/outgoing/${id}`)).json() as { sealedFileId: string };
    const bytes = (await clerk.get(`/api/outgoing/${id}/files/${v.sealedFileId}`)).rawPayload;
    signedShas.push(sha256(bytes));
    expect200(await clerk.post(`/api/workfiles/${fileId}/members`, { kind: 'outgoing', refId: id }));
  }
}, 120_000);
afterAll(async () => {
  await sys?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('export of a whole file (F4g)', () => {
  it("one PDF: cover + every document's pages in date order, one bookmark each, Vietnamese text, signed originals attached byte for byte", async () => {
    const page = (await clerk.get(`/api/workfiles/${fileId}`)).json() as {
      members: { pageCount: number; docDate: string }[];
    };
    expect(page.members).toHaveLength(20);
    const dates = page.members.map((m) => m.docDate);
    expect([...dates].sort()).toEqual(dates);
    const sum = page.members.reduce((a, m) => a + m.pageCount, 0);
    const r = await clerk.get(`/api/workfiles/${fileId}/export.pdf`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdfPath = path.join(tmp, 'hoso.pdf');
    fs.writeFileSync(pdfPath, r.rawPayload);
    const doc = await PDFDocument.load(r.rawPayload);
    expect(doc.getPageCount()).toBe(1 + sum);
    // Bookmarks: walk the outline chain.
    const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    const titles: string[] = [];
    let ref = outlines.get(PDFName.of('First')) as PDFRef | undefined;
    while (ref) {
      const item = doc.context.lookup(ref, PDFDict);
      titles.push((item.lookup(PDFName.of('Title')) as unknown as { decodeText(): string }).decodeText());
      ref = item.get(PDFName.of('Next')) as PDFRef | undefined;
    }
    expect(titles).toHaveLength(20);
    expect(titles[0]).toContain('Góp ý dự thảo Thông tư lần 16');
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('Hồ sơ về việc xây dựng Thông tư hướng dẫn công tác văn thư');
    expect(text).toContain('000.00.00.G09.2026.10.VP');
    expect(text).toContain('Thời hạn bảo quản: 20 năm');
    // Signed originals: embedded unchanged.
    const out = path.join(tmp, 'att');
    fs.mkdirSync(out);
    execFileSync('pdfdetach', ['-saveall', '-o', out, pdfPath]);
    const attached = fs.readdirSync(out).map((f) => sha256(fs.readFileSync(path.join(out, f))));
    expect(attached.sort()).toEqual([...signedShas].sort());
  }, 60_000);

  it('one XML with the TT 05 fields (18 file, 21 per document): valid against the XSD, round-trips', async () => {
    const r = await clerk.get(`/api/workfiles/${fileId}/export.xml`);
    expect(r.statusCode).toBe(200);
    const xmlPath = path.join(tmp, 'hoso.xml');
    fs.writeFileSync(xmlPath, r.rawPayload);
    execFileSync('xmllint', ['--noout', '--schema', XSD, xmlPath], { stdio: 'pipe' }); // throws when invalid
    // Parse back (saxes): the same values as the file page shows.
    const parser = new SaxesParser({ xmlns: true });
    const file: Record<string, string> = {};
    const docs: Record<string, string>[] = [];
    const stack: string[] = [];
    let textBuf = '';
    parser.on('opentag', (t) => {
      stack.push(t.local);
      textBuf = '';
      if (t.local === 'document') docs.push({});
    });
    parser.on('text', (t) => (textBuf += t));
    parser.on('closetag', (t) => {
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent === 'file') file[t.local] = textBuf;
      else if (parent === 'document') docs[docs.length - 1]![t.local] = textBuf;
      textBuf = '';
    });
    parser.write(r.rawPayload.toString('utf8')).close();
    expect(Object.keys(file)).toEqual([...FILE_FIELDS]);
    expect(file).toMatchObject({
      fileCode: '000.00.00.G09.2026.10.VP',
      title: 'Hồ sơ về việc xây dựng Thông tư hướng dẫn công tác văn thư, lưu trữ',
      maintenance: '05',
      totalDoc: '20',
      startDate: '05/01/2026',
    });
    expect(docs).toHaveLength(20);
    expect(Object.keys(docs[0]!)).toEqual([...DOC_FIELDS]);
    const page = (await clerk.get(`/api/workfiles/${fileId}`)).json() as {
      members: { ordinal: number; subject: string; docCode: string; pageCount: number }[];
    };
    expect(docs.map((d) => d.subject)).toEqual(page.members.map((m) => m.subject));
    expect(docs.map((d) => d.docCode)).toEqual(page.members.map((m) => m.docCode));
    expect(docs[0]).toMatchObject({
      typeName: '18',
      codeNumber: '115',
      codeNotation: 'BTP-PLDSKT',
      issuedDate: '05/02/2026',
      organName: 'Bộ Tư pháp',
    });
    expect(Number(file.numberOfPage)).toBe(page.members.reduce((a, m) => a + m.pageCount, 0));
  });

  it('a reader outside the file cannot export it (404)', async () => {
    const other = await sys.login('chuyenvien.tccb');
    expect((await other.get(`/api/workfiles/${fileId}/export.pdf`)).statusCode).toBe(404);
    expect((await other.get(`/api/workfiles/${fileId}/export.xml`)).statusCode).toBe(404);
  });
});
