import * as asn1js from 'asn1js';
import { constants, createHash, verify as nodeVerify } from 'node:crypto';
import { cert, publicKeyOf } from '../verify/chain';
import { DIGEST_BY_OID, OID, type DigestName } from '../oids';
import { digestOfSignatureOid } from './algorithms';
import { bytesEqual } from './certinfo';
import { toArrayBuffer } from './der';
import { messageDigestOf, type ParsedCms } from './parse';

export interface CmsCheck {
  digestOk: boolean;
  signatureOk: boolean;
  digest: DigestName | null;
  /** Set when the structure is unusable (no signer certificate, unknown algorithm …). */
  problem?: string;
}

interface PssParams {
  hash: DigestName;
  saltLength: number;
}

function pssParams(der: Uint8Array | null): PssParams {
  const out: PssParams = { hash: 'sha1', saltLength: 20 };
  if (!der) return out;
  const r = asn1js.fromBER(toArrayBuffer(der));
  if (!(r.result instanceof asn1js.Sequence)) return out;
  for (const item of r.result.valueBlock.value) {
    if (item.idBlock.tagClass !== 3 || !(item instanceof asn1js.Constructed)) continue;
    const inner = item.valueBlock.value[0];
    if (item.idBlock.tagNumber === 0 && inner instanceof asn1js.Sequence) {
      const o = inner.valueBlock.value[0];
      if (o instanceof asn1js.ObjectIdentifier) out.hash = DIGEST_BY_OID[o.valueBlock.toString()] ?? out.hash;
    } else if (item.idBlock.tagNumber === 2 && inner instanceof asn1js.Integer) {
      out.saltLength = inner.valueBlock.valueDec;
    }
  }
  return out;
}

/** Verifies a raw signature with the public key of `certDer` per the CMS signature algorithm. */
export function verifyRawSignature(
  certDer: Uint8Array,
  sigOid: string,
  sigParams: Uint8Array | null,
  digest: DigestName | null,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  const parsed = cert(certDer);
  if (!parsed) throw new Error('unreadable certificate');
  const key = publicKeyOf(parsed);
  if (sigOid === OID.rsaPss) {
    const p = pssParams(sigParams);
    return nodeVerify(
      p.hash,
      data,
      { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength },
      signature,
    );
  }
  const hash =
    digestOfSignatureOid(sigOid) ?? (sigOid === OID.rsaEncryption || sigOid === OID.ecPublicKey ? digest : null);
  if (!hash) throw new Error(`unsupported signature algorithm ${sigOid}`);
  if (key.asymmetricKeyType === 'ec') return nodeVerify(hash, data, { key, dsaEncoding: 'der' }, signature);
  return nodeVerify(hash, data, key, signature);
}

/**
 * Checks a CMS signature over detached content given as parts (the ByteRange).
 * adbe.pkcs7.sha1 style (content = SHA-1 of the parts, encapsulated) is handled too.
 */
export function checkCms(p: ParsedCms, parts: readonly Uint8Array[]): CmsCheck {
  const digest = p.digest;
  if (!digest) return { digestOk: false, signatureOk: false, digest, problem: `unknown digest ${p.digestOid}` };
  if (!p.signerCertificate)
    return { digestOk: false, signatureOk: false, digest, problem: 'signer certificate missing' };
  const hashParts = (alg: string): Uint8Array => {
    const h = createHash(alg);
    for (const part of parts) h.update(part);
    return new Uint8Array(h.digest());
  };
  let content: Uint8Array | null = null;
  let digestOk: boolean;
  if (p.eContent) {
    // adbe.pkcs7.sha1: the encapsulated content is the SHA-1 of the signed bytes
    digestOk = bytesEqual(p.eContent, hashParts('sha1'));
    content = p.eContent;
  } else {
    digestOk = true;
  }
  let signatureOk = false;
  try {
    if (p.signedAttrs) {
      const md = messageDigestOf(p);
      const expected = content ? new Uint8Array(createHash(digest).update(content).digest()) : hashParts(digest);
      digestOk = digestOk && md !== null && bytesEqual(md, expected);
      signatureOk = verifyRawSignature(
        p.signerCertificate,
        p.signatureOid,
        p.signatureParams,
        digest,
        p.signedAttrs,
        p.signature,
      );
    } else {
      const data = content ?? Buffer.concat(parts.map((x) => Buffer.from(x.buffer, x.byteOffset, x.byteLength)));
      signatureOk = verifyRawSignature(
        p.signerCertificate,
        p.signatureOid,
        p.signatureParams,
        digest,
        data,
        p.signature,
      );
    }
  } catch (e) {
    return { digestOk, signatureOk: false, digest, problem: e instanceof Error ? e.message : String(e) };
  }
  return { digestOk, signatureOk, digest };
}
