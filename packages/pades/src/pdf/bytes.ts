/** Byte helpers for raw PDF scanning (latin1 view keeps offsets equal to byte indexes). */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, end - start)).toString('latin1');
}

export function ascii(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

export function lastIndexOf(bytes: Uint8Array, needle: string, from = bytes.length): number {
  return latin1(bytes).lastIndexOf(needle, from);
}
