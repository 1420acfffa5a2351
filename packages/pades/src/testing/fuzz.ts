/** Random mutations of a signed PDF against the verifier (tests and the robustness benchmark). */
import { bytesEqual } from '../cms/certinfo';
import { latin1 } from '../pdf/bytes';
import type { VerifyOptions } from '../verify/model';
import { verifyPdf } from '../verify/verify';

export interface FuzzResult {
  iterations: number;
  maxMs: number;
  totalMs: number;
  /** Mutations that threw instead of returning a report. */
  crashes: { kind: string; error: string }[];
  /** Mutations where a signature whose signed bytes changed was reported valid. */
  falseValid: { kind: string }[];
  verdicts: Record<string, number>;
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = { kind: string; bytes: Uint8Array };

export function mutate(signed: Uint8Array, rnd: () => number): Mutation {
  const int = (n: number): number => Math.floor(rnd() * n);
  const choice = int(6);
  const copy = new Uint8Array(signed);
  if (choice === 0) {
    const n = 1 + int(4);
    for (let i = 0; i < n; i++) {
      const at = int(copy.length);
      copy[at] = copy[at]! ^ (1 << int(8));
    }
    return { kind: 'flip', bytes: copy };
  }
  if (choice === 1) return { kind: 'truncate', bytes: signed.slice(0, int(signed.length)) };
  if (choice === 2) {
    const text = latin1(signed);
    const all = [...text.matchAll(/\/ByteRange\s*\[([\d\s]+)\]/g)];
    const m = all[int(all.length)]!;
    const nums = m[1]!.trim().split(/\s+/).map(Number);
    const i = int(nums.length);
    const deltas = [-1, 1, -100, 100, 1000, -nums[i]!, 7];
    nums[i] = Math.max(0, nums[i]! + deltas[int(deltas.length)]!);
    const edited = `[${nums.join(' ')}]`;
    const orig = `[${m[1]}]`;
    const replacement = edited.length <= orig.length ? edited.padEnd(orig.length, ' ') : edited;
    const start = m.index! + m[0].indexOf('[');
    const out = new Uint8Array(signed.length - orig.length + replacement.length);
    out.set(signed.subarray(0, start));
    out.set(Buffer.from(replacement, 'latin1'), start);
    out.set(signed.subarray(start + orig.length), start + replacement.length);
    return { kind: 'byterange', bytes: out };
  }
  if (choice === 3) {
    const at = int(copy.length);
    const len = 1 + int(64);
    return {
      kind: 'delete',
      bytes: new Uint8Array([...signed.subarray(0, at), ...signed.subarray(Math.min(signed.length, at + len))]),
    };
  }
  if (choice === 4) {
    const at = int(copy.length);
    const junk = Array.from({ length: 1 + int(32) }, () => int(256));
    return { kind: 'insert', bytes: new Uint8Array([...signed.subarray(0, at), ...junk, ...signed.subarray(at)]) };
  }
  const tokens = [
    'obj',
    'endobj',
    'stream',
    'endstream',
    '<<',
    '>>',
    '[',
    ']',
    '%%EOF',
    'startxref',
    'xref',
    'trailer',
    ' 0 R',
    '/Contents',
    '/ByteRange',
  ];
  const at = int(copy.length);
  const t = Buffer.from(tokens[int(tokens.length)]!, 'latin1');
  copy.set(t.subarray(0, Math.max(0, copy.length - at)), at);
  return { kind: 'token', bytes: copy };
}

/** The bytes a signature over `range` covers, or null when the range is out of the file. */
function covered(pdf: Uint8Array, range: readonly number[]): Uint8Array | null {
  const [a, b, c, d] = range as [number, number, number, number];
  if (a < 0 || b < a || c < b || c + d > pdf.length) return null;
  return new Uint8Array([...pdf.subarray(a, a + b), ...pdf.subarray(c, c + d)]);
}

export async function runFuzz(
  signed: Uint8Array,
  options: VerifyOptions,
  iterations: number,
  seed = 1,
): Promise<FuzzResult> {
  const rnd = prng(seed);
  const base = await verifyPdf(signed, options);
  const originals = base.signatures.map((s) => covered(signed, s.byteRange ?? [])!);
  const res: FuzzResult = { iterations, maxMs: 0, totalMs: 0, crashes: [], falseValid: [], verdicts: {} };
  for (let i = 0; i < iterations; i++) {
    const m = mutate(signed, rnd);
    const t0 = performance.now();
    try {
      const r = await verifyPdf(m.bytes, options);
      for (const s of r.signatures) {
        res.verdicts[s.verdict] = (res.verdicts[s.verdict] ?? 0) + 1;
        if (s.verdict !== 'valid') continue;
        const now = covered(m.bytes, s.byteRange ?? []);
        if (!now || !originals.some((o) => o && bytesEqual(o, now))) res.falseValid.push({ kind: m.kind });
      }
    } catch (e) {
      res.crashes.push({ kind: m.kind, error: e instanceof Error ? e.message : String(e) });
    }
    const ms = performance.now() - t0;
    res.totalMs += ms;
    res.maxMs = Math.max(res.maxMs, ms);
  }
  return res;
}
