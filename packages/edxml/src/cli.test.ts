import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixturePath, miniEdoc } from './testing';

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
      const json = JSON.parse(parsed.stdout) as { kind: string; header: { messageHeader: { from: { organId: string } } }; attachments: unknown[] };
      expect(json.kind).toBe('edoc');
      expect(json.header.messageHeader.from.organId).toBe('002.00.20.H13');
      expect(json.attachments).toEqual([
        {
          contentId: '209',
          name: '1896_QD-TTg_m_294779.doc',
          contentType: 'application/zip',
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
      await writeFile(hostile, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><edXML>&e;</edXML>');
      const refused = await edxml('validate', hostile);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toContain('edxml.dtd_forbidden');

      const meta = join(dir, 'meta.json');
      const pdf = join(dir, 'quyet-dinh.pdf');
      await writeFile(pdf, '%PDF-1.4 thử');
      await writeFile(meta, JSON.stringify({ messageHeader: { from: { organId: '000.00.00.G22' }, to: [{ organId: '000.00.00.H41' }], code: { codeNumber: '3', codeNotation: 'VPCP-TH' }, subject: 'Thử' } }));
      const out = join(dir, 'out.edxml');
      expect((await edxml('build', meta, pdf, '-o', out)).code).toBe(0);
      const back = await edxml('parse', out, '--json');
      expect(back.stdout).toContain('"name": "quyet-dinh.pdf"');
      expect(back.stdout).toContain('"contentType": "application/pdf"');

      const missing = join(dir, 'missing.edxml');
      await writeFile(missing, miniEdoc({ manifest: '<edXML:Reference><edXML:ContentId>cid:1</edXML:ContentId></edXML:Reference>' }));
      const invalid = await edxml('validate', missing);
      expect(invalid.code).toBe(2);
      expect(invalid.stdout).toContain('edxml.manifest_missing_attachment');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
