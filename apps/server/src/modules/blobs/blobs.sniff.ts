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
/** PDF readers look for the header (and, at the end, for %%EOF) within this many bytes. */
export const PDF_WINDOW = 1024;

const startsWith = (b: Buffer, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

/**
 * Magic numbers of programs and scripts. A file starting with one of them is refused whatever else it contains
 * (an EXE with "%PDF-" at 0x200 is a valid PDF to some readers and a program to Windows).
 */
const EXECUTABLES: { name: string; sig: number[] }[] = [
  { name: 'Windows PE/DOS (MZ)', sig: [0x4d, 0x5a] },
  { name: 'ELF', sig: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Mach-O', sig: [0xfe, 0xed, 0xfa, 0xce] },
  { name: 'Mach-O', sig: [0xfe, 0xed, 0xfa, 0xcf] },
  { name: 'Mach-O', sig: [0xce, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O', sig: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O universal / Java class', sig: [0xca, 0xfe, 0xba, 0xbe] },
  { name: 'script (#!)', sig: [0x23, 0x21] },
  { name: 'WebAssembly', sig: [0x00, 0x61, 0x73, 0x6d] },
  { name: 'Windows shortcut (LNK)', sig: [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00] },
];

/** Extensions of programs and scripts that carry no magic number (a .bat, .vbs or .js is plain text). */
const PROGRAM_EXT =
  /\.(exe|com|bat|cmd|scr|pif|msi|msp|dll|cpl|lnk|hta|js|jse|mjs|vbs|vbe|wsf|wsh|ps1|psm1|sh|bash|jar|app|apk|reg)$/i;

/** The program extension a file name ends with (".exe"), or null — a mail or package carrying one is refused. */
export function programExtension(name: string): string | null {
  return PROGRAM_EXT.exec(name.trim())?.[0].toLowerCase() ?? null;
}

/** The kind of program the bytes start with, or null. */
export function executableMagic(head: Buffer): string | null {
  // A UTF-8 BOM does not hide a shebang.
  const b = startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head;
  return EXECUTABLES.find((e) => startsWith(b, e.sig))?.name ?? null;
}

export function sniff(head: Buffer): FileKind | null {
  if (executableMagic(head)) return null;
  if (head.length >= 5 && head.subarray(0, PDF_WINDOW).includes('%PDF-')) {
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

/** A PDF's last bytes must hold its end marker where readers look for it (the last 1024 bytes). */
export function pdfTailOk(tail: Buffer): boolean {
  return tail.subarray(Math.max(0, tail.length - PDF_WINDOW)).includes('%%EOF');
}
