import { assembleSignedData } from '../cms/build';
import type { KeyAlgorithm } from '../cms/algorithms';
import { bytesEqual } from '../cms/certinfo';
import { parseCms } from '../cms/parse';
import { checkCms } from '../cms/verify';
import { PadesError } from '../errors';
import { OID } from '../oids';
import { ascii, latin1 } from '../pdf/bytes';
import { requestTimestamp } from '../revocation/tsa';
import { rangeBytes, type PreparedSignature } from './prepare';
import type { Timestamper } from '../ltv/timestamp';

export interface CompleteWithSignature {
  /** Raw signature over `toBeSigned` (PKCS#1 v1.5 or DER ECDSA). */
  signature: Uint8Array;
  keyAlgorithm: KeyAlgorithm;
  /** Intermediate certificates to embed. */
  chain?: Uint8Array[];
  /** RFC 3161 TSA URL: adds a signature-time-stamp (PAdES B-T). */
  tsaUrl?: string;
  /** Any other source of RFC 3161 tokens; used when tsaUrl is absent. */
  timestamper?: Timestamper;
}

export interface CompleteWithCms {
  /** A complete CMS SignedData made elsewhere. */
  cms: Uint8Array;
}

/** Locates the last signature placeholder of a prepared PDF. */
export function findPlaceholder(prepared: Uint8Array): [number, number, number, number] {
  const text = latin1(prepared, Math.max(0, prepared.length - 300_000));
  const base = Math.max(0, prepared.length - 300_000);
  const re = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (!last)
    throw new PadesError('pades.placeholder_missing', 'Không tìm thấy chỗ dành cho chữ ký trong tệp đã chuẩn bị.');
  const range = last.slice(1, 5).map(Number) as [number, number, number, number];
  const [a, b, c, d] = range;
  if (a !== 0 || c + d !== prepared.length || b >= c || prepared[b] !== 0x3c || prepared[c - 1] !== 0x3e || base > b) {
    throw new PadesError('pades.placeholder_invalid', 'Chỗ dành cho chữ ký trong tệp đã chuẩn bị không hợp lệ.');
  }
  return range;
}

export function buildCms(
  prep: PreparedSignature,
  input: CompleteWithSignature,
  timestampToken?: Uint8Array,
): Uint8Array {
  return assembleSignedData({
    signedAttributes: prep.toBeSigned,
    signature: input.signature,
    signerCertificate: prep.certificate,
    certificates: [prep.certificate, ...(input.chain ?? [])],
    keyAlgorithm: input.keyAlgorithm,
    unsignedAttributes: timestampToken ? [{ type: OID.signatureTimeStampToken, value: timestampToken }] : [],
  });
}

/** Embeds the CMS into the hole and checks that it signs exactly the ByteRange. */
export function embedCms(prepared: Uint8Array, cms: Uint8Array, expectedCertificate?: Uint8Array): Uint8Array {
  const range = findPlaceholder(prepared);
  const capacity = (range[2] - range[1] - 2) / 2;
  if (cms.length > capacity) {
    throw new PadesError(
      'pades.contents_too_small',
      `Chữ ký (${cms.length} byte) lớn hơn chỗ dành sẵn (${capacity} byte).`,
    );
  }
  let parsed;
  try {
    parsed = parseCms(cms);
  } catch (e) {
    throw new PadesError('pades.cms_invalid', 'Dữ liệu chữ ký CMS không hợp lệ.', { cause: e });
  }
  const check = checkCms(parsed, rangeBytes(prepared, range));
  if (!check.digestOk || !check.signatureOk) {
    throw new PadesError('pades.signature_mismatch', 'Chữ ký không khớp với nội dung tài liệu đã chuẩn bị.');
  }
  if (
    expectedCertificate &&
    (!parsed.signerCertificate || !bytesEqual(parsed.signerCertificate, expectedCertificate))
  ) {
    throw new PadesError(
      'pades.certificate_mismatch',
      'Chữ ký được tạo bằng chứng thư khác với chứng thư đã khai báo khi chuẩn bị.',
    );
  }
  const out = new Uint8Array(prepared);
  out.set(ascii(Buffer.from(cms).toString('hex').toUpperCase()), range[1] + 1);
  return out;
}

/** Finishes a deferred signature: from a raw signature (plus optional timestamp) or a ready CMS. */
export async function completeSignature(
  prep: PreparedSignature,
  input: CompleteWithSignature | CompleteWithCms,
): Promise<Uint8Array> {
  if ('cms' in input) return embedCms(prep.prepared, input.cms, prep.certificate);
  const token = input.tsaUrl
    ? await requestTimestamp(input.tsaUrl, input.signature)
    : input.timestamper
      ? await input.timestamper(input.signature)
      : undefined;
  return embedCms(prep.prepared, buildCms(prep, input, token), prep.certificate);
}
