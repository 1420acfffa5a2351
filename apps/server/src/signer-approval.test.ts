/**
 * vanthu-signer without --auto-approve (issue 11 item 7: every other test passes --auto-approve): the holder is
 * asked on the terminal for each signature; "k" refuses (403 agent.refused, no signature), "c" signs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../test/factory';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const ORIGIN = 'http://localhost:3000';
let sys: TestSystem;
let dir: string;
let agent: ChildProcessWithoutNullStreams;
let out = '';
let url: string;

async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output: ${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  sys = await createTestSystem();
  const leader = await sys.login('thutruong');
  const r = await leader.post('/api/signing/demo/p12', { password: 'mật-khẩu-demo' });
  expect(r.statusCode).toBe(200);
  dir = mkdtempSync(path.join(tmpdir(), 'signer-approval-'));
  writeFileSync(path.join(dir, 'key.p12'), Buffer.from(r.json().p12, 'base64'));
  agent = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(repoRoot, 'apps/signer/src/main.ts'),
      '--port',
      '0',
      '--p12',
      path.join(dir, 'key.p12'),
      '--pass',
      'mật-khẩu-demo',
      '--allow-origin',
      ORIGIN,
    ],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  agent.stdout.on('data', (d: Buffer) => (out += d.toString()));
  agent.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await until('the agent to listen', () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(out));
  url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
}, 120_000);
afterAll(async () => {
  if (agent && agent.exitCode === null) {
    const exited = new Promise((r) => agent.once('exit', r));
    agent.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  await sys?.stop();
});

/** Signed attributes look like a DER SET OF (0x31): what the agent agrees to sign at all. */
const toBeSigned = Buffer.concat([Buffer.from([0x31, 0x20]), Buffer.alloc(32, 7)]).toString('base64');

async function askAndAnswer(answer: string): Promise<{ status: number; body: { code?: string; signature?: string } }> {
  const prompts = out.split('Ký tài liệu cho').length;
  const res = fetch(`${url}/v1/sign`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ toBeSigned, digestAlgorithm: 'SHA-256' }),
  });
  await until('the approval prompt', () => out.split('Ký tài liệu cho').length > prompts);
  agent.stdin.write(`${answer}\n`);
  const r = await res;
  return { status: r.status, body: (await r.json()) as { code?: string; signature?: string } };
}

describe('vanthu-signer approval', () => {
  it('asks the holder, naming the page and the certificate, and refuses to sign when the answer is no', async () => {
    const r = await askAndAnswer('k');
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('agent.refused');
    expect(r.body.signature).toBeUndefined();
    expect(out).toContain(`Ký tài liệu cho ${ORIGIN} bằng chứng thư`);
    expect(out).not.toMatch(/signed \d+ bytes/);
  });

  it('signs only after a yes', async () => {
    const r = await askAndAnswer('c');
    expect(r.status).toBe(200);
    expect(Buffer.from(r.body.signature!, 'base64').length).toBeGreaterThan(64);
    expect(out).toMatch(/signed 34 bytes for http:\/\/localhost:3000/);
  });
});
