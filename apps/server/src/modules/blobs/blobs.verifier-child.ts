/**
 * The PDF verifier process (see blobs.verifier.ts): reads untrusted PDFs with pdf-lib under the inflate limits of
 * @vanthu/pades, away from the web server's event loop and heap. One request at a time per message; answers
 * {id, ok, result | error}.
 */
import fs from 'node:fs';
import { PDFParser } from 'pdf-lib';
import {
  verifyPdf,
  visualCheck,
  withInflateLimits,
  type InflateLimits,
  type VerifyOptions,
  type VisualOptions,
} from '@vanthu/pades';

export type VerifierRequest =
  | {
      id: number;
      op: 'verify';
      bytes?: Uint8Array;
      path?: string;
      opts: VerifyOptions;
      limits?: Partial<InflateLimits>;
    }
  | { id: number; op: 'check'; path?: string; bytes?: Uint8Array; limits?: Partial<InflateLimits> }
  | {
      id: number;
      op: 'visual';
      path?: string;
      bytes?: Uint8Array;
      visual: Omit<VisualOptions, 'report' | 'verify'>;
      limits?: Partial<InflateLimits>;
    }
  | { id: number; op: 'ping' };
export type VerifierReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code?: string; message: string; name: string } };

const input = (r: { bytes?: Uint8Array; path?: string }): Uint8Array =>
  r.bytes ? r.bytes : new Uint8Array(fs.readFileSync(r.path!));

/** A PDF "parses" when pdf-lib's parser reads its objects (object and xref streams decoded) within the limits. */
async function check(bytes: Uint8Array): Promise<{ objects: number }> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    const ctx = await PDFParser.forBytesWithOptions(bytes, Infinity, false, false).parseDocument();
    return { objects: ctx.enumerateIndirectObjects().length };
  } finally {
    console.warn = warn;
  }
}

async function handle(req: VerifierRequest): Promise<unknown> {
  if (req.op === 'ping') return { pid: process.pid };
  if (req.op === 'check') return withInflateLimits(() => check(input(req)), req.limits);
  // the modification analysis (which changes were allowed, so their rectangles are masked) needs no trust anchors
  if (req.op === 'visual') return withInflateLimits(() => visualCheck(input(req), req.visual), req.limits);
  const opts = { ...req.opts, ...(req.opts.now ? { now: new Date(req.opts.now) } : {}) };
  return withInflateLimits(() => verifyPdf(input(req), opts), req.limits);
}

process.on('message', (req: VerifierRequest) => {
  handle(req).then(
    (result) => process.send!({ id: req.id, ok: true, result } satisfies VerifierReply),
    (e: unknown) => {
      const err = e as { code?: unknown; message?: unknown; name?: unknown };
      process.send!({
        id: req.id,
        ok: false,
        error: {
          code: typeof err?.code === 'string' ? err.code : undefined,
          message: String(err?.message ?? e),
          name: String(err?.name ?? 'Error'),
        },
      } satisfies VerifierReply);
    },
  );
});
process.on('disconnect', () => process.exit(0));
