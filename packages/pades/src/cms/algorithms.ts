import { OID, OID_BY_DIGEST, type DigestName } from '../oids';
import { derNull, oid, seq } from './der';

export type KeyAlgorithm = 'RSA' | 'ECDSA';

export function digestAlgorithmId(digest: DigestName): Uint8Array {
  return seq(oid(OID_BY_DIGEST[digest]));
}

const RSA_SIG: Record<DigestName, string> = {
  sha1: OID.sha1WithRSA,
  sha256: OID.sha256WithRSA,
  sha384: OID.sha384WithRSA,
  sha512: OID.sha512WithRSA,
};
const EC_SIG: Record<DigestName, string> = {
  sha1: OID.ecdsaWithSha1,
  sha256: OID.ecdsaWithSha256,
  sha384: OID.ecdsaWithSha384,
  sha512: OID.ecdsaWithSha512,
};

export function signatureAlgorithmId(key: KeyAlgorithm, digest: DigestName): Uint8Array {
  return key === 'RSA' ? seq(oid(RSA_SIG[digest]), derNull()) : seq(oid(EC_SIG[digest]));
}

/** The digest implied by a signature algorithm OID, or null for bare key OIDs. */
export function digestOfSignatureOid(sigOid: string): DigestName | null {
  for (const [d, o] of Object.entries(RSA_SIG)) if (o === sigOid) return d as DigestName;
  for (const [d, o] of Object.entries(EC_SIG)) if (o === sigOid) return d as DigestName;
  return null;
}
