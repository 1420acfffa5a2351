import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { executableMagic, sniff } from './blobs.sniff';
import { pdfBomb } from './blobs.bombs';
import { PdfVerifier } from './blobs.verifier';
import { cleanFileName } from './blobs.service';

let sys: TestSystem;
let c: Client;
beforeAll(async () => {
  sys = await createTestSystem({ UPLOAD_MAX_BYTES: String(1024 * 1024) });
  c = await sys.login('chuyenvien.pc');
});
afterAll(async () => sys.stop());

const zip = (files: Record<string, string>) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
const odt = () =>
  Buffer.from(
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8('<x/>'),
    }),
  );

function upload(name: string, content: Buffer) {
  const body = Buffer.concat([
    Buffer.from(
      `--B0undary\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
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
    expect(cleanFileName('a\u0000b<c>.pdf', 'pdf')).toBe('ab_c_.pdf');
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
    expect(fs.existsSync(path.join(sys.dataDir, 'blobs', f.sha256.slice(0, 2), f.sha256.slice(2, 4), f.sha256))).toBe(
      true,
    );
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
    const r = await upload('hoa-don.png', Buffer.from('<html><script>alert(1)</script>'));
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
    await expect(
      sys.deps.blobs.put(Readable.from([Buffer.from('hello')]), { maxBytes: 100, allowed: ['pdf'] }),
    ).rejects.toMatchObject({ code: 'blobs.type_forbidden' });
    await expect(
      sys.deps.blobs.put(Readable.from([zip({ 'a.txt': 'x' })]), { maxBytes: 10_000, allowed: ['pdf', 'docx'] }),
    ).rejects.toMatchObject({ code: 'blobs.type_forbidden' });
    expect(fs.readdirSync(path.join(sys.dataDir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('marks PDFs that may carry a signature (the ByteRange token, also across chunk boundaries)', async () => {
    const head = Buffer.from('%PDF-1.7\n' + 'x'.repeat(2000));
    const put = (chunks: Buffer[]) =>
      sys.deps.blobs.put(Readable.from(chunks), { maxBytes: 1e6, allowed: ['pdf', 'png'] });
    expect(
      (await put([head, Buffer.from('1 0 obj <</Type /Sig /ByteRange [0 1 2 3]>> endobj\n')])).signatureMarker,
    ).toBe(true);
    expect((await put([head, Buffer.from('<</ByteRa'), Buffer.from('nge [0 1 2 3]>>\n')])).signatureMarker).toBe(true);
    expect(
      (await put([Buffer.concat([head, Buffer.from('<</Byte')]), Buffer.from('Range [0 1 2 3]>>\n')])).signatureMarker,
    ).toBe(true);
    expect((await put([head, Buffer.from('<</Type /Page /Byte Range>>\n')])).signatureMarker).toBe(false);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
      Buffer.from('ByteRange'),
    ]);
    expect((await put([png])).signatureMarker).toBeUndefined();
  });

  it('requires a multipart body with a file', async () => {
    const r = await c.post('/api/files', { file: 'x' });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('blobs.not_multipart');
  });
});

/** A real little PDF (pdf-lib can read it), optionally with a document-level JavaScript action. */
function realPdf(js?: string): Buffer {
  const open = js ? ' /OpenAction 4 0 R' : '';
  const objs = [
    `1 0 obj <</Type /Catalog /Pages 2 0 R${open}>> endobj`,
    '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj',
    ...(js ? [`4 0 obj <</S /JavaScript /JS (${js})>> endobj`] : []),
  ];
  return Buffer.from(`%PDF-1.7\n${objs.join('\n')}\ntrailer <</Root 1 0 R>>\n%%EOF\n`, 'latin1');
}

describe('upload attacks (issue 10, hole 5)', () => {
  it('knows the magic numbers of programs', () => {
    expect(executableMagic(Buffer.from('MZ\x90\x00'))).toMatch(/MZ/);
    expect(executableMagic(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1]))).toBe('ELF');
    expect(executableMagic(Buffer.from([0xcf, 0xfa, 0xed, 0xfe]))).toBe('Mach-O');
    expect(executableMagic(Buffer.from('#!/bin/sh\nrm -rf /'))).toMatch(/script/);
    expect(executableMagic(Buffer.from('\ufeff#!/usr/bin/env node'))).toMatch(/script/);
    expect(executableMagic(Buffer.from('%PDF-1.7'))).toBeNull();
  });

  it('refuses an EXE (MZ at 0) that carries %PDF- at 0x200, and leaves nothing behind', async () => {
    const exe = Buffer.alloc(0x400, 0);
    exe.write('MZ', 0, 'latin1');
    exe.write('%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n', 0x200, 'latin1');
    expect(sniff(exe)).toBeNull();
    const before = filesOnDisk();
    const rows = (await sys.deps.db.selectFrom('files').select('id').execute()).length;
    const r = await upload('hoa-don.pdf', exe);
    expect(r.statusCode).toBe(415);
    expect(r.json().code).toBe('blobs.executable');
    expect(r.json().message).toMatch(/chương trình/);
    expect(filesOnDisk()).toEqual(before);
    expect((await sys.deps.db.selectFrom('files').select('id').execute()).length).toBe(rows);
  });

  it('strips a right-to-left override from the name: "hoa-don\u202Efdp.exe" cannot pass for hoa-donexe.pdf', async () => {
    expect(cleanFileName('hoa-don\u202Efdp.exe', 'pdf')).toBe('hoa-donfdp.exe.pdf');
    expect(cleanFileName('a\u2066b\u2069c\u200e\u200fd\u202ae\u202b.pdf', 'pdf')).toBe('abcde.pdf');
    const r = await upload('hoa-don\u202Efdp.exe', realPdf());
    expect(r.statusCode).toBe(200);
    const f = r.json();
    expect(f.name).toBe('hoa-donfdp.exe.pdf');
    expect(f.name).not.toMatch(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    const got = await c.get(`/api/files/${f.id}`);
    expect(decodeURIComponent(String(got.headers['content-disposition']))).not.toMatch(/\u202e/i);
    expect(String(got.headers['content-disposition'])).toMatch(/\.pdf$/);
  });

  it('serves a PDF with JavaScript sandboxed: CSP sandbox, nosniff, as an attachment', async () => {
    const r = await upload('js.pdf', realPdf('app.alert\\(document.cookie\\)'));
    expect(r.statusCode).toBe(200);
    const got = await c.get(`/api/files/${r.json().id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(String(got.headers['content-security-policy'])).toMatch(/^sandbox(;|$)/);
    expect(String(got.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(String(got.headers['content-disposition'])).toMatch(/^attachment;/);
  });

  it('a file named .pdf must be a PDF: a ZIP, a PDF without its end, and a PDF that does not parse are refused', async () => {
    const before = filesOnDisk();
    const z = await upload('cong-van.pdf', zip({ 'a.txt': 'x' }));
    expect(z.statusCode).toBe(415);
    expect(z.json().code).toBe('blobs.not_pdf');
    const cut = await upload('cut.pdf', realPdf().subarray(0, 60));
    expect(cut.statusCode).toBe(415);
    expect(cut.json().code).toBe('blobs.pdf_damaged');
    const late = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('\n%%EOF\n'), Buffer.alloc(2000, 0x41)]);
    expect((await upload('late.pdf', late)).json().code).toBe('blobs.pdf_damaged');
    // trailing padding after %%EOF is fine
    expect(
      (await upload('padded.pdf', Buffer.concat([realPdf(), Buffer.alloc(5000, 0x20), Buffer.alloc(3000, 0)])))
        .statusCode,
    ).toBe(200);
    const broken = Buffer.from(
      '%PDF-1.7\n1 0 obj <</Type /ObjStm /N 5 /First 2 /Filter /FlateDecode /Length 9>> stream\nnot-zlib!\nendstream endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
    );
    const b = await upload('broken.pdf', broken);
    expect([200, 415]).toContain(b.statusCode); // pdf-lib tolerates a broken object; the check is that it never 500s
    if (b.statusCode === 415) expect(b.json().code).toBe('blobs.pdf_unreadable');
    if (b.statusCode === 415) expect(filesOnDisk()).toEqual(before);
  });
});

describe('decompression bomb upload (issue 10, hole 6)', () => {
  it('refuses a PDF whose object stream inflates past the cap, read in the verifier process, nothing stored', async () => {
    const bomb = await pdfBomb(48 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const before = filesOnDisk();
    const heap0 = process.memoryUsage().arrayBuffers;
    const r = await upload('bom.pdf', bomb);
    expect(r.statusCode).toBe(415);
    expect(r.json().code).toBe('blobs.pdf_bomb');
    expect(r.json().message).toMatch(/giải nén/);
    expect(filesOnDisk()).toEqual(before);
    // the inflated bytes lived in the verifier process, not here
    expect(process.memoryUsage().arrayBuffers - heap0).toBeLessThan(16 * 1024 * 1024);
  });

  it('the verifier restarts after a request that timed out', async () => {
    const v = new PdfVerifier({ timeoutMs: 1 });
    await expect(v.ping()).rejects.toMatchObject({ code: 'pades.verifier_timeout' });
    const ok = new PdfVerifier({ timeoutMs: 60_000 });
    const { pid } = await ok.ping();
    expect(pid).not.toBe(process.pid);
    const report = await ok.verify({ bytes: realPdf() }, { trustAnchors: [] });
    expect(report.signatures).toEqual([]);
    ok.stop();
    v.stop();
  });
});
