import { createHash } from 'node:crypto';
import { buildSignedAttributes } from '../cms/build';
import { sha } from '../cms/certinfo';
import { PadesError } from '../errors';
import {
  buildImageAppearance,
  buildStampAppearance,
  type AppearanceOptions,
  type StampOptions,
  type BuiltAppearance,
} from '../pdf/appearance';
import { existingFieldNames, addSignatureField } from '../pdf/field';
import { beginUpdate } from '../pdf/update';
import { buildSigDict, patchByteRange } from '../pdf/sigdict';

export interface PrepareOptions {
  /** Signer's certificate (DER): needed for the signing-certificate-v2 attribute. */
  certificate: Uint8Array;
  signingTime?: Date; // default now; pinned into /M
  fieldName?: string;
  appearance?: AppearanceOptions;
  stamp?: StampOptions;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Bytes reserved for the CMS; default fits a chain of certificates and a timestamp. */
  contentsSize?: number;
  /** Reserve room for an RFC 3161 timestamp token. */
  timestamp?: boolean;
}

export interface PreparedSignature {
  prepared: Uint8Array; // PDF with placeholder (ByteRange patched, Contents zeroed)
  byteRange: [number, number, number, number];
  /** SHA-256 of the bytes covered by the ByteRange. */
  documentDigest: Uint8Array;
  /** DER SET OF signed attributes: what the signer signs. */
  toBeSigned: Uint8Array;
  /** SHA-256 of toBeSigned (for signers that take a pre-computed hash). */
  toBeSignedDigest: Uint8Array;
  signingTime: Date;
  fieldName: string;
  certificate: Uint8Array;
}

const MAX_PDF = 200 * 1024 * 1024;

function pickName(existing: Set<string>, wanted: string | undefined): string {
  if (wanted) {
    if (existing.has(wanted)) throw new PadesError('pades.field_exists', `Trường chữ ký "${wanted}" đã tồn tại.`);
    return wanted;
  }
  for (let i = 1; ; i++) if (!existing.has(`Signature${i}`)) return `Signature${i}`;
}

export function rangeBytes(pdf: Uint8Array, range: readonly number[]): Uint8Array[] {
  const [a, b, c, d] = range as [number, number, number, number];
  return [pdf.subarray(a, a + b), pdf.subarray(c, c + d)];
}

export function digestRange(pdf: Uint8Array, range: readonly number[], alg = 'sha256'): Uint8Array {
  const [p1, p2] = rangeBytes(pdf, range);
  return new Uint8Array(createHash(alg).update(p1!).update(p2!).digest());
}

/** Appends a signature field and a placeholder signature as an incremental update. */
export async function prepareSignature(pdf: Uint8Array, options: PrepareOptions): Promise<PreparedSignature> {
  if (pdf.length > MAX_PDF) throw new PadesError('pades.pdf_too_large', 'Tệp PDF quá lớn để ký.');
  const update = await beginUpdate(pdf);
  const { doc } = update;
  const ctx = doc.context;
  const signingTime = new Date(Math.floor((options.signingTime ?? new Date()).getTime() / 1000) * 1000);
  const fieldName = pickName(existingFieldNames(doc), options.fieldName);

  const sigRef = ctx.nextRef();
  let built: BuiltAppearance | null = null;
  if (options.stamp) built = await buildStampAppearance(doc, options.stamp, signingTime);
  else if (options.appearance) built = await buildImageAppearance(doc, options.appearance);
  const pageIndex = built?.pageIndex ?? 0;
  if (doc.getPageCount() === 0) throw new PadesError('pades.pdf_no_pages', 'Tệp PDF không có trang nào.');
  const { changed } = addSignatureField({
    doc,
    pageIndex,
    fieldName,
    sigRef,
    rect: built?.rect ?? [0, 0, 0, 0],
    appearanceRef: built?.ref,
  });

  const certSize = options.certificate.length;
  const contentsBytes = options.contentsSize ?? 8192 + certSize * 4 + (options.timestamp ? 12288 : 0);
  const sig = buildSigDict({
    subFilter: 'ETSI.CAdES.detached',
    contentsBytes,
    signingTime,
    reason: options.reason,
    location: options.location,
    contactInfo: options.contactInfo,
  });

  const out = update.finish(changed, [{ ref: sigRef, body: sig.body }]);
  const bytes = out.bytes;
  const sigBody = out.bodyOffsets.get(sigRef.objectNumber)!;
  const holeStart = sigBody + sig.contentsOffset;
  const holeEnd = holeStart + sig.contentsLength;
  const byteRange: [number, number, number, number] = [0, holeStart, holeEnd, bytes.length - holeEnd];
  patchByteRange(bytes, sigBody + sig.byteRangeOffset, byteRange);
  const documentDigest = digestRange(bytes, byteRange);
  const toBeSigned = buildSignedAttributes({ digest: documentDigest, signerCertificate: options.certificate });
  return {
    prepared: bytes,
    byteRange,
    documentDigest,
    toBeSigned,
    toBeSignedDigest: sha('sha256', toBeSigned),
    signingTime,
    fieldName,
    certificate: options.certificate,
  };
}
