import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startTestCluster } from '../test-support/cluster';
import { freePort } from '../apps/server/src/db/embedded';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** The mail server the product sends to during the journeys: each message is written to mailDir. */
async function startMailSink(mailDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 50,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const rcpt = session.envelope.rcptTo.map((a) => a.address).join(',');
        fs.writeFileSync(
          path.join(mailDir, `${Date.now()}-${++n}.eml`),
          Buffer.concat([Buffer.from(`X-Envelope-To: ${rcpt}\r\n`), ...chunks]),
        );
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Every mail the server sent, one .eml file per message (an in-process SMTP server of the setup). */
    mailDir: string;
    /** The văn thư mailbox's SMTP port (MAIL IN) of the server under test. */
    mailInPort: number;
  }
}

const repoRoot = path.resolve(import.meta.dirname, '..');
const READY_TIMEOUT_MS = 120_000;

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The server serves apps/web/dist; `npm run e2e` builds it first, a bare `vitest --project e2e` builds it here if missing. */
function ensureWebBuilt(): void {
  if (fs.existsSync(path.join(repoRoot, 'apps/web/dist/index.html'))) return;
  const r = spawnSync('npm', ['run', 'build:web'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('Không build được giao diện web (npm run build:web).');
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Máy chủ dừng khi khởi động (mã ${child.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Máy chủ không sẵn sàng sau ${READY_TIMEOUT_MS / 1000} s:\n${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the whole product for the browser journeys: a fresh database on the test cluster,
 * the server in demo mode on a free port (serving the built web app), and hands its URL to the tests.
 */
export default async function setup(project: TestProject) {
  ensureWebBuilt();
  const cluster = await startTestCluster();
  const dbName = `vt_e2e_${randomBytes(5).toString('hex')}`;
  await adminQuery(cluster.url, `CREATE DATABASE "${dbName}"`);
  const dbUrl = new URL(cluster.url);
  dbUrl.pathname = `/${dbName}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-'));
  const port = await freePort();
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-e2e-mail-'));
  const mail = await startMailSink(mailDir);
  const mailInPort = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const logDir = path.join(repoRoot, 'artifacts');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'e2e-server.log');
  const logStream = fs.createWriteStream(logFile);
  let tail = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      VANTHU_DEMO: '1',
      VANTHU_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SMTP_URL: mail.url,
      MAILIN_SMTP_PORT: String(mailInPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    logStream.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const teardown = async () => {
    await stop(child);
    await mail.close();
    fs.rmSync(mailDir, { recursive: true, force: true });
    logStream.end();
    try {
      await adminQuery(cluster.url, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    } finally {
      await cluster.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };

  try {
    await waitReady(baseUrl, child, () => tail);
  } catch (e) {
    await teardown();
    throw e;
  }
  project.provide('baseUrl', baseUrl);
  project.provide('mailDir', mailDir);
  project.provide('mailInPort', mailInPort);
  return teardown;
}
