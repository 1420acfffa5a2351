/**
 * Validation material for PAdES B-LT: for every signature and document timestamp of a PDF, the certificates of
 * its chain and of its timestamp's chain, and for each certificate that is not an anchor, revocation data that is
 * valid at the signature's time (OCSP from the certificate's AIA; otherwise the CRL of its distribution point).
 * What to fetch with is the caller's: the server caches CRLs by URL until their nextUpdate.
 */
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { X509Certificate, createHash } from 'node:crypto';
import { bytesEqual } from '../cms/certinfo';
import { toArrayBuffer } from '../cms/der';
import { parseCms, type ParsedCms } from '../cms/parse';
import { OID } from '../oids';
import { checkCrl, checkOcsp, fetchOcsp, ocspRequest, ocspUrlOf } from '../revocation/ocsp';
import { checkTimestampToken } from '../revocation/tst';
import { View, loadModel } from '../verify/document';
import { numbers, signatureFields, text } from '../verify/fields';
import { parsePdfDate } from '../pdf/dates';
import { addDss } from './dss';

export interface CollectOptions {
  /** Anchors (DER): their own revocation is not asked for; they also help to find issuers. */
  anchors?: Uint8Array[];
  /** Extra certificates (DER) to build chains with. */
  intermediates?: Uint8Array[];
  /** A CRL (DER) for a distribution point URL, issued at or after `notBefore` when possible; null when unreachable. */
  fetchCrl?: (url: string, notBefore: Date) => Promise<Uint8Array | null>;
  /** An OCSP response for a request; null when unreachable (default: HTTP POST). Pass `null` to never ask OCSP. */
  fetchOcsp?: ((url: string, request: Uint8Array) => Promise<Uint8Array | null>) | null;
}

export interface ValidationMaterial {
  certificates: Uint8Array[];
  crls: Uint8Array[];
  ocsps: Uint8Array[];
  /** Certificates (subject CN or DN) for which no revocation data valid at the signature time was found. */
  missing: string[];
}

/** CRL distribution point URLs (http/https) of a certificate. */
export function crlUrlsOf(der: Uint8Array): string[] {
  try {
    const ext = new x509.X509Certificate(new Uint8Array(der)).getExtension(x509.CRLDistributionPointsExtension);
    const urls: string[] = [];
    for (const dp of ext?.distributionPoints ?? []) {
      for (const n of dp.distributionPoint?.fullName ?? []) {
        const u = n.uniformResourceIdentifier;
        if (u && /^https?:\/\//i.test(u)) urls.push(u);
      }
    }
    return urls;
  } catch {
    return [];
  }
}

/** GET a CRL over HTTP (DER, or PEM "X509 CRL"); null when unreachable. */
export async function fetchCrlHttp(url: string, timeoutMs = 5000): Promise<Uint8Array | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const body = Buffer.from(await res.arrayBuffer());
    const pem = /-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/.exec(body.toString('latin1'));
    return new Uint8Array(pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : body);
  } catch {
    return null;
  }
}

const key = (b: Uint8Array): string => createHash('sha1').update(b).digest('hex');

interface Found {
  cms: ParsedCms;
  /** The time the revocation data must speak for: the timestamp's genTime, else /M, else now. */
  at: Date;
}

function signaturesOf(pdf: Uint8Array, view: View): Found[] {
  const out: Found[] = [];
  for (const field of signatureFields(view)) {
    const range = numbers(view.get(field.value, 'ByteRange'));
    if (!range || range.length !== 4) continue;
    let cms: ParsedCms;
    try {
      cms = parseCms(
        new Uint8Array(Buffer.from(Buffer.from(pdf.subarray(range[1]! + 1, range[2]! - 1)).toString('latin1'), 'hex')),
      );
    } catch {
      continue;
    }
    let at = parsePdfDate(text(view.get(field.value, 'M')) ?? '') ?? new Date();
    const attr = cms.unsignedAttributes.find((a) => a.type === OID.signatureTimeStampToken);
    if (attr?.values[0]) {
      try {
        at = checkTimestampToken(attr.values[0], cms.signature).genTime;
        out.push({ cms: parseCms(attr.values[0]), at });
      } catch {
        // a broken token adds nothing
      }
    }
    if (cms.eContentType === OID.tstInfo && cms.eContent) {
      try {
        at = pkijs.TSTInfo.fromBER(toArrayBuffer(cms.eContent)).genTime; // a document timestamp speaks for its genTime
      } catch {
        // unreadable TSTInfo: keep /M or now
      }
    }
    out.push({ cms, at });
  }
  return out;
}

function issuerOf(c: Uint8Array, pool: Uint8Array[]): Uint8Array | null {
  const x = new X509Certificate(c);
  for (const d of pool) {
    if (bytesEqual(d, c)) continue;
    try {
      const issuer = new X509Certificate(d);
      if (x.checkIssued(issuer) && x.verify(issuer.publicKey)) return d;
    } catch {
      // not a certificate
    }
  }
  return null;
}

/** Collects the certificates and revocation data of every signature's chain (see the module comment). */
export async function collectValidationMaterial(
  pdf: Uint8Array,
  options: CollectOptions = {},
): Promise<ValidationMaterial> {
  const model = await loadModel(pdf);
  const view = new View(model, model.increments.length - 1);
  const anchors = options.anchors ?? [];
  const certs = new Map<string, Uint8Array>();
  const crls = new Map<string, Uint8Array>();
  const ocsps = new Map<string, Uint8Array>();
  const missing: string[] = [];
  const ocspFetch = options.fetchOcsp === undefined ? fetchOcsp : options.fetchOcsp;
  const done = new Set<string>();
  for (const { cms, at } of signaturesOf(pdf, view)) {
    const pool = [...cms.certificates, ...(options.intermediates ?? []), ...anchors];
    for (const c of cms.certificates) certs.set(key(c), c);
    // the chain from the signer certificate up to an anchor (or as far as it goes)
    let cur = cms.signerCertificate;
    for (let depth = 0; cur && depth < 8; depth++) {
      if (anchors.some((a) => bytesEqual(a, cur!))) break;
      const issuer = issuerOf(cur, pool);
      if (!issuer) break;
      certs.set(key(cur), cur);
      certs.set(key(issuer), issuer);
      const id = `${key(cur)}@${at.getTime()}`;
      if (!done.has(id)) {
        done.add(id);
        let ok = false;
        const ocspUrl = ocspFetch ? ocspUrlOf(cur) : null;
        if (ocspUrl && ocspFetch) {
          const resp = await ocspFetch(ocspUrl, ocspRequest(cur, issuer));
          if (resp && checkOcsp(resp, cur, issuer, at).status !== 'unknown') {
            ocsps.set(key(resp), resp);
            ok = true;
          }
        }
        const crlFetch = options.fetchCrl;
        for (const url of ok ? [] : crlUrlsOf(cur)) {
          if (!crlFetch) break;
          const crl = await crlFetch(url, at);
          if (crl && checkCrl(crl, cur, issuer, at).status !== 'unknown') {
            crls.set(key(crl), crl);
            ok = true;
            break;
          }
        }
        if (!ok) missing.push(new X509Certificate(cur).subject.replace(/\n/g, ', '));
      }
      if (issuer && new X509Certificate(issuer).checkIssued(new X509Certificate(issuer))) break; // a root
      cur = issuer;
    }
  }
  return { certificates: [...certs.values()], crls: [...crls.values()], ocsps: [...ocsps.values()], missing };
}

/**
 * PAdES B-LT: appends a /DSS (incremental update) with the certificates, OCSP responses and CRLs of every
 * signature's chain and timestamp. Answers the new PDF and what could not be found.
 */
export async function addValidationData(
  pdf: Uint8Array,
  options: CollectOptions = {},
): Promise<{ pdf: Uint8Array; material: ValidationMaterial }> {
  const material = await collectValidationMaterial(pdf, options);
  const out = await addDss(pdf, {
    certificates: material.certificates,
    crls: material.crls,
    ocsps: material.ocsps,
    fetch: false,
  });
  return { pdf: out, material };
}
