import { createHash } from 'node:crypto';
import { bytesEqual } from './certinfo';
import { messageDigestOf, type ParsedCms } from './parse';
import { verifyRawSignature, type CmsCheck } from './verify';

/** Checks a CMS whose content is encapsulated (timestamp tokens): messageDigest = hash(eContent). */
export function checkEncapsulated(p: ParsedCms): CmsCheck {
  const digest = p.digest;
  if (!digest || !p.eContent || !p.signedAttrs)
    return { digestOk: false, signatureOk: false, digest, problem: 'malformed token' };
  if (!p.signerCertificate)
    return { digestOk: false, signatureOk: false, digest, problem: 'signer certificate missing' };
  const md = messageDigestOf(p);
  const digestOk = md !== null && bytesEqual(md, new Uint8Array(createHash(digest).update(p.eContent).digest()));
  try {
    const signatureOk = verifyRawSignature(
      p.signerCertificate,
      p.signatureOid,
      p.signatureParams,
      digest,
      p.signedAttrs,
      p.signature,
    );
    return { digestOk, signatureOk, digest };
  } catch (e) {
    return { digestOk, signatureOk: false, digest, problem: e instanceof Error ? e.message : String(e) };
  }
}
