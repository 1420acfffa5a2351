#!/usr/bin/env node
// Before `npm test` (pretest): the Debian packages of scripts/debian-packages.txt must be installed. As root with
// apt-get they are installed (as .ci/run does); otherwise this stops at once naming the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

const list = fs
  .readFileSync(new URL('./debian-packages.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
if (!has('dpkg-query')) {
  console.warn(`debian-packages: no dpkg on this machine; the tests need: ${list.join(' ')}`);
  process.exit(0);
}
const installed = (p) =>
  spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout?.includes('install ok installed');
const missing = list.filter((p) => !installed(p));
if (missing.length === 0) process.exit(0);
const command = `apt-get install -y ${missing.join(' ')}`;
if (process.getuid?.() === 0 && has('apt-get')) {
  console.log(`debian-packages: installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  process.exit(0);
}
console.error(
  `Thiếu gói Debian cho bộ kiểm thử (missing Debian packages): ${missing.join(' ')}\nChạy (run): sudo ${command}`,
);
process.exit(1);
