/**
 * PAdES B-LTA: a document timestamp (ETSI.RFC3161, /Type /DocTimeStamp) appended as an incremental update, its
 * token over the whole file as it then is (ByteRange) — normally after a /DSS, so the validation data is covered.
 */
import { PadesError } from '../errors';
import { ascii } from '../pdf/bytes';
import { addSignatureField, existingFieldNames } from '../pdf/field';
import { buildSigDict, patchByteRange } from '../pdf/sigdict';
import { beginUpdate } from '../pdf/update';
import { checkTimestampToken } from '../revocation/tst';
import { rangeBytes } from '../sign/prepare';
import { tsaTimestamper, type Timestamper } from './timestamp';

export interface DocumentTimestampOptions {
  /** Where the token comes from: a Timestamper, or the URL of an RFC 3161 TSA. */
  timestamper?: Timestamper;
  tsaUrl?: string;
  /** Field name (default DocTimeStamp1, 2 …). */
  fieldName?: string;
  /** Bytes reserved for the token (default 16 KiB). */
  contentsSize?: number;
}

/** Appends a document timestamp to `pdf`; answers the new file and the token's time. */
export async function addDocumentTimestamp(
  pdf: Uint8Array,
  options: DocumentTimestampOptions,
): Promise<{ pdf: Uint8Array; time: Date }> {
  const stamp = options.timestamper ?? (options.tsaUrl ? tsaTimestamper(options.tsaUrl) : null);
  if (!stamp) throw new PadesError('pades.tsa_missing', 'Chưa cấu hình máy chủ cấp dấu thời gian (TSA).');
  const update = await beginUpdate(pdf);
  const { doc } = update;
  if (doc.getPageCount() === 0) throw new PadesError('pades.pdf_no_pages', 'Tệp PDF không có trang nào.');
  const names = existingFieldNames(doc);
  let fieldName = options.fieldName;
  if (fieldName && names.has(fieldName))
    throw new PadesError('pades.field_exists', `Trường chữ ký "${fieldName}" đã tồn tại.`);
  for (let i = 1; !fieldName; i++) if (!names.has(`DocTimeStamp${i}`)) fieldName = `DocTimeStamp${i}`;
  const sigRef = doc.context.nextRef();
  const { changed } = addSignatureField({ doc, pageIndex: 0, fieldName, sigRef, rect: [0, 0, 0, 0] });
  const sig = buildSigDict({
    subFilter: 'ETSI.RFC3161',
    type: 'DocTimeStamp',
    contentsBytes: options.contentsSize ?? 16384,
  });
  const out = update.finish(changed, [{ ref: sigRef, body: sig.body }]);
  const bytes = out.bytes;
  const body = out.bodyOffsets.get(sigRef.objectNumber)!;
  const holeStart = body + sig.contentsOffset;
  const holeEnd = holeStart + sig.contentsLength;
  const range: [number, number, number, number] = [0, holeStart, holeEnd, bytes.length - holeEnd];
  patchByteRange(bytes, body + sig.byteRangeOffset, range);
  const covered = Buffer.concat(rangeBytes(bytes, range));
  const token = await stamp(new Uint8Array(covered));
  const info = checkTimestampToken(token, covered);
  if (!info.valid || !info.bound)
    throw new PadesError('pades.tsa_response_invalid', 'Dấu thời gian nhận được không khớp với tài liệu.');
  if (token.length > (sig.contentsLength - 2) / 2)
    throw new PadesError('pades.contents_too_small', `Dấu thời gian (${token.length} byte) lớn hơn chỗ dành sẵn.`);
  bytes.set(ascii(Buffer.from(token).toString('hex').toUpperCase()), holeStart + 1);
  return { pdf: bytes, time: info.genTime };
}
