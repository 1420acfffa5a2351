/** Starts a real vanthu-signer child process for tests and waits for its port. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');

export interface AgentProcess {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

export async function startAgent(args: string[]): Promise<AgentProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'apps/signer/src/main.ts'), '--port', '0', ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vanthu-signer did not start: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vanthu-signer exited (${code}): ${out}`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** What a signing session needs from the caller: the appearance and reason the server's prepare step returned. */
export interface SessionParams {
  appearance: unknown;
  reason: string;
}
interface SessionClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  post(url: string, body?: unknown): Promise<{ statusCode: number; body: string; json(): any }>;
}

/** The two halves of a session signature: where the certificate comes from and who signs the digest. */
export interface SessionKey {
  certificate(): Promise<{ certificate: string; chain: string[] }>;
  sign(toBeSigned: string): Promise<string>;
}

/** A key held by a vanthu-signer process, asked as the browser would (with an allowed origin). */
export function agentKey(agentUrl: string, origin: string): SessionKey {
  return {
    certificate: async () =>
      (await (await fetch(`${agentUrl}/v1/certificate`, { headers: { origin } })).json()) as {
        certificate: string;
        chain: string[];
      },
    sign: async (toBeSigned) => {
      const r = await fetch(`${agentUrl}/v1/sign`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify({ toBeSigned, digestAlgorithm: 'SHA-256' }),
      });
      return ((await r.json()) as { signature: string }).signature;
    },
  };
}

/** A key pair held by the test itself (another person's, a certificate naming someone else, …). */
export function localKey(signer: {
  certificate(): Promise<Uint8Array>;
  chain(): Promise<Uint8Array[]>;
  sign(data: Uint8Array): Promise<Uint8Array>;
}): SessionKey {
  const b64 = (x: Uint8Array) => Buffer.from(x).toString('base64');
  return {
    certificate: async () => ({ certificate: b64(await signer.certificate()), chain: (await signer.chain()).map(b64) }),
    sign: async (toBeSigned) => b64(await signer.sign(new Uint8Array(Buffer.from(toBeSigned, 'base64')))),
  };
}

/** What the browser does: a signing session on the server for `fileId`, the key signs, the server completes; returns the signed file's id. */
export async function signInSession(
  c: SessionClient,
  fileId: string,
  key: SessionKey,
  p: SessionParams,
): Promise<string> {
  const cert = await key.certificate();
  const s = await c.post('/api/signing/sessions', {
    fileId,
    certificate: cert.certificate,
    appearance: p.appearance,
    reason: p.reason,
  });
  if (s.statusCode !== 200) throw new Error(`signing session: ${s.statusCode} ${s.body}`);
  const done = await c.post(`/api/signing/sessions/${s.json().sessionId}/complete`, {
    signature: await key.sign(s.json().toBeSigned),
    chain: cert.chain,
  });
  if (done.statusCode !== 200) throw new Error(`signing session complete: ${done.statusCode} ${done.body}`);
  return done.json().fileId as string;
}
