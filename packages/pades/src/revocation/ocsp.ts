import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { X509Certificate, createHash } from 'node:crypto';
import { bytesEqual, certRefs } from '../cms/certinfo';
import { octets, oid, seq, toArrayBuffer, derNull } from '../cms/der';
import { verifyRawSignature } from '../cms/verify';
import { DIGEST_BY_OID, OID } from '../oids';
import { hasExtendedKeyUsage } from '../verify/chain';

export interface RevocationStatus {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** Why a response could not be used. */
  problem?: string;
}

function spkiBitString(certDer: Uint8Array): Uint8Array {
  const c = pkijs.Certificate.fromBER(toArrayBuffer(certDer));
  return new Uint8Array(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView);
}

/** DER CertID (SHA-1, as most responders expect). */
export function certId(certDer: Uint8Array, issuerDer: Uint8Array): Uint8Array {
  const sha1 = (b: Uint8Array): Uint8Array => new Uint8Array(createHash('sha1').update(b).digest());
  return seq(
    seq(oid(OID.sha1), derNull()),
    octets(sha1(certRefs(issuerDer).subject)),
    octets(sha1(spkiBitString(issuerDer))),
    certRefs(certDer).serial,
  );
}

/** DER OCSPRequest for one certificate. */
export function ocspRequest(certDer: Uint8Array, issuerDer: Uint8Array): Uint8Array {
  return seq(seq(seq(seq(certId(certDer, issuerDer)))));
}

export function ocspUrlOf(certDer: Uint8Array): string | null {
  try {
    const c = new X509Certificate(certDer);
    const m = /OCSP - URI:(\S+)/.exec(c.infoAccess ?? '');
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

/** Extracts the BasicOCSPResponse from an OCSPResponse (or accepts a BasicOCSPResponse). */
export function basicResponse(der: Uint8Array): pkijs.BasicOCSPResponse {
  const asn = asn1js.fromBER(toArrayBuffer(der));
  if (asn.offset === -1) throw new Error('OCSP response is not BER');
  try {
    const resp = new pkijs.OCSPResponse({ schema: asn.result });
    if (resp.responseStatus.valueBlock.valueDec !== 0 || !resp.responseBytes)
      throw new Error(`OCSP status ${resp.responseStatus.valueBlock.valueDec}`);
    const inner = asn1js.fromBER(resp.responseBytes.response.valueBlock.valueHexView);
    return new pkijs.BasicOCSPResponse({ schema: inner.result });
  } catch (e) {
    try {
      return new pkijs.BasicOCSPResponse({ schema: asn.result });
    } catch {
      throw e;
    }
  }
}

function responderCert(basic: pkijs.BasicOCSPResponse, issuerDer: Uint8Array): Uint8Array | null {
  const issuer = new X509Certificate(issuerDer);
  const id = basic.tbsResponseData.responderID;
  const issuerMatches =
    id instanceof pkijs.RelativeDistinguishedNames
      ? bytesEqual(new Uint8Array(id.toSchema().toBER(false)), certRefs(issuerDer).subject)
      : id instanceof asn1js.OctetString &&
        bytesEqual(
          new Uint8Array(id.valueBlock.valueHexView),
          new Uint8Array(createHash('sha1').update(spkiBitString(issuerDer)).digest()),
        );
  if (issuerMatches) return issuerDer;
  for (const c of basic.certs ?? []) {
    const der = new Uint8Array(c.toSchema().toBER(false));
    const x = new X509Certificate(der);
    if (x.checkIssued(issuer) && x.verify(issuer.publicKey) && hasExtendedKeyUsage(x, OID.kpOcspSigning)) return der;
  }
  return null;
}

/** Verifies an OCSP response for `certDer` and evaluates it at time `at`. */
export function checkOcsp(der: Uint8Array, certDer: Uint8Array, issuerDer: Uint8Array, at: Date): RevocationStatus {
  let basic: pkijs.BasicOCSPResponse;
  try {
    basic = basicResponse(der);
  } catch (e) {
    return { status: 'unknown', problem: e instanceof Error ? e.message : 'unreadable' };
  }
  const signer = responderCert(basic, issuerDer);
  if (!signer) return { status: 'unknown', problem: 'responder not authorised' };
  const sigOid = basic.signatureAlgorithm.algorithmId;
  const okSig = (() => {
    try {
      return verifyRawSignature(
        signer,
        sigOid,
        null,
        null,
        basic.tbsResponseData.tbsView,
        new Uint8Array(basic.signature.valueBlock.valueHexView),
      );
    } catch {
      return false;
    }
  })();
  if (!okSig) return { status: 'unknown', problem: 'bad response signature' };
  const serial = certRefs(certDer).serial;
  for (const single of basic.tbsResponseData.responses) {
    const alg = DIGEST_BY_OID[single.certID.hashAlgorithm.algorithmId];
    if (!alg) continue;
    const h = (b: Uint8Array): Uint8Array => new Uint8Array(createHash(alg).update(b).digest());
    const same =
      bytesEqual(new Uint8Array(single.certID.serialNumber.toBER(false)), serial) &&
      bytesEqual(
        new Uint8Array(single.certID.issuerNameHash.valueBlock.valueHexView),
        h(certRefs(issuerDer).subject),
      ) &&
      bytesEqual(new Uint8Array(single.certID.issuerKeyHash.valueBlock.valueHexView), h(spkiBitString(issuerDer)));
    if (!same) continue;
    const thisUpdate = single.thisUpdate;
    const nextUpdate = single.nextUpdate;
    const tag = (single.certStatus as asn1js.BaseBlock).idBlock.tagNumber;
    if (tag === 1) {
      const revInfo = single.certStatus as asn1js.Constructed;
      const t = revInfo.valueBlock.value[0] as asn1js.GeneralizedTime | undefined;
      const revokedAt = t ? t.toDate() : new Date(0);
      if (revokedAt.getTime() <= at.getTime()) return { status: 'revoked', revokedAt, thisUpdate, nextUpdate };
      return { status: 'good', revokedAt, thisUpdate, nextUpdate };
    }
    if (tag !== 0) return { status: 'unknown', problem: 'responder says unknown', thisUpdate, nextUpdate };
    const fresh = thisUpdate.getTime() >= at.getTime() || (!!nextUpdate && nextUpdate.getTime() >= at.getTime());
    return fresh
      ? { status: 'good', thisUpdate, nextUpdate }
      : { status: 'unknown', problem: 'response older than signing time', thisUpdate, nextUpdate };
  }
  return { status: 'unknown', problem: 'no matching CertID' };
}

/** Checks a CRL signed by `issuerDer` for the certificate at time `at`. */
export function checkCrl(der: Uint8Array, certDer: Uint8Array, issuerDer: Uint8Array, at: Date): RevocationStatus {
  try {
    const crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
    if (!bytesEqual(new Uint8Array(crl.issuer.toSchema().toBER(false)), certRefs(issuerDer).subject))
      return { status: 'unknown', problem: 'other issuer' };
    const ok = verifyRawSignature(
      issuerDer,
      crl.signature.algorithmId,
      null,
      null,
      crl.tbsView,
      new Uint8Array(crl.signatureValue.valueBlock.valueHexView),
    );
    if (!ok) return { status: 'unknown', problem: 'bad CRL signature' };
    const serial = certRefs(certDer).serial;
    const thisUpdate = crl.thisUpdate.value;
    const nextUpdate = crl.nextUpdate?.value;
    for (const r of crl.revokedCertificates ?? []) {
      if (bytesEqual(new Uint8Array(r.userCertificate.toBER(false)), serial)) {
        const revokedAt = r.revocationDate.value;
        if (revokedAt.getTime() <= at.getTime()) return { status: 'revoked', revokedAt, thisUpdate, nextUpdate };
      }
    }
    const fresh = thisUpdate.getTime() >= at.getTime() || (!!nextUpdate && nextUpdate.getTime() >= at.getTime());
    return fresh
      ? { status: 'good', thisUpdate, nextUpdate }
      : { status: 'unknown', problem: 'CRL older than signing time' };
  } catch (e) {
    return { status: 'unknown', problem: e instanceof Error ? e.message : 'unreadable CRL' };
  }
}

/** POSTs an OCSP request; null when unreachable. */
export async function fetchOcsp(url: string, request: Uint8Array, timeoutMs = 5000): Promise<Uint8Array | null> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: Buffer.from(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) return null;
    return new Uint8Array(await res.arrayBuffer());
  } catch {
    return null;
  }
}
