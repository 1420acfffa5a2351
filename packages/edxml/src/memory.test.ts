import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLargePackage } from './testing';

const MB = 1024 * 1024;
const run = promisify(execFile);
let dir = '';

describe('large packages', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edxml-mem-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parsing a 50 MB attachment keeps RSS growth under 64 MB and the bytes intact', async () => {
    const file = join(dir, 'large.edxml');
    const expected = await writeLargePackage(file, 50 * MB);
    const probe = fileURLToPath(new URL('./parse-probe.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', probe, file], {
      timeout: 30_000,
    });
    const r = JSON.parse(stdout) as {
      ms: number;
      bytes: number;
      rssBefore: number;
      rssPeak: number;
      issues: number;
      attachments: { size: number; sha256: string }[];
    };
    expect(r.bytes).toBeGreaterThan(66 * MB);
    expect(r.attachments).toEqual([{ name: 'lon.pdf', size: 50 * MB, sha256: expected }]);
    expect(r.issues).toBe(0);
    expect(r.rssPeak - r.rssBefore).toBeLessThan(64 * MB);
  });
});
