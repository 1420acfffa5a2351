import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attachmentXml, fixturePath, miniEdoc, referenceXml, sha256 } from './testing';

const BIN = fileURLToPath(new URL('../bin/edxml.mjs', import.meta.url));

function edxml(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (err, stdout) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout });
    });
  });
}

describe('edxml CLI', () => {
  it('parse --json, validate (valid, invalid, refused) and build', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edxml-cli-'));
    try {
      const parsed = await edxml('parse', fixturePath('edoc_new.edxml'), '--json');
      expect(parsed.code).toBe(0);
      const json = JSON.parse(parsed.stdout) as {
        kind: string;
        header: { messageHeader: { from: { organId: string } } };
        attachments: unknown[];
      };
      expect(json.kind).toBe('edoc');
      expect(json.header.messageHeader.from.organId).toBe('002.00.20.H13');
      expect(json.attachments).toEqual([
        {
          contentId: '209',
          name: '1896_QD-TTg_m_294779.doc',
          contentType: 'application/zip',
          description: '1896_QD-TTg_m_294779.doc',
          size: 270823,
          sha256: '7ab7c43a02a3cf2cedd14ebf2545a37e7a1307e0091b4ba94c2ef1e842a763aa',
          entries: [
            {
              name: '32da2890-1a55-4ccd-9ac9-cd0d98559e67.edxml',
              contentType: 'application/xml',
              size: 388347,
              sha256: '8385739ec4a4ed36d71eabcaead629641ffc5ffff3d487ff5c34d2f821c9f36e',
            },
          ],
        },
      ]);

      expect((await edxml('validate', fixturePath('status_rejection_02.edxml'))).code).toBe(0);

      const strict = await edxml('validate', '--strict', fixturePath('edoc_new.edxml'));
      expect(strict.code).toBe(2);
      expect(strict.stdout).toContain('edxml.bad_organ_code\tMessageHeader.To[0].OrganId');

      const hostile = join(dir, 'xxe.edxml');
      await writeFile(
        hostile,
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><edXML>&e;</edXML>',
      );
      const refused = await edxml('validate', hostile);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toContain('edxml.dtd_forbidden');

      const meta = join(dir, 'meta.json');
      const pdf = join(dir, 'quyet-dinh.pdf');
      await writeFile(pdf, '%PDF-1.4 thử');
      await writeFile(
        meta,
        JSON.stringify({
          messageHeader: {
            from: { organId: '000.00.00.G22' },
            to: [{ organId: '000.00.00.H41' }],
            code: { codeNumber: '3', codeNotation: 'VPCP-TH' },
            subject: 'Thử',
          },
        }),
      );
      const out = join(dir, 'out.edxml');
      expect((await edxml('build', meta, pdf, '-o', out)).code).toBe(0);
      const back = await edxml('parse', out, '--json');
      expect(back.stdout).toContain('"name": "quyet-dinh.pdf"');
      expect(back.stdout).toContain('"contentType": "application/pdf"');

      const missing = join(dir, 'missing.edxml');
      await writeFile(
        missing,
        miniEdoc({ manifest: '<edXML:Reference><edXML:ContentId>cid:1</edXML:ContentId></edXML:Reference>' }),
      );
      const invalid = await edxml('validate', missing);
      expect(invalid.code).toBe(2);
      expect(invalid.stdout).toContain('edxml.manifest_missing_attachment');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--help prints the usage on stdout and exits 0; no arguments is a usage error (1)', async () => {
    for (const args of [['--help'], ['-h'], ['help'], ['extract', '--help']]) {
      const r = await edxml(...args);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('edxml extract <tệp.edxml> -o <thư mục>');
      expect(r.stdout).toContain('edxml validate');
    }
    expect((await edxml()).code).toBe(1);
    expect((await edxml('extract', fixturePath('edoc_new.edxml'))).code).toBe(1);
  });

  it('validate prints warnings and still exits 0 for a gateway package with a long CodeNumber', async () => {
    const r = await edxml(
      'validate',
      fileURLToPath(new URL('../fixtures/gateway_long_codenumber.edxml', import.meta.url)),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cảnh báo\tedxml.code_number_long\tMessageHeader.Code.CodeNumber');
    expect(r.stdout).toContain('Hợp lệ.');
  });

  it('extract writes attachments under safe names (no traversal), unzipped files beside them and metadata.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edxml-extract-'));
    try {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
      const hostileNames = [
        '../../../tmp/evil.pdf',
        '..\\..\\win.pdf',
        'CON.pdf',
        '.hidden',
        'a\u202Efdp.exe',
        'metadata.json',
        'dup.PDF',
        'dup.pdf',
        '',
      ];
      const atts = hostileNames.map((n, i) =>
        attachmentXml(String(i + 1), n.replace(/&/g, '&amp;').replace(/</g, '&lt;'), pdf.toString('base64')),
      );
      const refs = hostileNames.map((n, i) =>
        referenceXml(String(i + 1), n.replace(/&/g, '&amp;').replace(/</g, '&lt;')),
      );
      const pkg = join(dir, 'goi.edxml');
      await writeFile(pkg, miniEdoc({ manifest: refs.join(''), attachments: atts.join('') }));
      const out = join(dir, 'ra');
      const r = await edxml('extract', pkg, '-o', out);
      expect(r.code).toBe(0);
      const names = (await readdir(out)).sort();
      expect(names).toEqual(
        [
          '_CON.pdf',
          'afdp.exe',
          'dup (2).pdf',
          'dup.PDF',
          'evil.pdf',
          'hidden',
          'metadata (2).json',
          'metadata.json',
          'tep-9',
          'win.pdf',
        ].sort(),
      );
      expect(await readdir(dir)).toEqual(expect.not.arrayContaining(['evil.pdf', 'win.pdf']));
      for (const n of names.filter((x) => x !== 'metadata.json')) expect(await readFile(join(out, n))).toEqual(pdf);
      const meta = JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8')) as {
        kind: string;
        files: { path: string; name: string; sha256: string }[];
        header: { messageHeader: { subject: string } };
        envelopeSignature: { status: string };
      };
      expect(meta.kind).toBe('edoc');
      expect(meta.header.messageHeader.subject).toBe('Thử nghiệm');
      expect(meta.envelopeSignature.status).toBe('absent');
      expect(meta.files.map((f) => f.path)).toEqual([
        'evil.pdf',
        'win.pdf',
        '_CON.pdf',
        'hidden',
        'afdp.exe',
        'metadata (2).json',
        'dup.PDF',
        'dup (2).pdf',
        'tep-9',
      ]);
      expect(meta.files[0]!.name).toBe('../../../tmp/evil.pdf');
      expect(meta.files.every((f) => f.sha256 === sha256(pdf))).toBe(true);

      // An official sample: the zip attachment and the file unzipped from it.
      const out2 = join(dir, 'mau');
      expect((await edxml('extract', fixturePath('edoc_new.edxml'), '-o', out2)).code).toBe(0);
      expect((await readdir(out2)).sort()).toEqual([
        '1896_QD-TTg_m_294779.doc',
        '1896_QD-TTg_m_294779.doc.files',
        'metadata.json',
      ]);
      const inner = await readFile(
        join(out2, '1896_QD-TTg_m_294779.doc.files', '32da2890-1a55-4ccd-9ac9-cd0d98559e67.edxml'),
      );
      expect(sha256(inner)).toBe('8385739ec4a4ed36d71eabcaead629641ffc5ffff3d487ff5c34d2f821c9f36e');

      // A non-empty target is refused; nothing of it is touched.
      await mkdir(join(dir, 'day'));
      await writeFile(join(dir, 'day', 'cu.txt'), 'cũ');
      expect((await edxml('extract', pkg, '-o', join(dir, 'day'))).code).toBe(1);
      expect(await readdir(join(dir, 'day'))).toEqual(['cu.txt']);

      // Size cap over all files: refused with a code, the new directory removed.
      const big = join(dir, 'lon.edxml');
      await writeFile(
        big,
        miniEdoc({
          manifest: referenceXml('1', 'a.pdf') + referenceXml('2', 'b.pdf'),
          attachments:
            attachmentXml('1', 'a.pdf', Buffer.alloc(700_000, 1).toString('base64')) +
            attachmentXml('2', 'b.pdf', Buffer.alloc(700_000, 2).toString('base64')),
        }),
      );
      const capped = await edxml('extract', big, '-o', join(dir, 'lon'), '--max-mb', '1');
      expect(capped.code).toBe(2);
      expect(capped.stdout).toContain('edxml.attachment_too_large');
      await expect(stat(join(dir, 'lon'))).rejects.toThrow();
      expect((await edxml('extract', big, '-o', join(dir, 'lon2'), '--max-mb', '2')).code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
