import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli';
import { createTestPki, toPem, type TestPki } from './testing/pki';
import { samplePdf } from './testing/pdfs';
import { signatureImage } from './testing/png';

let dir: string;
let pki: TestPki;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

beforeAll(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), 'pades-cli-'));
  writeFileSync(join(dir, 'key.pem'), pki.signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'cert.pem'), toPem(pki.signer.cert));
  writeFileSync(join(dir, 'chain.pem'), toPem(pki.intermediate.cert));
  execFileSync('openssl', [
    'pkcs12',
    '-export',
    '-inkey',
    join(dir, 'key.pem'),
    '-in',
    join(dir, 'cert.pem'),
    '-certfile',
    join(dir, 'chain.pem'),
    '-out',
    join(dir, 'a.p12'),
    '-passout',
    'pass:123',
  ]);
  execFileSync('mkdir', [join(dir, 'trust')]);
  writeFileSync(join(dir, 'trust', 'root.pem'), toPem(pki.root.cert));
  writeFileSync(join(dir, 'in.pdf'), await samplePdf());
  writeFileSync(join(dir, 'sig.png'), signatureImage());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pades CLI', () => {
  it('signs with a .p12 and a visible image, then verify exits 0 (lenient) / 1 (strict) with JSON', async () => {
    const signed = join(dir, 'out.pdf');
    const s = await run([
      'sign',
      join(dir, 'in.pdf'),
      '-o',
      signed,
      '--p12',
      join(dir, 'a.p12'),
      '--pass',
      '123',
      '--image',
      join(dir, 'sig.png'),
      '--rect',
      '350,150,150,60',
      '--page',
      '1',
    ]);
    expect(s.code).toBe(0);
    const ok = await run(['verify', signed, '--trust', join(dir, 'trust'), '--json', '--lenient']);
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.out) as { valid: boolean; signatures: { verdict: string; signerName: string }[] };
    expect(report.valid).toBe(true);
    expect(report.signatures[0]!.signerName).toBe('Nguyễn Văn An');
    const strict = await run(['verify', signed, '--trust', join(dir, 'trust')]);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('sig.revocation_unknown');
    expect(strict.out).toContain('CHƯA XÁC ĐỊNH');
  });

  it('exits 1 for a tampered file and 2 for usage or I/O errors', async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, 'out.pdf')));
    bytes[20] = bytes[20]! ^ 0xff;
    writeFileSync(join(dir, 'bad.pdf'), bytes);
    const bad = await run(['verify', join(dir, 'bad.pdf'), '--trust', join(dir, 'trust'), '--lenient']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('sig.digest_mismatch');
    expect((await run(['verify', join(dir, 'missing.pdf'), '--trust', join(dir, 'trust')])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['sign', join(dir, 'in.pdf')])).err).toContain('Cách dùng');
  });

  it('verifies several files in one run (JSON array, worst exit code) and the bundled CLI does the same as a process', async () => {
    const trust = join(dir, 'trust');
    const files = [join(dir, 'out.pdf'), join(dir, 'bad.pdf'), join(dir, 'missing.pdf')];
    const all = await run(['verify', ...files.slice(0, 2), '--trust', trust, '--json', '--lenient']);
    expect(all.code).toBe(1);
    const reports = JSON.parse(all.out) as { file: string; report: { valid: boolean } }[];
    expect(reports.map((r) => [r.file, r.report.valid])).toEqual([
      [files[0], true],
      [files[1], false],
    ]);
    expect((await run(['verify', files[0]!, files[0]!, '--trust', trust, '--lenient'])).code).toBe(0);
    expect((await run(['verify', ...files, '--trust', trust, '--lenient'])).code).toBe(2);

    execFileSync(process.execPath, [join(import.meta.dirname, '../scripts/build-cli.mjs')]);
    const bundled = join(import.meta.dirname, '../dist/pades.mjs');
    let out = '';
    let code = 0;
    try {
      out = execFileSync(
        process.execPath,
        [bundled, 'verify', ...files.slice(0, 2), '--trust', trust, '--json', '--lenient'],
        { encoding: 'utf8' },
      );
    } catch (e) {
      out = (e as { stdout: string }).stdout;
      code = (e as { status: number }).status;
    }
    expect(code).toBe(1);
    expect(
      (JSON.parse(out) as { report: { valid: boolean; signatures: { signerName: string }[] } }[]).map((r) => [
        r.report.valid,
        r.report.signatures[0]!.signerName,
      ]),
    ).toEqual([
      [true, 'Nguyễn Văn An'],
      [false, 'Nguyễn Văn An'],
    ]);
  }, 60_000);
});

describe('pades --help', () => {
  it('prints the usage and exits 0', async () => {
    for (const args of [['--help'], ['verify', '--help']]) {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.out).toContain('pades verify');
      expect(r.out).toContain('pades sign');
    }
  });
});
