/**
 * Splits a getEdoc answer into its small JSON envelope and the decoded `data` bytes without building a
 * JavaScript string of the whole answer (a package of hundreds of MB would not fit in one). Returns null
 * when the shape is not the plain one (escaped characters in data, odd spacing): parse it normally then.
 */
export function splitDataField(raw: Buffer): { envelope: Record<string, unknown>; data: Buffer } | null {
  const key = raw.indexOf('"data"');
  if (key < 0 || (key > 0 && raw[key - 1] === 0x5c)) return null;
  let i = key + 6;
  while (raw[i] === 0x20 || raw[i] === 0x0a || raw[i] === 0x0d || raw[i] === 0x09) i++;
  if (raw[i] !== 0x3a) return null; // ':'
  i++;
  while (raw[i] === 0x20 || raw[i] === 0x0a || raw[i] === 0x0d || raw[i] === 0x09) i++;
  if (raw[i] !== 0x22) return null; // '"'
  const start = i + 1;
  const end = raw.indexOf(0x22, start);
  if (end < 0) return null;
  const slash = raw.indexOf(0x5c, start);
  if (slash >= 0 && slash < end) return null; // escaped content (e.g. "\/"): let JSON.parse handle it
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.concat([raw.subarray(0, start), raw.subarray(end)]).toString('utf8'));
  } catch {
    return null;
  }
  if (!envelope || typeof envelope !== 'object' || Array.isArray(envelope)) return null;
  return { envelope: envelope as Record<string, unknown>, data: decodeBase64(raw, start, end) };
}

/** Decodes base64 held in a byte range, in blocks, so no single string is larger than a block. */
function decodeBase64(raw: Buffer, start: number, end: number): Buffer {
  const BLOCK = 4 * 1024 * 1024; // a multiple of 4
  if (end - start <= BLOCK) return Buffer.from(raw.toString('latin1', start, end), 'base64');
  const parts: Buffer[] = [];
  for (let i = start; i < end; i += BLOCK)
    parts.push(Buffer.from(raw.toString('latin1', i, Math.min(end, i + BLOCK)), 'base64'));
  return Buffer.concat(parts);
}
