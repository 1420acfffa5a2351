// Incremental, strict base64 decoding: whitespace is ignored, any other character outside the
// standard alphabet is refused, padding may only end the data. Missing final padding is tolerated.
import { EdxmlError } from './errors';

const WHITESPACE = /[\t\n\r ]+/g;
const INVALID = /[^A-Za-z0-9+/=]/;

export class Base64Decoder {
  private carry = '';
  private padding = 0;

  /** Decodes as much of `text` as forms whole 4-character groups; returns the bytes (possibly empty). */
  push(text: string): Buffer {
    const clean = text.replace(WHITESPACE, '');
    if (clean.length === 0) return EMPTY;
    if (INVALID.test(clean)) throw bad('character outside the base64 alphabet');
    const eq = clean.indexOf('=');
    const body = eq < 0 ? clean : clean.slice(0, eq);
    const pad = eq < 0 ? '' : clean.slice(eq);
    if (/[^=]/.test(pad)) throw bad('data after padding');
    if (this.padding > 0 && body.length > 0) throw bad('data after padding');
    this.padding += pad.length;
    if (this.padding > 2) throw bad('too much padding');
    const all = this.carry + body;
    const whole = all.length - (all.length % 4);
    this.carry = all.slice(whole);
    return whole === 0 ? EMPTY : Buffer.from(all.slice(0, whole), 'base64');
  }

  /** Decodes what is left; refuses a dangling single character or misplaced padding. */
  end(): Buffer {
    const rest = this.carry;
    this.carry = '';
    if (rest.length === 0 && this.padding === 0) return EMPTY;
    if (rest.length < 2 || rest.length + this.padding > 4) throw bad('truncated data or misplaced padding');
    return Buffer.from(rest, 'base64');
  }
}

const EMPTY = Buffer.alloc(0);

function bad(detail: string): EdxmlError {
  return new EdxmlError('edxml.attachment_bad_base64', detail);
}

/** Encodes bytes as base64 lines of 76 characters (bytes.length should be a multiple of 57 except at the end). */
export function encodeBase64Lines(bytes: Buffer): string {
  const b64 = bytes.toString('base64');
  let out = '';
  for (let i = 0; i < b64.length; i += 76) out += b64.slice(i, i + 76) + '\n';
  return out;
}
