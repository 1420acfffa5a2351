#!/usr/bin/env node
// pades — ký và kiểm tra chữ ký số PAdES.
// Runs the bundled CLI (dist/pades.mjs, built by `npm run build:pades`) when it is newer than every source file,
// otherwise the TypeScript sources through tsx (slower to start).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bundled = path.join(root, 'dist/pades.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const fresh = fs.existsSync(bundled) && fs.statSync(bundled).mtimeMs >= newestSource(path.join(root, 'src'));
if (fresh) {
  await import(bundled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli.ts');
  process.exitCode = await main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  });
}
