import { PDFHexString, PDFString } from 'pdf-lib';
import { ascii } from './bytes';
import { pdfDate } from './dates';

export const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 0000000000 0000000000 0000000000]';

export interface SigDictInput {
  subFilter: string;
  contentsBytes: number; // hole capacity in bytes (hex length is twice that)
  signingTime?: Date; // absent for document timestamps
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  type?: 'Sig' | 'DocTimeStamp';
}

function text(value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? PDFString.of(value.replace(/([\\()])/g, '\\$1')).toString()
    : PDFHexString.fromText(value).toString();
}

export interface SigDictBytes {
  body: Uint8Array;
  byteRangeOffset: number; // offset of "/ByteRange" in body
  contentsOffset: number; // offset of "<" of /Contents in body
  contentsLength: number; // including "<" and ">"
}

/** The signature dictionary with a fixed-width /ByteRange and a zero-filled /Contents hole. */
export function buildSigDict(input: SigDictInput): SigDictBytes {
  const type = input.type ?? 'Sig';
  let head = `<< /Type /${type} /Filter /Adobe.PPKLite /SubFilter /${input.subFilter}\n`;
  const byteRangeOffset = head.length;
  head += `${BYTE_RANGE_PLACEHOLDER}\n/Contents `;
  const contentsOffset = head.length;
  const hole = `<${'0'.repeat(input.contentsBytes * 2)}>`;
  let tail = '\n';
  if (input.signingTime) tail += `/M ${text(pdfDate(input.signingTime))}`;
  if (input.name) tail += ` /Name ${text(input.name)}`;
  if (input.reason) tail += ` /Reason ${text(input.reason)}`;
  if (input.location) tail += ` /Location ${text(input.location)}`;
  if (input.contactInfo) tail += ` /ContactInfo ${text(input.contactInfo)}`;
  tail += ' >>';
  return { body: ascii(head + hole + tail), byteRangeOffset, contentsOffset, contentsLength: hole.length };
}

/** Writes the real ByteRange over the placeholder (same width, padded with spaces). */
export function patchByteRange(
  bytes: Uint8Array,
  byteRangeOffset: number,
  range: [number, number, number, number],
): void {
  const value = `/ByteRange [${range.join(' ')}]`;
  if (value.length > BYTE_RANGE_PLACEHOLDER.length) throw new Error('ByteRange too large');
  bytes.set(ascii(value.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ')), byteRangeOffset);
}
