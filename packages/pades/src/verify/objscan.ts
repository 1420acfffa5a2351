/**
 * Finds "N G obj" headers in raw bytes without a regular expression over the whole file (the regex scans were a
 * tenth of `pades verify`): each "obj" is located with indexOf and the numbers read backwards. Same matches as
 * /(\d{1,9})\s+\d{1,5}\s+obj\b/ (with `bounded`: preceded by the start, whitespace, ">" or "]").
 */
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isWord = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

export interface ObjHeader {
  /** Object number. */
  num: number;
  /** Offset of its first digit. */
  at: number;
}

export function scanObjHeaders(bytes: Uint8Array, start = 0, end = bytes.length, bounded = false): ObjHeader[] {
  const out: ObjHeader[] = [];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lastEnd = start;
  for (let p = buf.indexOf('obj', start, 'latin1'); p !== -1 && p + 3 <= end; p = buf.indexOf('obj', p + 3, 'latin1')) {
    if (p + 3 < end && isWord(buf[p + 3]!)) continue;
    let i = p - 1;
    const wsGen = i;
    while (i >= lastEnd && isSpace(buf[i]!)) i--;
    if (i === wsGen) continue;
    const genEnd = i;
    while (i >= lastEnd && isDigit(buf[i]!)) i--;
    const genLen = genEnd - i;
    if (genLen < 1 || genLen > 5 || (i >= lastEnd && !isSpace(buf[i]!)) || i < lastEnd) continue;
    const wsNum = i;
    while (i >= lastEnd && isSpace(buf[i]!)) i--;
    if (i === wsNum) continue;
    const numEnd = i;
    while (i >= lastEnd && isDigit(buf[i]!)) i--;
    let numLen = numEnd - i;
    if (numLen < 1) continue;
    if (bounded) {
      if (numLen > 9) continue;
      const before = i >= start ? buf[i]! : -1;
      if (i >= start && !(isSpace(before) || before === 0x3e || before === 0x5d)) continue;
    } else if (numLen > 9) numLen = 9;
    const at = numEnd - numLen + 1;
    out.push({ num: Number(buf.toString('latin1', at, numEnd + 1)), at });
    lastEnd = p + 3;
  }
  return out;
}
