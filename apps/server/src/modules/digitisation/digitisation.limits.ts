/**
 * Child processes of the OCR pipeline run capped: address space through prlimit --as (so a decoder that tries to
 * allocate a pixel flood fails instead of taking the worker's memory), CPU seconds through prlimit --cpu, wall
 * time through a kill timer on the whole process group. A cap hit becomes digitisation.memory / .timeout.
 */
import { spawn } from 'node:child_process';
import { dgError } from './digitisation.errors';

export interface RunLimits {
  timeoutMs: number;
  memMb: number;
  env?: Record<string, string>;
  cwd?: string;
  /** bytes of stdout kept (default 64 MiB) */
  maxOut?: number;
}
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export function runLimited(cmd: string, args: string[], lim: RunLimits): Promise<RunResult> {
  const maxOut = lim.maxOut ?? 64 * 1024 * 1024;
  const cpu = Math.max(1, Math.ceil(lim.timeoutMs / 1000) * 2);
  const child = spawn('prlimit', [`--as=${lim.memMb * 1024 * 1024}`, `--cpu=${cpu}`, '--', cmd, ...args], {
    cwd: lim.cwd,
    env: { ...process.env, OMP_THREAD_LIMIT: '1', ...lim.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let outLen = 0;
  child.stdout.on('data', (c: Buffer) => {
    if (outLen < maxOut) out.push(c);
    outLen += c.length;
  });
  child.stderr.on('data', (c: Buffer) => {
    if (err.length < 2000) err.push(c);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, lim.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
  });
}

const MEMORY_SIGNS =
  /MemoryError|bad_alloc|Cannot allocate memory|out of memory|memory allocation failed|VMemoryError|std::length_error|cache resources exhausted/i;

/** Runs a pipeline step; a cap hit or a failure becomes a digitisation error with the step named. */
export async function runStep(step: string, cmd: string, args: string[], lim: RunLimits): Promise<RunResult> {
  const r = await runLimited(cmd, args, lim);
  if (r.timedOut || r.signal === 'SIGXCPU') {
    throw dgError(
      'digitisation.timeout',
      { step, seconds: Math.round(lim.timeoutMs / 1000) },
      `Bước "${step}" vượt quá ${Math.round(lim.timeoutMs / 1000)} giây cho phép của một tác vụ; đã dừng.`,
    );
  }
  if (r.code !== 0) {
    if (MEMORY_SIGNS.test(r.stderr) || r.signal === 'SIGSEGV' || r.signal === 'SIGABRT') {
      throw dgError(
        'digitisation.memory',
        { step, memMb: lim.memMb },
        `Bước "${step}" vượt quá giới hạn bộ nhớ ${lim.memMb} MB của một tác vụ; đã dừng.`,
      );
    }
    throw dgError('digitisation.ocr_failed', { step, code: r.code, stderr: r.stderr.slice(-500) });
  }
  return r;
}
