// Archive package benchmark: build an AIP of 1 GB of documents as a streamed ZIP, then validate it (every
// size and SHA-256 checked again from the ZIP), against `sha256sum` over the same bytes in the same run.
// Figures: archive.aip throughput (MB of documents per second, build + validate), rss_growth (peak RSS over the
// start, MB), ratio_to_sha256sum (our throughput ÷ sha256sum's). Run: npx tsx bench/archive.bench.ts [reps=3] [MB=1024]
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage, fileOnDisk, validatePackage } from '../packages/eark/src/index';

const MB = 1024 * 1024;
const reps = Math.max(1, Math.min(7, Number(process.argv[2] ?? 3)));
const totalMb = Math.max(16, Number(process.argv[3] ?? 1024));
const FILE_MB = 8;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const emit = (metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): void => {
  process.stdout.write(
    `${JSON.stringify({ bench: 'archive.aip', metric, value: Math.round(value * 100) / 100, unit, ...extra })}\n`,
  );
};

const dir = await mkdtemp(join(tmpdir(), 'archive-bench-'));
try {
  // Documents: PDF-like files of incompressible bytes (scans and signed PDFs do not deflate).
  const files: { path: string; size: number; sha256: string }[] = [];
  const count = Math.ceil(totalMb / FILE_MB);
  for (let i = 0; i < count; i++) {
    const buf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(FILE_MB * MB - 16), Buffer.from('\n%%EOF\n')]);
    const p = join(dir, `doc-${i}.pdf`);
    await writeFile(p, buf);
    files.push({ path: p, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
  }
  const bytes = files.reduce((a, f) => a + f.size, 0);

  const ours: number[] = [];
  const growth: number[] = [];
  const refs: number[] = [];
  for (let r = 0; r < reps; r++) {
    // Reference: sha256sum over the same bytes (one process, page cache as warm as ours).
    const t0 = process.hrtime.bigint();
    execFileSync(
      'sha256sum',
      files.map((f) => f.path),
      { maxBuffer: 64 * MB },
    );
    refs.push(bytes / MB / (Number(process.hrtime.bigint() - t0) / 1e9));

    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const zip = join(dir, `aip-${r}.zip`);
    const t1 = process.hrtime.bigint();
    await buildPackage(
      {
        id: `AIP-${r}`,
        packageType: 'AIP',
        agent: { name: 'vanthu', version: '0.1.0' },
        // The blob store's SHA-256 goes into the METS; the validation below reads every byte back from the ZIP.
        verifyGivenChecksums: false,
        representations: [
          {
            id: 'rep1',
            files: files.map((f, i) =>
              fileOnDisk(f.path, `${String(i).padStart(4, '0')}.pdf`, 'application/pdf', f.size, f.sha256),
            ),
          },
        ],
      },
      zip,
    );
    const report = await validatePackage(zip);
    const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (report.errors) throw new Error(`AIP did not validate: ${JSON.stringify(report.findings.slice(0, 3))}`);
    ours.push(bytes / MB / seconds);
    growth.push((peak - base) / MB);
    await rm(zip, { force: true });
  }
  const extra = { runs: reps, documents_mb: Math.round(bytes / MB), files: files.length };
  emit('throughput', median(ours), 'MB/s', extra);
  emit('rss_growth', median(growth), 'MB', extra);
  emit('sha256sum_throughput', median(refs), 'MB/s', extra);
  emit('ratio_to_sha256sum', median(ours) / median(refs), 'ratio', extra);
} finally {
  await rm(dir, { recursive: true, force: true });
}
