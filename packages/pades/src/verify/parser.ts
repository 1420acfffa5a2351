import { CharCodes, PDFHexString, PDFParser } from 'pdf-lib';

/**
 * pdf-lib's parser, minus one quadratic path: its recovery scan (skipJibberish) tries an
 * object header at every byte, and on a long run of digits (a /Contents hole, say) each try
 * re-reads the whole run. The outcome of a try inside a digit run depends only on what follows
 * the run, so after a failed try we jump to the end of the run: same result, linear time.
 * And one slow path: hex strings (a signature's /Contents, tens of kilobytes) are read with one
 * indexOf instead of one string concatenation per character — same value, same errors.
 */
export class BoundedParser extends PDFParser {}

interface ParserInternals {
  bytes: {
    done(): boolean;
    offset(): number;
    peek(): number;
    next(): number;
    moveTo(o: number): void;
    assertNext(b: number): number;
    bytes: Uint8Array;
    length: number;
  };
  skipWhitespaceAndComments(): void;
  matchKeyword(k: number[]): boolean;
  matchIndirectObjectHeader(): boolean;
}

const kw = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const XREF = kw('xref');
const TRAILER = kw('trailer');
const STARTXREF = kw('startxref');
const isDigit = (b: number): boolean => b >= CharCodes.Zero && b <= CharCodes.Nine;

Object.defineProperty(BoundedParser.prototype, 'skipJibberish', {
  value: function skipJibberish(this: ParserInternals): void {
    this.skipWhitespaceAndComments();
    const { bytes } = this;
    while (!bytes.done()) {
      const initialOffset = bytes.offset();
      const byte = bytes.peek();
      if (byte >= CharCodes.Space && byte <= CharCodes.Tilde) {
        if (
          this.matchKeyword(XREF) ||
          this.matchKeyword(TRAILER) ||
          this.matchKeyword(STARTXREF) ||
          this.matchIndirectObjectHeader()
        ) {
          bytes.moveTo(initialOffset);
          break;
        }
        if (isDigit(byte)) {
          bytes.moveTo(initialOffset);
          while (!bytes.done() && isDigit(bytes.peek())) bytes.next();
          continue;
        }
      }
      bytes.next();
    }
  },
});

Object.defineProperty(BoundedParser.prototype, 'parseHexString', {
  value: function parseHexString(this: ParserInternals): PDFHexString {
    const s = this.bytes;
    s.assertNext(CharCodes.LessThan);
    const start = s.offset();
    let end = s.bytes.indexOf(CharCodes.GreaterThan, start);
    if (end < 0 || end > s.length) end = s.length;
    const value = Buffer.from(s.bytes.buffer, s.bytes.byteOffset + start, end - start).toString('latin1');
    s.moveTo(end);
    s.assertNext(CharCodes.GreaterThan);
    return PDFHexString.of(value);
  },
});
