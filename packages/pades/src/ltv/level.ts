import type { SignatureReport, VerifyReport } from '../verify/model';

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

/**
 * The PAdES baseline level a verified signature reaches (ETSI EN 319 142-1), read from the verifier's report:
 * - B-B: a CAdES signature (ETSI.CAdES.detached) whose integrity holds;
 * - B-T: plus a signature timestamp that is valid, bound to the signature value and from a trusted TSA;
 * - B-LT: plus revocation data found in the file (DSS or the CMS), not fetched, saying "good", the chain trusted;
 * - B-LTA: plus a later, valid and trusted document timestamp (ETSI.RFC3161) over the revision holding that data.
 * null for a document timestamp itself, a broken signature, or another format (adbe.pkcs7.*).
 */
export function padesLevel(report: VerifyReport, sig: SignatureReport): PadesLevel | null {
  if (
    sig.type !== 'signature' ||
    sig.subFilter !== 'ETSI.CAdES.detached' ||
    !sig.integrity.ok ||
    sig.verdict === 'invalid'
  )
    return null;
  const t = sig.timestamp;
  if (!(t.present && t.valid && t.boundToSignature && t.trusted)) return 'B-B';
  const embedded =
    sig.revocation.status === 'good' && (sig.revocation.source === 'dss' || sig.revocation.source === 'cms');
  if (!embedded || !sig.chain.trusted || !report.dss.present) return 'B-T';
  const archived = report.signatures.some(
    (d) =>
      d.type === 'doc_timestamp' &&
      d.integrity.ok &&
      d.verdict !== 'invalid' &&
      d.timestamp.valid &&
      d.timestamp.trusted &&
      d.revision !== null &&
      sig.revision !== null &&
      d.revision > sig.revision,
  );
  return archived ? 'B-LTA' : 'B-LT';
}
