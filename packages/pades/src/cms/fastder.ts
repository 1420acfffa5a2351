/**
 * A minimal DER reader: tag, length and bounds of each element, without decoding what is inside. Verification
 * only needs the outline of a CMS SignedData and of a certificate's TBSCertificate; asn1js decodes everything
 * (every certificate, timestamp token and CRL in the CMS) and was a third of `pades verify`'s time. BER forms
 * (indefinite lengths, constructed strings) and high tag numbers are not handled: callers fall back to asn1js.
 */
export interface Tlv {
  /** The identifier octet (class, constructed bit, tag number < 31). */
  tag: number;
  constructed: boolean;
  /** Start of the identifier octet. */
  start: number;
  /** Start of the contents. */
  body: number;
  /** End (exclusive) of the contents. */
  end: number;
}

/** The element at `offset`, within `limit`; null when it is not plain DER. */
export function readTlv(b: Uint8Array, offset: number, limit = b.length): Tlv | null {
  if (offset + 2 > limit) return null;
  const tag = b[offset]!;
  if ((tag & 0x1f) === 0x1f) return null;
  let pos = offset + 1;
  let len = b[pos++]!;
  if (len === 0x80) return null; // indefinite (BER)
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 4 || pos + n > limit) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[pos++]!;
  }
  if (pos + len > limit) return null;
  return { tag, constructed: (tag & 0x20) !== 0, start: offset, body: pos, end: pos + len };
}

/** The elements inside a constructed element; null when one is not plain DER. */
export function childrenOf(b: Uint8Array, t: Tlv | null | undefined): Tlv[] | null {
  if (!t || !t.constructed) return null;
  const out: Tlv[] = [];
  for (let pos = t.body; pos < t.end;) {
    const c = readTlv(b, pos, t.end);
    if (!c) return null;
    out.push(c);
    pos = c.end;
  }
  return out;
}

/** Dotted form of an OBJECT IDENTIFIER element. */
export function oidText(b: Uint8Array, t: Tlv | null | undefined): string | null {
  if (!t || t.tag !== 0x06 || t.end <= t.body) return null;
  const parts: number[] = [];
  let v = 0;
  for (let i = t.body; i < t.end; i++) {
    const byte = b[i]!;
    v = v * 128 + (byte & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) return null;
    if ((byte & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return (b[t.end - 1]! & 0x80) === 0 ? parts.join('.') : null;
}

/** The whole element (identifier, length, contents), copied. */
export const rawOf = (b: Uint8Array, t: Tlv): Uint8Array => b.slice(t.start, t.end);
