/**
 * Untrusted PDFs are read off the web server's event loop: a long-lived child process (blobs.verifier-child.ts)
 * runs pdf-lib and @vanthu/pades under their inflate limits (pades/src/pdf/inflate-limits.ts) with a JS heap of
 * VANTHU_VERIFIER_HEAP_MB (default 384 MB). A decompression bomb costs that process at most about twice the
 * per-stream cap and is refused with pades.inflate_limit; a file that still exhausts it kills only the verifier
 * (pades.verifier_crashed), which is started again for the next file. The server's heap and /healthz are not
 * touched. Requests time out after VANTHU_VERIFIER_TIMEOUT_MS (default 120 s; the child is restarted).
 *
 * Used by the upload check (blobs.service stageUpload: a PDF must parse) and by every verification of stored or
 * received PDFs (signing.reports verifyStored, exchange verifyAttachedPdf).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  PadesError,
  type InflateLimits,
  type VerifyOptions,
  type VerifyReport,
  type VisualOptions,
  type VisualReport,
} from '@vanthu/pades';
import type { VerifierReply, VerifierRequest } from './blobs.verifier-child';

const childFile = fileURLToPath(new URL('./blobs.verifier-child.ts', import.meta.url));
const repoRoot = path.resolve(path.dirname(childFile), '../../../../..');

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; timer: NodeJS.Timeout };
type Input = { bytes: Uint8Array } | { path: string };
type Body =
  | { op: 'verify'; opts: VerifyOptions; limits?: Partial<InflateLimits> }
  | { op: 'check'; limits?: Partial<InflateLimits> }
  | { op: 'visual'; visual: Omit<VisualOptions, 'report' | 'verify'>; limits?: Partial<InflateLimits> }
  | { op: 'ping' };

const num = (v: string | undefined, d: number) => (Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);

export class PdfVerifier {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Times the child was started (tests, diagnostics). */
  starts = 0;

  constructor(private readonly opts: { heapMb?: number; timeoutMs?: number } = {}) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private spawn(): ChildProcess {
    const heap = this.opts.heapMb ?? num(process.env.VANTHU_VERIFIER_HEAP_MB, 384);
    const child = fork(childFile, [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx', `--max-old-space-size=${heap}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: process.env,
    });
    this.starts++;
    child.on('message', (m: VerifierReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (m.ok) p.resolve(m.result);
      else {
        const e = m.error.code ? new PadesError(m.error.code, m.error.message) : new Error(m.error.message);
        p.reject(e);
      }
    });
    const gone = () => {
      if (this.child !== child) return;
      this.child = null;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(
          new PadesError(
            'pades.verifier_crashed',
            'Tiến trình kiểm tra tệp PDF dừng bất thường (tệp quá phức tạp hoặc hỏng).',
          ),
        );
        this.pending.delete(id);
      }
    };
    child.on('exit', gone);
    child.on('error', gone);
    child.unref();
    (child as unknown as { channel?: { unref(): void } }).channel?.unref();
    return child;
  }

  private call<T>(body: Body, input?: Input): Promise<T> {
    const child = (this.child ??= this.spawn());
    const id = this.nextId++;
    const timeoutMs = this.opts.timeoutMs ?? num(process.env.VANTHU_VERIFIER_TIMEOUT_MS, 120_000);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new PadesError('pades.verifier_timeout', 'Kiểm tra tệp PDF quá thời gian cho phép.'));
        if (this.child === child) this.restart();
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const req = { id, ...body, ...input } as VerifierRequest;
      child.send(req, (err) => {
        if (!err) return;
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        clearTimeout(timer);
        p.reject(err);
      });
    });
  }

  /** verifyPdf of @vanthu/pades, in the verifier process. */
  verify(input: Input, opts: VerifyOptions, limits?: Partial<InflateLimits>): Promise<VerifyReport> {
    return this.call<VerifyReport>({ op: 'verify', opts, ...(limits ? { limits } : {}) }, input);
  }

  /** Resolves when pdf-lib's parser reads the file within the inflate limits; rejects with the parser's error. */
  check(input: Input, limits?: Partial<InflateLimits>): Promise<{ objects: number }> {
    return this.call({ op: 'check', ...(limits ? { limits } : {}) }, input);
  }

  /** visualCheck of @vanthu/pades (renders every signed revision with pdftoppm and compares), in the verifier process. */
  visual(input: Input, visual: Omit<VisualOptions, 'report' | 'verify'> = {}): Promise<VisualReport> {
    return this.call<VisualReport>({ op: 'visual', visual }, input);
  }

  ping(): Promise<{ pid: number }> {
    return this.call({ op: 'ping' });
  }

  restart(): void {
    const c = this.child;
    this.child = null;
    c?.kill('SIGKILL');
  }

  stop(): void {
    const c = this.child;
    this.child = null;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    c?.kill('SIGKILL');
  }
}

/** The process-wide verifier. */
export const pdfVerifier = new PdfVerifier();

/**
 * A second process for the visual check (signing.visual_check jobs): rendering takes seconds per document, so it
 * never queues in front of an upload's parse check or a panel's verification; 5 minutes per document.
 */
export const visualVerifier = new PdfVerifier({ timeoutMs: num(process.env.VANTHU_VISUAL_TIMEOUT_MS, 300_000) });

/** The visual second opinion on a signed PDF, in its own verifier process. */
export function visualCheckIsolated(
  bytes: Uint8Array,
  visual: Omit<VisualOptions, 'report' | 'verify'> = {},
): Promise<VisualReport> {
  return visualVerifier.visual({ bytes }, visual);
}

/** Drop-in for @vanthu/pades verifyPdf that runs in the verifier process. */
export function verifyPdfIsolated(bytes: Uint8Array, opts: VerifyOptions): Promise<VerifyReport> {
  return pdfVerifier.verify({ bytes }, opts);
}
