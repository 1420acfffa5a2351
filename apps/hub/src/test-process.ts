import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface HubProcess {
  proc: ChildProcess;
  endpoint: string;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts the hub as a child process, `node --import tsx apps/hub/src/main.ts` (what `npx tsx` runs, minus
 * the tsx wrapper process, so that a SIGKILL reaches the hub itself), and waits until /readyz answers.
 */
export async function spawnHub(env: Record<string, string>, nodeArgs: string[] = []): Promise<HubProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'apps/hub/src/main.ts'], {
    cwd: REPO,
    env: { ...process.env, HUB_HOST: '127.0.0.1', HUB_PORT: String(port), HUB_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  proc.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  let dead = false;
  void exited.then(() => (dead = true));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (dead) throw new Error(`hub exited during start:\n${out}`);
    const ok = await fetch(endpoint + '/readyz').then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`hub did not become ready:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, endpoint, output: () => out, exited };
}
