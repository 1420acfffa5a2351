#!/usr/bin/env node
// npm start: builds the web app when it is missing or older than its sources, then starts the server
// (API + web + worker + cron on one port). Without DATABASE_URL the server runs an embedded PostgreSQL
// with its data under ./data and seeds a demo installation on first start.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'apps/web');
const dist = path.join(webDir, 'dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

if (!fs.existsSync(dist) || fs.statSync(dist).mtimeMs < newestMtime(webDir)) {
  console.log('Đang dựng giao diện web (vite build)…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@vanthu/web', '--silent'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// After a kill -9 of this launcher its server keeps running (and holds the port and the embedded database):
// <data dir>/server.pid names the server and its launcher; a server whose launcher is gone is stopped first.
const dataDir = path.resolve(root, process.env.VANTHU_DATA_DIR ?? 'data');
const pidFile = path.join(dataDir, 'server.pid');
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const isOurServer = (pid) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('apps/server/src/main.ts');
  } catch {
    return false;
  }
};
if (fs.existsSync(pidFile)) {
  const [server, launcher] = fs.readFileSync(pidFile, 'utf8').trim().split(/\s+/).map(Number);
  if (server > 0 && alive(server) && isOurServer(server)) {
    if (launcher > 0 && launcher !== process.pid && alive(launcher)) {
      console.error(
        `vanthu đang chạy với thư mục dữ liệu ${dataDir} (pid ${server}); dừng nó trước khi khởi động lại. [start.in_use]`,
      );
      process.exit(1);
    }
    console.log(`Dừng tiến trình vanthu cũ còn sót lại (pid ${server})…`);
    for (const [sig, ms] of [
      ['SIGTERM', 15_000],
      ['SIGKILL', 5_000],
    ]) {
      try {
        process.kill(server, sig);
      } catch {
        break;
      }
      const until = Date.now() + ms;
      while (alive(server) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      if (!alive(server)) break;
    }
  }
  fs.rmSync(pidFile, { force: true });
}

const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'apps/server/src/main.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: process.env },
);
fs.mkdirSync(dataDir, { recursive: true });
fs.writeFileSync(pidFile, `${child.pid} ${process.pid}\n`);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  fs.rmSync(pidFile, { force: true });
  if (signal) console.error(`vanthu đã dừng do tín hiệu ${signal}.`);
  process.exit(code ?? (signal ? 1 : 0));
});
