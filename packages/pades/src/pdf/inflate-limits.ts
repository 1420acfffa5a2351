/**
 * Caps on decompressed bytes while reading untrusted PDFs (decompression bombs: a 261 KB PDF whose object stream
 * inflates to 256 MiB).
 *
 * pdf-lib decodes streams (FlateDecode, LZWDecode, ASCII85, ASCIIHex, RunLength) with pdf.js's DecodeStream
 * classes, block by block, growing one output buffer through `ensureBuffer`. Importing this module wraps that
 * method once for the process: a stream whose output would grow past `perStream` bytes, or a file whose streams
 * together would grow past `perFile` bytes, stops decoding at that point with `pades.inflate_limit` — the bomb is
 * never inflated beyond the cap, and memory stays bounded by about twice the cap (the last doubling of the buffer).
 *
 * - `perStream` applies always (process default, see DEFAULT_INFLATE_LIMITS and `setDefaultInflateLimits`).
 * - `perFile` applies inside `withInflateLimits(fn)`: the budget follows fn's async context (AsyncLocalStorage),
 *   so two files verified at once do not share it. pdf-lib swallows errors thrown while parsing some objects and
 *   retries them as "invalid objects"; once the budget is exceeded every later decode fails at once, and
 *   `withInflateLimits` throws the limit error after fn even when pdf-lib hid it.
 * - Code that inflates with node:zlib uses `inflateCapped`, which stops at the same per-stream cap
 *   (zlib's maxOutputLength) and charges the same per-file budget.
 *
 * Configuration: defaults below, overridden by PADES_INFLATE_MAX_STREAM_BYTES / PADES_INFLATE_MAX_FILE_BYTES
 * (environment, read at import) or per call.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { PadesError } from '../errors';

export interface InflateLimits {
  /** Largest decoded size of one stream, bytes. */
  perStream: number;
  /** Largest decoded size of all streams of one file (one `withInflateLimits` call), bytes. */
  perFile: number;
}

const MiB = 1024 * 1024;
const envBytes = (name: string, dflt: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : dflt;
};

/**
 * 32 MiB per stream and 128 MiB per file: object and xref streams of real documents (including scanned registers
 * of several hundred pages) decode to a few MiB; image streams are not decoded by the verifier.
 */
export const DEFAULT_INFLATE_LIMITS: Readonly<InflateLimits> = Object.freeze({
  perStream: envBytes('PADES_INFLATE_MAX_STREAM_BYTES', 32 * MiB),
  perFile: envBytes('PADES_INFLATE_MAX_FILE_BYTES', 128 * MiB),
});

let defaults: InflateLimits = { ...DEFAULT_INFLATE_LIMITS };

/** Changes the process-wide defaults (tests, a server's configuration). */
export function setDefaultInflateLimits(l: Partial<InflateLimits>): void {
  defaults = { ...defaults, ...l };
}

export function inflateLimits(): InflateLimits {
  return { ...defaults };
}

interface Budget {
  limits: InflateLimits;
  used: number;
  exceeded: PadesError | null;
}
const scope = new AsyncLocalStorage<Budget>();

export const inflateLimitError = (what: 'stream' | 'file', cap: number) =>
  new PadesError(
    'pades.inflate_limit',
    `Tệp PDF giải nén vượt giới hạn (${what === 'stream' ? 'một luồng' : 'cả tệp'} quá ${Math.floor(cap / MiB)} MB): có thể là tệp "bom giải nén", không kiểm tra tiếp.`,
  );

export const isInflateLimitError = (e: unknown): e is PadesError =>
  e instanceof PadesError && e.code === 'pades.inflate_limit';

/**
 * Checks one stream now `total` bytes long against the per-stream cap and charges `grow` newly allocated bytes to
 * the file's budget; throws when a cap is passed.
 */
function charge(total: number, grow: number): void {
  const b = scope.getStore();
  if (b?.exceeded) throw b.exceeded;
  const perStream = b ? b.limits.perStream : defaults.perStream;
  if (total > perStream) {
    const e = inflateLimitError('stream', perStream);
    if (b) b.exceeded = e;
    throw e;
  }
  if (!b) return;
  b.used += grow;
  if (b.used > b.limits.perFile) {
    b.exceeded = inflateLimitError('file', b.limits.perFile);
    throw b.exceeded;
  }
}

interface DecodeStreamLike {
  buffer: Uint8Array;
  ensureBuffer(requested: number): Uint8Array;
}

const PATCHED = Symbol.for('vanthu.pades.inflateLimits');

/** Wraps pdf-lib's DecodeStream.ensureBuffer (the CommonJS build, which Node loads for `import 'pdf-lib'`). */
function install(): void {
  const require = createRequire(import.meta.url);
  const mod = require('pdf-lib/cjs/core/streams/DecodeStream.js') as {
    default: { prototype: DecodeStreamLike & { [PATCHED]?: true } };
  };
  const proto = mod.default.prototype;
  if (proto[PATCHED]) return;
  const original = proto.ensureBuffer;
  proto.ensureBuffer = function (this: DecodeStreamLike, requested: number) {
    const have = this.buffer.byteLength;
    if (requested <= have) return this.buffer;
    charge(requested, 0); // the stream's own cap, before anything is allocated
    const out = original.call(this, requested);
    charge(requested, out.byteLength - have); // the file's budget counts the bytes allocated
    return out;
  };
  proto[PATCHED] = true;
}
install();

/**
 * Runs fn (reading one untrusted PDF) under a per-file inflate budget. Throws `pades.inflate_limit` when a cap was
 * reached, even if the parser caught the error itself.
 */
export async function withInflateLimits<T>(fn: () => Promise<T> | T, limits: Partial<InflateLimits> = {}): Promise<T> {
  const budget: Budget = { limits: { ...defaults, ...limits }, used: 0, exceeded: null };
  const out = await scope.run(budget, async () => fn());
  if (budget.exceeded) throw budget.exceeded;
  return out;
}

/** Decoded bytes charged so far in the current `withInflateLimits` scope (0 outside one). */
export function inflatedSoFar(): number {
  return scope.getStore()?.used ?? 0;
}

/** zlib inflate that stops at the per-stream cap (and charges the per-file budget). */
export function inflateCapped(data: Uint8Array): Buffer {
  const b = scope.getStore();
  if (b?.exceeded) throw b.exceeded;
  const perStream = b ? b.limits.perStream : defaults.perStream;
  let out: Buffer;
  try {
    out = inflateSync(data, { maxOutputLength: perStream + 1 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      const err = inflateLimitError('stream', perStream);
      if (b) b.exceeded = err;
      throw err;
    }
    throw e;
  }
  charge(out.length, out.length);
  return out;
}
