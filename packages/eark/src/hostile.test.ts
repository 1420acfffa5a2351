// Hostile packages are refused with a code and the rule they break; nothing is read outside the package.
import { mkdtempSync, writeFileSync, symlinkSync, cpSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseXml, validatePackage } from './index';

const MINIMAL = path.resolve(
  __dirname,
  '../../../../shared/fixtures/eark/CSIP1/valid/minimal_IP_with_1_representation',
);
const tmp = () => mkdtempSync(path.join(tmpdir(), 'eark-hostile-'));

function zipFile(files: Record<string, Uint8Array | [Uint8Array, { os: number; attrs: number }]>): string {
  const dir = tmp();
  const p = path.join(dir, 'pkg.zip');
  writeFileSync(p, zipSync(files as never));
  return p;
}

const codes = async (p: string) =>
  (await validatePackage(p)).findings.filter((f) => f.level === 'error').map((f) => `${f.id}:${f.code ?? ''}`);

describe('hostile packages', () => {
  it('refuses a ZIP entry that climbs out of the package', async () => {
    const p = zipFile({ 'pkg/METS.xml': new Uint8Array([60]), '../evil.txt': new TextEncoder().encode('x') });
    expect(await codes(p)).toEqual(['CSIPSTR1:zip.unsafe_path']);
  });
  it('refuses an absolute entry path', async () => {
    const p = zipFile({ '/etc/evil': new TextEncoder().encode('x') });
    expect(await codes(p)).toEqual(['CSIPSTR1:zip.unsafe_path']);
  });
  it('refuses a symbolic link inside a ZIP', async () => {
    const p = zipFile({ link: [new TextEncoder().encode('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] });
    expect(await codes(p)).toEqual(['CSIPSTR1:zip.symlink']);
  });
  it('refuses a symbolic link inside a folder package', async () => {
    const d = path.join(tmp(), 'pkg');
    cpSync(MINIMAL, d, { recursive: true });
    symlinkSync('/etc/passwd', path.join(d, 'documentation', 'passwd'));
    expect(await codes(d)).toEqual(['CSIPSTR1:eark.symlink']);
  });
  it('refuses a ZIP bomb before inflating it', async () => {
    const p = zipFile({ 'pkg/METS.xml': new Uint8Array(64 * 1024 * 1024) });
    const before = process.memoryUsage().rss;
    expect(await codes(p)).toEqual(['CSIPSTR1:zip.bomb']);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });
  it('refuses a METS with a DOCTYPE or an external entity', async () => {
    for (const doctype of [
      '<!DOCTYPE mets [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE mets SYSTEM "http://127.0.0.1:1/x.dtd">',
    ]) {
      const d = path.join(tmp(), 'pkg');
      cpSync(MINIMAL, d, { recursive: true });
      const mets = readFileSync(path.join(d, 'METS.xml'), 'utf8').replace('<mets ', `${doctype}\n<mets `);
      writeFileSync(path.join(d, 'METS.xml'), mets);
      expect(await codes(d)).toEqual(['CSIPSTR4:xml.doctype']);
    }
  });
  it('refuses 10,000-deep nesting without exhausting the stack', () => {
    const deep = `<mets xmlns="http://www.loc.gov/METS/">${'<div>'.repeat(10_000)}${'</div>'.repeat(10_000)}</mets>`;
    expect(() => parseXml(deep)).toThrow(expect.objectContaining({ code: 'xml.too_deep' }));
  });
  it('reports a referenced file that is missing and one whose checksum differs', async () => {
    const d = path.join(tmp(), 'minimal_IP_with_1_representation');
    cpSync(MINIMAL, d, { recursive: true });
    const doc = path.join(d, 'documentation', 'Doc1.txt');
    const original = readFileSync(doc);
    writeFileSync(doc, Buffer.from(original).fill(0x41, 0, 1));
    expect(await codes(d)).toContain('CSIP71:');
    writeFileSync(doc, original);
    expect(await codes(d)).toEqual([]);
    const mets = readFileSync(path.join(d, 'METS.xml'), 'utf8').replace(
      'documentation/Doc1.txt',
      'documentation/missing.txt',
    );
    writeFileSync(path.join(d, 'METS.xml'), mets);
    expect(await codes(d)).toContain('CSIP79:');
  });
  it('reads a zipped package the same as its folder', async () => {
    const files: Record<string, Uint8Array> = {};
    const { readdirSync, statSync } = await import('node:fs');
    const walk = (rel: string) => {
      for (const n of readdirSync(path.join(MINIMAL, rel))) {
        const r = rel ? `${rel}/${n}` : n;
        if (statSync(path.join(MINIMAL, r)).isDirectory()) walk(r);
        else files[`minimal_IP_with_1_representation/${r}`] = readFileSync(path.join(MINIMAL, r));
      }
    };
    walk('');
    const z = await validatePackage(zipFile(files));
    const f = await validatePackage(MINIMAL);
    expect(z.package).toBe('minimal_IP_with_1_representation');
    expect(z.findings.map((x) => x.id)).toEqual(f.findings.map((x) => x.id));
    expect(z.errors).toBe(0);
  });
});
