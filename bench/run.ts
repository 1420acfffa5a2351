/**
 * npm run bench — runs every bench/*.bench.ts (or those named on the command line) one after the other.
 * Each prints one JSON object per figure: {"bench":…, "metric":…, "value":…, "unit":…}.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(JSON.stringify({ bench: f, error: `exit ${r.status}` }));
  }
}
process.exit(failed ? 1 : 0);
