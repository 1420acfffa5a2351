import { checkCrl, checkOcsp, fetchOcsp, ocspRequest, ocspUrlOf, type RevocationStatus } from '../revocation/ocsp';
import type { SignatureReport } from './model';

export interface RevocationSources {
  dssOcsps: Uint8Array[];
  dssCrls: Uint8Array[];
  cmsCrls: Uint8Array[];
  cmsOcsps: Uint8Array[];
  fetch: boolean;
}

type Result = SignatureReport['revocation'];

function pick(list: readonly Uint8Array[], check: (der: Uint8Array) => RevocationStatus): RevocationStatus | null {
  let good: RevocationStatus | null = null;
  for (const der of list.slice(0, 200)) {
    const s = check(der);
    if (s.status === 'revoked') return s;
    if (s.status === 'good') good = s;
  }
  return good;
}

/** Revocation status of `cert` (issued by `issuer`) at `at`, from embedded data first, then the network if allowed. */
export async function revocationStatus(
  cert: Uint8Array,
  issuer: Uint8Array,
  at: Date,
  src: RevocationSources,
): Promise<Result> {
  const ocsp = (der: Uint8Array): RevocationStatus => checkOcsp(der, cert, issuer, at);
  const crl = (der: Uint8Array): RevocationStatus => checkCrl(der, cert, issuer, at);
  const candidates: [Result['source'], RevocationStatus | null][] = [
    ['cms', pick(src.cmsOcsps, ocsp) ?? pick(src.cmsCrls, crl)],
    ['dss', pick(src.dssOcsps, ocsp) ?? pick(src.dssCrls, crl)],
  ];
  const revoked = candidates.find(([, s]) => s?.status === 'revoked');
  if (revoked) return { status: 'revoked', source: revoked[0], revokedAt: revoked[1]!.revokedAt };
  const good = candidates.find(([, s]) => s?.status === 'good');
  if (good) return { status: 'good', source: good[0] };
  if (src.fetch) {
    const url = ocspUrlOf(cert);
    if (url) {
      const der = await fetchOcsp(url, ocspRequest(cert, issuer));
      if (der) {
        const s = ocsp(der);
        if (s.status !== 'unknown') return { status: s.status, source: 'fetched', revokedAt: s.revokedAt };
      }
    }
  }
  return { status: 'unknown', source: null };
}
