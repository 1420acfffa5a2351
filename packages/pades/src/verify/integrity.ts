import { PDFDict, PDFHexString, PDFString, type PDFObject } from 'pdf-lib';
import { bytesEqual } from '../cms/certinfo';
import { parseCms, type ParsedCms } from '../cms/parse';
import { checkCms } from '../cms/verify';
import { latin1 } from '../pdf/bytes';
import { checkTimestampToken, type TokenInfo } from '../revocation/tst';
import type { DigestName } from '../oids';
import { View, type PdfModel } from './document';
import { nameText, numbers, type SigField } from './fields';
import type { Reason } from './model';
import { reason } from './reasons';

export interface IntegrityResult {
  byteRange: number[] | null;
  revision: number | null;
  coversRevision: boolean;
  ok: boolean;
  digest: DigestName | null;
  cms: ParsedCms | null;
  /** For document timestamps: the token itself. */
  docTimestamp: TokenInfo | null;
  reasons: Reason[];
}

const HEX = /^[0-9A-Fa-f\s]*$/;

function contentsBytes(o: PDFObject | undefined): Uint8Array | null {
  if (o instanceof PDFHexString) {
    const hex = o.asString();
    return new Uint8Array(Buffer.from(/\s/.test(hex) ? hex.replace(/\s+/g, '') : hex, 'hex'));
  }
  if (o instanceof PDFString) return new Uint8Array(o.asBytes());
  return null;
}

/** Strips zero padding after the outermost DER element. */
function trimDer(b: Uint8Array): Uint8Array {
  if (b.length < 2 || b[0] !== 0x30) return b;
  const l = b[1]!;
  if (l < 0x80) return b.subarray(0, Math.min(b.length, 2 + l));
  const n = l & 0x7f;
  if (n === 0 || n > 4 || b.length < 2 + n) return b;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return b.subarray(0, Math.min(b.length, 2 + n + len));
}

export function checkIntegrity(model: PdfModel, field: SigField, finalView: View): IntegrityResult {
  const res: IntegrityResult = {
    byteRange: null,
    revision: null,
    coversRevision: false,
    ok: false,
    digest: null,
    cms: null,
    docTimestamp: null,
    reasons: [],
  };
  const { bytes } = model;
  const sig = field.value!;
  const range = numbers(finalView.get(sig, 'ByteRange'));
  res.byteRange = range;
  const contents = contentsBytes(finalView.get(sig, 'Contents'));
  if (!range || range.length !== 4 || !contents) {
    res.reasons.push(reason('sig.byterange_invalid', 'thiếu ByteRange/Contents'));
    return res;
  }
  const [a, b, c, d] = range as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b + 1 || d < 0 || c + d > bytes.length) {
    res.reasons.push(reason('sig.byterange_invalid', `[${range.join(' ')}]`));
    return res;
  }
  // the hole must be exactly this dictionary's /Contents hex string
  const hole = latin1(bytes, b, c);
  const before = latin1(bytes, Math.max(0, b - 32), b).trimEnd();
  if (
    hole[0] !== '<' ||
    hole[hole.length - 1] !== '>' ||
    !HEX.test(hole.slice(1, -1)) ||
    !before.endsWith('/Contents')
  ) {
    res.reasons.push(reason('sig.byterange_invalid', 'vùng loại trừ không phải /Contents'));
    return res;
  }
  const holeBytes = new Uint8Array(Buffer.from(hole.slice(1, -1).replace(/\s+/g, ''), 'hex'));
  if (!bytesEqual(holeBytes, contents)) {
    res.reasons.push(reason('sig.byterange_invalid', '/Contents không nằm trong vùng loại trừ'));
    return res;
  }
  const end = c + d;
  const rev = model.revisions.find((r) => r.end === end || r.eof === end);
  if (!rev) {
    res.reasons.push(reason('sig.byterange_not_whole_revision'));
    return res;
  }
  res.revision = rev.index;
  res.coversRevision = true;
  // the signature dictionary must already exist, unchanged, in the revision it signs
  const signedView = new View(model, rev.index);
  const signedSig = signedView.resolve(field.rawValue);
  if (
    !(signedSig instanceof PDFDict) ||
    !bytesEqual(contentsBytes(signedView.get(signedSig, 'Contents')) ?? new Uint8Array(), contents) ||
    numbers(signedView.get(signedSig, 'ByteRange'))?.join(' ') !== range.join(' ')
  ) {
    res.reasons.push(reason('sig.dict_not_in_signed_revision'));
    return res;
  }
  const parts = [bytes.subarray(0, b), bytes.subarray(c, end)];
  const subFilter = nameText(finalView.get(sig, 'SubFilter')) ?? '';
  let cms: ParsedCms;
  try {
    cms = parseCms(trimDer(contents));
  } catch (e) {
    res.reasons.push(reason('sig.cms_invalid', e instanceof Error ? e.message : undefined));
    return res;
  }
  res.cms = cms;
  res.digest = cms.digest;
  if (subFilter === 'ETSI.RFC3161') {
    try {
      const token = checkTimestampToken(trimDer(contents), Buffer.concat(parts));
      res.docTimestamp = token;
      if (!token.bound) res.reasons.push(reason('sig.digest_mismatch'));
      if (!token.valid) res.reasons.push(reason('sig.signature_invalid'));
    } catch (e) {
      res.reasons.push(reason('sig.cms_invalid', e instanceof Error ? e.message : undefined));
    }
  } else {
    if (!cms.signerCertificate) {
      res.reasons.push(reason('sig.signer_cert_missing'));
      return res;
    }
    const check = checkCms(cms, parts);
    if (!check.digestOk) res.reasons.push(reason('sig.digest_mismatch'));
    if (!check.signatureOk) res.reasons.push(reason('sig.signature_invalid', check.problem));
  }
  res.ok = res.reasons.length === 0;
  return res;
}
