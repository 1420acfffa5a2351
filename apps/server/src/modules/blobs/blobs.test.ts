import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { sniff } from './blobs.sniff';
import { cleanFileName } from './blobs.service';

let sys: TestSystem;
let c: Client;
beforeAll(async () => {
  sys = await createTestSystem({ UPLOAD_MAX_BYTES: String(1024 * 1024) });
  c = await sys.login('chuyenvien.pc');
});
afterAll(async () => sys.stop());

const zip = (files: Record<string, string>) => Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
const odt = () => Buffer.from(zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8('<x/>') }));

function upload(name: string, content: Buffer) {
  const body = Buffer.concat([
    Buffer.from(`--B0undary\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
    content,
    Buffer.from('\r\n--B0undary--\r\n'),
  ]);
  return c.request('POST', '/api/files', body, { 'content-type': 'multipart/form-data; boundary=B0undary' });
}

function filesOnDisk(): string[] {
  const root = path.join(sys.dataDir, 'blobs');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else out.push(path.join(d, e.name));
    }
  };
  walk(root);
  return out;
}

describe('type detection by content', () => {
  it('recognises the accepted formats whatever their names', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniff(Buffer.from([0x49, 0x49, 0x2a, 0x00]))).toBe('tiff');
    expect(sniff(zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w/>' }))).toBe('docx');
    expect(sniff(zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<x/>' }))).toBe('xlsx');
    expect(sniff(odt())).toBe('odt');
    expect(sniff(zip({ 'a.txt': 'x' }))).toBe('zip');
    expect(sniff(Buffer.from('MZ\x90\x00 executable'))).toBeNull();
    expect(sniff(Buffer.from('<html><script>'))).toBeNull();
  });

  it('never uses the client path for storage and cleans display names', () => {
    expect(cleanFileName('../../etc/passwd', 'pdf')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\a\\Tờ trình.pdf', 'pdf')).toBe('Tờ trình.pdf');
    expect(cleanFileName('..', 'pdf')).toBe('tep.pdf');
    expect(cleanFileName('a\u0000b<c>.pdf', 'pdf')).toBe('a_b_c_.pdf');
  });
});

describe('uploads', () => {
  it('stores a PDF under its SHA-256, deduplicates, and serves it back to its uploader only', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n');
    const r = await upload('../../Công văn số 12.pdf', pdf);
    expect(r.statusCode).toBe(200);
    const f = r.json();
    expect(f).toMatchObject({ mime: 'application/pdf', size: pdf.length, name: 'Công văn số 12.pdf' });
    expect(f.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(fs.existsSync(path.join(sys.dataDir, 'blobs', f.sha256.slice(0, 2), f.sha256.slice(2, 4), f.sha256))).toBe(true);
    const again = (await upload('copy.pdf', pdf)).json();
    expect(again.sha256).toBe(f.sha256);
    expect(again.id).not.toBe(f.id);
    const got = await c.get(`/api/files/${f.id}`);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect(got.headers['content-disposition']).toContain(encodeURIComponent('Công văn số 12.pdf'));
    const other = await sys.login('chuyenvien.tccb');
    expect((await other.get(`/api/files/${f.id}`)).statusCode).toBe(404);
  });

  it('refuses a forbidden type with a stable code and leaves nothing on disk', async () => {
    const before = filesOnDisk();
    const r = await upload('hoa-don.pdf', Buffer.from('MZ this is an executable pretending to be a PDF'));
    expect(r.statusCode).toBe(415);
    expect(r.json().code).toBe('blobs.type_forbidden');
    expect(r.json().message).toMatch(/Loại tệp/);
    expect(filesOnDisk()).toEqual(before);
  });

  it('refuses a file over the limit with a stable code and leaves nothing on disk or in the database', async () => {
    const before = filesOnDisk();
    const rowsBefore = (await sys.deps.db.selectFrom('files').select('id').execute()).length;
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const r = await upload('lon.pdf', big);
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe('blobs.too_large');
    expect(filesOnDisk()).toEqual(before);
    expect((await sys.deps.db.selectFrom('files').select('id').execute()).length).toBe(rowsBefore);
  });

  it('the store refuses a stream that ends before its type is known and a disallowed kind', async () => {
    await expect(sys.deps.blobs.put(Readable.from([Buffer.from('hello')]), { maxBytes: 100, allowed: ['pdf'] })).rejects.toMatchObject({ code: 'blobs.type_forbidden' });
    await expect(sys.deps.blobs.put(Readable.from([zip({ 'a.txt': 'x' })]), { maxBytes: 10_000, allowed: ['pdf', 'docx'] })).rejects.toMatchObject({ code: 'blobs.type_forbidden' });
    expect(fs.readdirSync(path.join(sys.dataDir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('marks PDFs that may carry a signature (the ByteRange token, also across chunk boundaries)', async () => {
    const head = Buffer.from('%PDF-1.7\n' + 'x'.repeat(2000));
    const put = (chunks: Buffer[]) => sys.deps.blobs.put(Readable.from(chunks), { maxBytes: 1e6, allowed: ['pdf', 'png'] });
    expect((await put([head, Buffer.from('1 0 obj <</Type /Sig /ByteRange [0 1 2 3]>> endobj\n')])).signatureMarker).toBe(true);
    expect((await put([head, Buffer.from('<</ByteRa'), Buffer.from('nge [0 1 2 3]>>\n')])).signatureMarker).toBe(true);
    expect((await put([Buffer.concat([head, Buffer.from('<</Byte')]), Buffer.from('Range [0 1 2 3]>>\n')])).signatureMarker).toBe(true);
    expect((await put([head, Buffer.from('<</Type /Page /Byte Range>>\n')])).signatureMarker).toBe(false);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64), Buffer.from('ByteRange')]);
    expect((await put([png])).signatureMarker).toBeUndefined();
  });

  it('requires a multipart body with a file', async () => {
    const r = await c.post('/api/files', { file: 'x' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('blobs.not_multipart');
  });
});
