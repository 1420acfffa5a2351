/** File types the system accepts, recognised by content, never by name or client-declared type. */
export const FILE_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  zip: 'application/zip',
} as const;
export type FileKind = keyof typeof FILE_TYPES;
export const ALL_KINDS = Object.keys(FILE_TYPES) as FileKind[];

/** Bytes needed to decide: enough to see the first entries of a ZIP container. */
export const SNIFF_BYTES = 64 * 1024;

const startsWith = (b: Buffer, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

export function sniff(head: Buffer): FileKind | null {
  if (head.length >= 5 && head.subarray(0, 1024).includes('%PDF-')) {
    // PDF readers accept a header within the first 1024 bytes.
    return 'pdf';
  }
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    // ODF stores an uncompressed "mimetype" entry first; OOXML names its parts.
    const s = head.toString('latin1');
    if (s.slice(30, 38) === 'mimetype' && s.includes('application/vnd.oasis.opendocument.text')) return 'odt';
    if (s.includes('[Content_Types].xml') || s.includes('_rels/.rels')) {
      if (s.includes('word/')) return 'docx';
      if (s.includes('xl/')) return 'xlsx';
    }
    return 'zip';
  }
  return null;
}
