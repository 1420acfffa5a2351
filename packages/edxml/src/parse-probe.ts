// Parses and validates one package in a fresh process and reports time and memory as JSON.
// Used by the memory test and bench/edxml.bench.ts: `node --expose-gc --import tsx parse-probe.ts <file>`.
import { rm, stat } from 'node:fs/promises';
import { parseEdxml } from './parse';
import { validateEdxml } from './validate';

const file = process.argv[2];
if (!file) throw new Error('usage: parse-probe <file.edxml>');
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
let rssPeakSampled = rssBefore;
const timer = setInterval(() => {
  rssPeakSampled = Math.max(rssPeakSampled, process.memoryUsage().rss);
}, 2);
const t0 = performance.now();
const parsed = await parseEdxml(file);
const issues = validateEdxml(parsed);
const ms = performance.now() - t0;
clearInterval(timer);
const maxRss = process.resourceUsage().maxRSS * 1024;
const attachments =
  parsed.kind === 'edoc' ? parsed.attachments.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256 })) : [];
if (parsed.kind === 'edoc' && parsed.tempDir) await rm(parsed.tempDir, { recursive: true, force: true });
const bytes = (await stat(file)).size;
process.stdout.write(
  `${JSON.stringify({ ms, bytes, rssBefore, rssPeak: Math.max(maxRss, rssPeakSampled), issues: issues.length, attachments })}\n`,
);
