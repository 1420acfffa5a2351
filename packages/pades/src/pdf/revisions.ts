import { latin1 } from './bytes';

export interface Revision {
  index: number;
  /** Offset just after "%%EOF". */
  eof: number;
  /** Offset after "%%EOF" and its end-of-line marker, if any. */
  end: number;
  /** The startxref value written before this %%EOF. */
  startxref: number;
}

const EOF_RE = /startxref\s+(\d+)\s*%%EOF/g;

/** Every revision end of a file: each "startxref N %%EOF" in file order. */
export function findRevisions(bytes: Uint8Array): Revision[] {
  const text = latin1(bytes);
  const out: Revision[] = [];
  for (const m of text.matchAll(EOF_RE)) {
    const eof = m.index + m[0].length;
    let end = eof;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    out.push({ index: out.length, eof, end, startxref: Number(m[1]) });
  }
  return out;
}

/** The last startxref of the file (what a reader starts from). */
export function lastStartXref(bytes: Uint8Array): number | null {
  const from = Math.max(0, bytes.length - 2048);
  const tail = latin1(bytes, from);
  const i = tail.lastIndexOf('startxref');
  if (i < 0) return null;
  const m = /^startxref\s+(\d+)/.exec(tail.slice(i));
  return m ? Number(m[1]) : null;
}

/** Whether the cross-reference section at an offset is a classic table ("xref") or a stream. */
export function xrefKindAt(bytes: Uint8Array, offset: number): 'table' | 'stream' | null {
  if (offset < 0 || offset >= bytes.length) return null;
  const head = latin1(bytes, offset, Math.min(bytes.length, offset + 64)).trimStart();
  if (head.startsWith('xref')) return 'table';
  if (/^\d+\s+\d+\s+obj/.test(head)) return 'stream';
  return null;
}

/** /Size of the trailer (or xref stream dictionary) at the last startxref. */
export function trailerSize(bytes: Uint8Array, xrefOffset: number): number | null {
  const text = latin1(bytes, xrefOffset, bytes.length);
  const stop = text.indexOf('startxref');
  const scope = stop > 0 ? text.slice(0, stop) : text.slice(0, 200_000);
  const trailerAt = scope.lastIndexOf('trailer');
  const m = /\/Size\s+(\d+)/.exec(trailerAt >= 0 ? scope.slice(trailerAt) : scope);
  return m ? Number(m[1]) : null;
}
