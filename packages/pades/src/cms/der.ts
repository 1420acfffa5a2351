import * as asn1js from 'asn1js';

/** A tiny DER writer: enough to assemble CMS structures byte-exactly. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  let n = length;
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(content);
  return concat([Uint8Array.of(tag), encodeLength(body.length), body]);
}

export const seq = (...content: Uint8Array[]): Uint8Array => tlv(0x30, ...content);
export const octets = (value: Uint8Array): Uint8Array => tlv(0x04, value);
export const explicit = (n: number, ...content: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...content);
export const implicitConstructed = (n: number, ...content: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...content);
export const derNull = (): Uint8Array => Uint8Array.of(0x05, 0x00);

export function oid(value: string): Uint8Array {
  return new Uint8Array(new asn1js.ObjectIdentifier({ value }).toBER(false));
}

export function int(value: number): Uint8Array {
  return new Uint8Array(new asn1js.Integer({ value }).toBER(false));
}

export function intFromBytes(bytes: Uint8Array): Uint8Array {
  const needsPad = bytes.length === 0 || (bytes[0]! & 0x80) !== 0;
  return tlv(0x02, needsPad ? concat([Uint8Array.of(0), bytes]) : bytes);
}

export function generalizedTime(date: Date): Uint8Array {
  const iso = date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return tlv(0x18, new TextEncoder().encode(iso));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** DER SET OF: elements sorted by their encodings. */
export function setOf(elements: readonly Uint8Array[], tag = 0x31): Uint8Array {
  return tlv(tag, ...[...elements].sort(compareBytes));
}

export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
