import type { ParsedCms } from '../cms/parse';
import { OID } from '../oids';
import { checkTimestampToken, type TokenInfo } from '../revocation/tst';
import { buildChain, cert, hasExtendedKeyUsage, validityAt, type CertPool } from './chain';
import type { SignatureReport } from './model';

export type TimestampReport = SignatureReport['timestamp'];

/** Whether a token's TSA certificate chains to an anchor, is a TSA and was valid at genTime. */
export function tsaTrusted(info: TokenInfo, pool: CertPool): boolean {
  const der = info.cms.signerCertificate;
  const c = der ? cert(der) : null;
  if (!c) return false;
  const extended: CertPool = {
    anchors: pool.anchors,
    others: [...pool.others, ...info.cms.certificates.map(cert).filter((x) => x !== null)],
  };
  const chain = buildChain(c, extended);
  return chain.trusted && hasExtendedKeyUsage(c, OID.kpTimeStamping) && validityAt(chain.path, info.genTime) === null;
}

/** The signature-time-stamp (unsigned attribute) of a CMS signature, if any. */
export function signatureTimestamp(cms: ParsedCms, pool: CertPool): TimestampReport {
  const attr = cms.unsignedAttributes.find((a) => a.type === OID.signatureTimeStampToken);
  const token = attr?.values[0];
  if (!token) return { present: false, valid: false, boundToSignature: false, trusted: false, time: null };
  try {
    const info = checkTimestampToken(token, cms.signature);
    return {
      present: true,
      valid: info.valid,
      boundToSignature: info.bound,
      trusted: info.valid && tsaTrusted(info, pool),
      time: info.genTime,
    };
  } catch {
    return { present: true, valid: false, boundToSignature: false, trusted: false, time: null };
  }
}
