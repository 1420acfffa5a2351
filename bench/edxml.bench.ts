// edXML codec benchmark: parse + validate a package with a 50 MB attachment (default temp-file sink).
// Each repetition runs in a fresh process (packages/edxml/src/parse-probe.ts) so peak RSS is its own.
// Run: npx tsx bench/edxml.bench.ts [repetitions=5]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeLargePackage } from '../packages/edxml/src/testing';

const MB = 1024 * 1024;
const run = promisify(execFile);
const reps = Math.max(3, Math.min(9, Number(process.argv[2] ?? 5)));
const probe = fileURLToPath(new URL('../packages/edxml/src/parse-probe.ts', import.meta.url));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const emit = (metric: string, value: number, unit: string): void => {
  process.stdout.write(
    `${JSON.stringify({ bench: 'edxml.parse_validate', metric, value: Math.round(value * 10) / 10, unit })}\n`,
  );
};

const dir = await mkdtemp(join(tmpdir(), 'edxml-bench-'));
try {
  const file = join(dir, 'large.edxml');
  const expected = await writeLargePackage(file, 50 * MB);
  const throughput: number[] = [];
  const peak: number[] = [];
  const growth: number[] = [];
  for (let i = 0; i < reps; i++) {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', probe, file], {
      timeout: 120_000,
    });
    const r = JSON.parse(stdout) as {
      ms: number;
      bytes: number;
      rssBefore: number;
      rssPeak: number;
      issues: number;
      attachments: { sha256: string }[];
    };
    if (r.issues !== 0 || r.attachments[0]?.sha256 !== expected)
      throw new Error('benchmark package did not round-trip');
    throughput.push(r.bytes / MB / (r.ms / 1000));
    peak.push(r.rssPeak / MB);
    growth.push((r.rssPeak - r.rssBefore) / MB);
  }
  emit('throughput', median(throughput), 'MB/s');
  emit('peak_rss', median(peak), 'MB');
  emit('rss_growth', median(growth), 'MB');
} finally {
  await rm(dir, { recursive: true, force: true });
}
