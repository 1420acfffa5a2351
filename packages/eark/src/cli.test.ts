import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../bin/eark.mjs');
const CORPUS = path.resolve(__dirname, '../../../../shared/fixtures/eark');

describe('eark CLI', () => {
  it('--help prints usage and exits 0', () => {
    expect(execFileSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' })).toContain('validate <dir|zip>');
  });
  it('validate exits 0 on a valid package, 1 naming the requirement on an invalid one', () => {
    const ok = spawnSync(
      process.execPath,
      [BIN, 'validate', `${CORPUS}/CSIP1/valid/minimal_IP_with_1_representation`],
      { encoding: 'utf8' },
    );
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('valid (0 errors');
    const bad = spawnSync(
      process.execPath,
      [BIN, 'validate', '--json', `${CORPUS}/CSIP117/invalid/mets-xml_metsHdr_not_exist`],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(1);
    const report = JSON.parse(bad.stdout) as { valid: boolean; findings: { id: string; level: string }[] };
    expect(report.valid).toBe(false);
    expect(report.findings).toContainEqual(expect.objectContaining({ id: 'CSIP117', level: 'error' }));
  });
  it('bad usage exits 2', () => {
    expect(spawnSync(process.execPath, [BIN, 'validate'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8' }).status).toBe(2);
  });
});

describe('eark build and unpack', () => {
  it('builds a package from a folder that validates, and unpacks it', async () => {
    const { mkdtempSync, writeFileSync, mkdirSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'eark-cli-'));
    mkdirSync(path.join(dir, 'content', 'sub'), { recursive: true });
    writeFileSync(path.join(dir, 'content', 'Quyết định 01.pdf'), '%PDF-1.4\n%%EOF\n');
    writeFileSync(path.join(dir, 'content', 'sub', 'ghi chú.txt'), 'Ghi chú\n');
    const zip = path.join(dir, 'p.zip');
    const b = spawnSync(
      process.execPath,
      [BIN, 'build', path.join(dir, 'content'), '-o', zip, '--id', 'HS-01', '--type', 'AIP'],
      { encoding: 'utf8' },
    );
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    expect(spawnSync(process.execPath, [BIN, 'validate', zip], { encoding: 'utf8' }).status).toBe(0);
    const u = spawnSync(process.execPath, [BIN, 'unpack', zip, '-o', path.join(dir, 'out')], { encoding: 'utf8' });
    expect(u.status).toBe(0);
    expect(
      readFileSync(path.join(dir, 'out', 'HS-01', 'representations', 'rep1', 'data', 'sub', 'ghi chú.txt'), 'utf8'),
    ).toBe('Ghi chú\n');
    const again = spawnSync(process.execPath, [BIN, 'unpack', zip, '-o', path.join(dir, 'out')], { encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('eark.exists');
  });
});
