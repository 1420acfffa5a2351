/** Helpers for the incoming tests: tiny PDFs, multipart bodies, valid metadata. Not a test file itself. */
import { randomBytes } from 'node:crypto';
import type { Client } from '../../../test/factory';

export function tinyPdf(pages = 1, pad = 0): Buffer {
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i} 0 R`).join(' ');
  const objs = Array.from(
    { length: pages },
    (_, i) => `${3 + i} 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj`,
  ).join('\n');
  return Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [${kids}] /Count ${pages}>> endobj\n${objs}\n%${randomBytes(8).toString('hex')}${'x'.repeat(pad)}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

export interface Part {
  name: string;
  filename?: string;
  type?: string;
  content: Buffer | string;
}

export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----vanthu${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disp}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
        'utf8',
      ),
    );
    chunks.push(typeof p.content === 'string' ? Buffer.from(p.content, 'utf8') : p.content);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function meta(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    docTypeCode: 'cong_van',
    number: '125',
    notation: 'BTP-PLDSKT',
    issuedDate: '2026-03-02',
    issuingOrganName: 'Bộ Tư pháp',
    subject: 'Về việc góp ý dự thảo Thông tư hướng dẫn công tác văn thư',
    signerPosition: 'Thứ trưởng',
    signerName: 'Nguyễn Văn Ký',
    urgency: 'thuong',
    confidentiality: 'thuong',
    recipients: 'Bộ Nội vụ',
    ...overrides,
  };
}

export function registerBody(
  m: Record<string, unknown>,
  files: Part[] = [{ name: 'files', filename: 'scan.pdf', type: 'application/pdf', content: tinyPdf() }],
) {
  return multipart([{ name: 'meta', content: JSON.stringify(m) }, ...files]);
}

export async function register(c: Client, m: Record<string, unknown>, files?: Part[]) {
  const { body, contentType } = registerBody(m, files);
  return c.request('POST', '/api/incoming', body, { 'content-type': contentType });
}
