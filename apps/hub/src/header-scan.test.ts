import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HeaderScanner } from './header-scan';
import { buildTestEdoc, buildTestStatus } from './test-edxml';

const fixture = (name: string) =>
  fs.readFileSync(new URL(`../../../../shared/fixtures/edxml/${name}`, import.meta.url));

function scan(buf: Buffer, chunk = 64 * 1024): HeaderScanner {
  const s = new HeaderScanner();
  for (let i = 0; i < buf.length && s.push(buf.subarray(i, i + chunk)); i += chunk);
  s.end();
  return s;
}

describe('HeaderScanner', () => {
  it('reads the VPCP sample edoc despite the stray bytes before <?xml', () => {
    const s = scan(fixture('edoc_new.edxml'));
    expect(s.error).toBeNull();
    expect(s.header.from).toBe('002.00.20.H13');
    expect(s.header.to).toEqual(['28.22.H17']);
    expect(s.header.documentId).toBe('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    expect(s.header.businessDocType).toBe(0);
  });

  it('reads BussinessDocType of an update package', () => {
    expect(scan(fixture('edoc_update.edxml')).header.businessDocType).toBe(2);
  });

  it('reads a status package (code 13: From is the original sender)', () => {
    const s = scan(fixture('status_cancellation_13.edxml'));
    expect(s.header.from).toBe('000.00.00.G22');
    expect(s.header.statusCode).toBe('13');
    expect(s.header.responseFor).toEqual({
      organId: '000.00.00.H41',
      documentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
    });
  });

  it('stops at the end of the header without reading the attachments', () => {
    const buf = buildTestEdoc({
      from: 'A',
      to: ['B', 'C'],
      documentId: 'A,2025/01/02,1/X',
      attachmentBytes: 2_000_000,
    });
    const s = new HeaderScanner();
    let fed = 0;
    for (let i = 0; i < buf.length; i += 4096) {
      fed += 4096;
      if (!s.push(buf.subarray(i, i + 4096))) break;
    }
    expect(s.done).toBe(true);
    expect(fed).toBeLessThan(16 * 1024);
    expect(s.header.to).toEqual(['B', 'C']);
  });

  it('survives one-byte chunks splitting multibyte characters', () => {
    const s = scan(
      buildTestStatus({ from: 'Đ.01', responseFor: { organId: 'A', documentId: 'A,2025/01/02,Số 1/ĐT' }, code: '03' }),
      1,
    );
    expect(s.error).toBeNull();
    expect(s.header.from).toBe('Đ.01');
    expect(s.header.responseFor?.documentId).toBe('A,2025/01/02,Số 1/ĐT');
  });

  it('refuses DOCTYPE and reports a package cut before the end of its header', () => {
    const dtd = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE edXML [<!ENTITY x "y">]><edXML><edXML:edXMLEnvelope/></edXML>',
    );
    expect(scan(dtd).error).toMatch(/DOCTYPE/);
    const cut = buildTestEdoc({ from: 'A', to: ['B'], documentId: 'd' }).subarray(0, 300);
    expect(scan(cut).error).toMatch(/edXMLHeader/);
  });
});
