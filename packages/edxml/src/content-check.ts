// Does an attachment's content match its declared type? Packages seen in the wild carry "PDFs" that are not:
// a PDF passed through a text conversion (every non-UTF-8 byte became U+FFFD, EF BF BD), a ZIP labelled
// application/pdf, 17 bytes of junk named .PDF. Such a file is flagged with a warning code (shown to the clerk),
// never silently registered as a PDF. Checked while the bytes stream (ContentProbe), decided at the end.
import type { Warning } from './types';

const WINDOW = 1024;
/** U+FFFD occurrences from which a file is taken as damaged by a text conversion (chance in a real PDF: ~0). */
const FFFD_MIN = 8;

export class ContentProbe {
  head = Buffer.alloc(0);
  /** The last 1024 bytes before trailing whitespace/NUL padding (where readers look for %%EOF). */
  private end = Buffer.alloc(0);
  private raw = Buffer.alloc(0);
  replacementChars = 0;
  /** Up to two bytes of the previous chunk, for EF BF BD split across chunks. */
  private carry = Buffer.alloc(0);
  sawStartxref = false;
  private sx = Buffer.alloc(0);

  push(chunk: Uint8Array): void {
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.head.length < WINDOW) this.head = Buffer.concat([this.head, b.subarray(0, WINDOW - this.head.length)]);
    const joined = this.carry.length ? Buffer.concat([this.carry, b]) : b;
    for (let i = joined.indexOf(0xef); i >= 0 && i + 2 < joined.length; i = joined.indexOf(0xef, i + 1)) {
      if (joined[i + 1] === 0xbf && joined[i + 2] === 0xbd) this.replacementChars++;
    }
    this.carry = Buffer.from(joined.subarray(Math.max(0, joined.length - 2)));
    // a split EF|BF BD is found next time; a complete one at the very end is counted now and must not be again
    if (this.carry.length === 2 && this.carry[0] === 0xbf && this.carry[1] === 0xbd) this.carry = Buffer.alloc(0);
    if (!this.sawStartxref) {
      const s = Buffer.concat([this.sx, b.subarray(0, 16)]);
      this.sawStartxref = b.includes('startxref') || s.includes('startxref');
      this.sx = Buffer.from(Buffer.concat([this.sx, b.subarray(Math.max(0, b.length - 8))]).subarray(-8));
    }
    let j = b.length - 1;
    while (
      j >= 0 &&
      (b[j] === 0x20 || b[j] === 0x0a || b[j] === 0x0d || b[j] === 0x09 || b[j] === 0x0c || b[j] === 0x00)
    )
      j--;
    if (j >= 0)
      this.end = Buffer.from(
        j + 1 >= WINDOW
          ? b.subarray(j + 1 - WINDOW, j + 1)
          : Buffer.concat([this.raw, b.subarray(0, j + 1)]).subarray(-WINDOW),
      );
    this.raw = Buffer.from(
      b.length >= WINDOW ? b.subarray(b.length - WINDOW) : Buffer.concat([this.raw, b]).subarray(-WINDOW),
    );
  }

  get pdfEnd(): boolean {
    return this.end.includes('%%EOF');
  }
}

export const declaresPdf = (name: string | undefined, contentType: string | undefined): boolean =>
  /\bpdf\b/i.test(contentType ?? '') || /\.pdf$/i.test((name ?? '').trim());

/** The warning for a file whose content does not match its declared type, or undefined. */
export function checkContent(
  probe: ContentProbe,
  size: number,
  meta: { name?: string; contentType?: string },
  path: string,
): Warning | undefined {
  if (!declaresPdf(meta.name, meta.contentType) || size === 0) return undefined;
  const h = probe.head;
  if (h[0] === 0x50 && h[1] === 0x4b && (h[2] === 0x03 || h[2] === 0x05 || h[2] === 0x07)) {
    return {
      code: 'edxml.attachment_zip_as_pdf',
      path,
      message: 'Tệp khai báo là PDF nhưng nội dung là tệp nén ZIP: không đăng ký như tệp PDF.',
    };
  }
  if (!h.includes('%PDF-')) {
    return {
      code: 'edxml.attachment_not_pdf',
      path,
      message: `Tệp khai báo là PDF nhưng nội dung không phải PDF (${size} byte không có đầu tệp %PDF-).`,
    };
  }
  if (probe.replacementChars >= FFFD_MIN) {
    return {
      code: 'edxml.attachment_replacement_chars',
      path,
      message: `Tệp PDF bị hỏng do chuyển mã ký tự: có ${probe.replacementChars} ký tự thay thế (U+FFFD), nội dung nhị phân đã mất. Đề nghị nơi gửi gửi lại.`,
    };
  }
  if (!probe.pdfEnd || !probe.sawStartxref) {
    return {
      code: 'edxml.attachment_pdf_damaged',
      path,
      message: 'Tệp PDF không đầy đủ hoặc bị hỏng (thiếu phần kết thúc startxref/%%EOF).',
    };
  }
  return undefined;
}
