// An AIP of a work file with 20 documents: validates with no error, unpacks to files whose SHA-256 match the
// METS, and reads back to the same metadata and bytes.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildPackage, premisXml, readPackage, unpackPackage, validatePackage, type ContentFile } from './index';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function doc(i: number): { bytes: Buffer; file: ContentFile } {
  const bytes = Buffer.from(
    `%PDF-1.7\n% Văn bản số ${i}/BNV-VP — Công văn về việc lưu trữ hồ sơ\n${'x'.repeat(1000 * i)}\n%%EOF\n`,
    'utf8',
  );
  return {
    bytes,
    file: {
      path: `${String(i).padStart(2, '0')} Công văn ${i}.pdf`,
      mimetype: 'application/pdf',
      size: bytes.length,
      sha256: i % 2 ? sha(bytes) : undefined,
      open: () => Readable.from([bytes]),
    },
  };
}

describe('buildPackage', () => {
  it('builds an AIP of 20 documents that validates, unpacks with matching checksums and round-trips', async () => {
    const docs = Array.from({ length: 20 }, (_, i) => doc(i + 1));
    const ead = `<?xml version="1.0" encoding="UTF-8"?><ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>000.00.00.H01.2026.01.TCCB</eadid></eadheader><archdesc level="file"><did><unittitle>Hồ sơ tuyển dụng công chức năm 2026</unittitle></did></archdesc></ead>`;
    const premis = premisXml({
      objects: docs.map((d, i) => ({
        id: `obj-${i + 1}`,
        name: d.file.path,
        size: d.bytes.length,
        sha256: sha(d.bytes),
        format: 'PDF',
      })),
      events: [
        {
          id: 'ev-ingest',
          type: 'ingestion',
          date: new Date('2026-12-04T08:00:00Z'),
          outcome: 'success',
          agentId: 'vanthu',
          objectIds: ['obj-1'],
        },
      ],
      agents: [{ id: 'vanthu', name: 'vanthu 0.1', type: 'software' }],
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'eark-build-'));
    const zip = path.join(dir, 'aip.zip');
    const built = await buildPackage(
      {
        id: '000.00.00.H01.2026.01.TCCB',
        packageType: 'AIP',
        agent: { name: 'vanthu', version: '0.1.0' },
        agents: [{ role: 'ARCHIVIST', type: 'ORGANIZATION', name: 'Bộ Nội vụ — Lưu trữ cơ quan' }],
        descriptive: [{ name: 'ead.xml', mdtype: 'EAD', content: ead }],
        preservation: [{ name: 'premis.xml', mdtype: 'PREMIS', content: premis }],
        representations: [
          {
            id: 'rep1',
            files: docs.map((d) => d.file),
            preservation: [{ name: 'premis-rep1.xml', mdtype: 'PREMIS', content: premis }],
          },
        ],
      },
      zip,
    );
    expect(built.files.size).toBe(20 + 3 + 2 + 3);

    const report = await validatePackage(zip);
    expect(report.findings.filter((f) => f.level === 'error')).toEqual([]);
    // Only the SHOULD of descriptive metadata per representation (the file's description sits in the package METS).
    expect(report.findings.map((f) => `${f.id} ${f.mets}`)).toEqual(['CSIP17 representations/rep1/METS.xml']);

    const root = await unpackPackage(zip, path.join(dir, 'out'));
    expect(path.basename(root)).toBe('000.00.00.H01.2026.01.TCCB');
    for (const [rel, { size, sha256 }] of built.files) {
      const bytes = readFileSync(path.join(root, rel));
      expect(bytes.length, rel).toBe(size);
      expect(sha(bytes), rel).toBe(sha256);
    }
    expect(statSync(path.join(root, 'representations/rep1/data/01 Công văn 1.pdf')).size).toBe(docs[0]!.bytes.length);
    expect((await validatePackage(root)).errors).toBe(0);

    const read = await readPackage(zip);
    expect(read).toMatchObject({
      id: '000.00.00.H01.2026.01.TCCB',
      packageType: 'AIP',
      agent: { name: 'vanthu', version: '0.1.0' },
    });
    expect(read.descriptive.map((d) => [d.name, d.mdtype, d.content.toString('utf8')])).toEqual([
      ['ead.xml', 'EAD', ead],
    ]);
    expect(read.preservation[0]!.content.toString('utf8')).toBe(premis);
    const files = read.representations[0]!.files;
    expect(files.map((f) => f.path)).toEqual(docs.map((d) => d.file.path));
    expect(files.map((f) => f.checksum)).toEqual(docs.map((d) => sha(d.bytes)));
    for (const [i, f] of files.entries())
      expect(readFileSync(path.join(root, 'representations/rep1/data', f.path))).toEqual(docs[i]!.bytes);
  });

  it('refuses a file path that climbs out and a content stream that lies about its bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eark-build-'));
    const bad = {
      path: '../x.pdf',
      mimetype: 'application/pdf',
      size: 1,
      open: () => Readable.from([Buffer.from('x')]),
    };
    await expect(
      buildPackage(
        {
          id: 'p',
          packageType: 'AIP',
          agent: { name: 'v', version: '1' },
          representations: [{ id: 'rep1', files: [bad] }],
        },
        path.join(dir, 'a.zip'),
      ),
    ).rejects.toMatchObject({ code: 'eark.bad_path' });
    let calls = 0;
    const changing = {
      path: 'a.pdf',
      mimetype: 'application/pdf',
      size: 3,
      open: () => Readable.from([Buffer.from(calls++ ? 'BBB' : 'AAA')]),
    };
    await expect(
      buildPackage(
        {
          id: 'p',
          packageType: 'AIP',
          agent: { name: 'v', version: '1' },
          representations: [{ id: 'rep1', files: [changing] }],
        },
        path.join(dir, 'b.zip'),
      ),
    ).rejects.toMatchObject({ code: 'eark.content_changed' });
  });
});
