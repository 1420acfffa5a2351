/**
 * Signing-side long-term validation: B-T (signature timestamp from a TSA over HTTP or in process), B-LT (/DSS
 * with the chains' CRLs fetched from their distribution points, time-bound to the signature), B-LTA (document
 * timestamp); each checked by our verifier offline (strict revocation) and by poppler's pdfsig.
 */
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SoftwareSigner } from '../signers/software';
import { signPdf } from '../sign/sign';
import { samplePdf } from '../testing/pdfs';
import { createNssDb, pdfsig } from '../testing/pdfsig';
import { verifyPdf } from '../verify/verify';
import { addValidationData, crlUrlsOf } from './collect';
import { buildCrl } from './crl';
import { addDocumentTimestamp } from './doctimestamp';
import { padesLevel } from './level';
import { localTimestamper, respondTimestamp, tsaTimestamper, type TsaIdentity } from './timestamp';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const ALG = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

interface Id {
  cert: x509.X509Certificate;
  der: Uint8Array;
  keys: CryptoKeyPair;
  key: KeyObject;
}
let root: Id;
let signer: Id;
let revokedSigner: Id;
let tsa: Id;
let server: Server;
let base = '';
const hits = { crl: 0, tsa: 0 };
/** What the CRL endpoint answers: revoked serials and the validity window. */
const crlState: { revoked: { serial: string; at: Date }[]; thisUpdate?: Date; nextUpdate?: Date } = { revoked: [] };
let nss: { dir: string; cleanup: () => void };

async function make(subject: string, issuer: Id | null, ext: x509.Extension[] = []): Promise<Id> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const F = x509.KeyUsageFlags;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    subject,
    issuer: issuer ? issuer.cert.subject : subject,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: issuer ? issuer.keys.privateKey : keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(!issuer, undefined, true),
      new x509.KeyUsagesExtension(issuer ? F.digitalSignature | F.nonRepudiation : F.keyCertSign | F.cRLSign, true),
      ...(issuer ? [new x509.CRLDistributionPointsExtension([`${base}/crl`])] : []),
      ...ext,
    ],
  });
  return { cert, der: new Uint8Array(cert.rawData), keys, key: KeyObject.from(keys.privateKey) };
}

async function currentCrl(): Promise<Uint8Array> {
  const now = new Date();
  return buildCrl({
    issuerCertificate: root.der,
    issuerKey: root.key,
    thisUpdate: crlState.thisUpdate ?? now,
    nextUpdate: crlState.nextUpdate ?? new Date(now.getTime() + 86_400_000),
    revoked: crlState.revoked.map((r) => ({ serialHex: r.serial, at: r.at })),
  });
}

const tsaId = (): TsaIdentity => ({ certificate: tsa.der, privateKey: tsa.key, chain: [root.der] });
const signerOf = (id: Id) => new SoftwareSigner({ privateKey: id.key, certificate: id.der, chain: [root.der] });
const fetchCrl = async (url: string) => {
  const r = await fetch(url);
  return r.ok ? new Uint8Array(await r.arrayBuffer()) : null;
};
const offline = (pdf: Uint8Array) =>
  verifyPdf(pdf, { trustAnchors: [root.der], revocationPolicy: 'strict', fetchRevocation: false });

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (req.url === '/crl') {
        hits.crl++;
        res.setHeader('content-type', 'application/pkix-crl');
        res.end(Buffer.from(await currentCrl()));
      } else if (req.url === '/tsa' && req.headers['content-type'] === 'application/timestamp-query') {
        hits.tsa++;
        res.setHeader('content-type', 'application/timestamp-reply');
        res.end(Buffer.from(respondTimestamp(tsaId(), new Uint8Array(Buffer.concat(chunks)), new Date())));
      } else {
        res.statusCode = 404;
        res.end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  root = await make('CN=LTV Test Root, C=VN', null);
  signer = await make('CN=Nguyễn Văn Ký, O=Bộ Nội vụ, C=VN', root);
  revokedSigner = await make('CN=Người Bị Thu Hồi, C=VN', root);
  tsa = await make('CN=LTV Test TSA, C=VN', root, [new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.8'], true)]);
  nss = await createNssDb([root.der]);
});

afterAll(async () => {
  nss?.cleanup();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('PAdES B-T, B-LT, B-LTA on the signing side', () => {
  it('B-T: a signature timestamp from a TSA over HTTP (application/timestamp-query), trusted and bound to the signature', async () => {
    const before = hits.tsa;
    const pdf = await signPdf(await samplePdf(), {
      signer: signerOf(signer),
      timestamper: tsaTimestamper(`${base}/tsa`),
    });
    expect(hits.tsa).toBe(before + 1);
    const report = await verifyPdf(pdf, { trustAnchors: [root.der], revocationPolicy: 'lenient' });
    const s = report.signatures[0]!;
    expect([s.verdict, s.timestamp.present, s.timestamp.trusted, s.timestamp.boundToSignature]).toEqual([
      'valid',
      true,
      true,
      true,
    ]);
    expect(padesLevel(report, s)).toBe('B-T');
    // without the DSS, strict revocation leaves it indeterminate: nothing embedded says "not revoked"
    expect((await offline(pdf)).signatures[0]!.reasons.map((r) => r.code)).toContain('sig.revocation_unknown');
  });

  it('B-LT: the DSS holds the CRLs of the signer and the TSA fetched from their distribution points; verifies offline, pdfsig agrees', async () => {
    expect(crlUrlsOf(signer.der)).toEqual([`${base}/crl`]);
    const signed = await signPdf(await samplePdf(), {
      signer: signerOf(signer),
      timestamper: localTimestamper(tsaId()),
    });
    const before = hits.crl;
    const { pdf, material } = await addValidationData(signed, { anchors: [root.der], fetchCrl, fetchOcsp: null });
    expect(hits.crl - before).toBe(2); // the signer's and the TSA's certificate
    expect(material.missing).toEqual([]);
    expect(Buffer.from(pdf.subarray(0, signed.length)).equals(Buffer.from(signed))).toBe(true);
    await new Promise<void>((r) => server.close(() => r())); // network off: only the DSS speaks
    try {
      const report = await offline(pdf);
      const s = report.signatures[0]!;
      expect([report.valid, s.verdict, s.revocation.status, s.revocation.source]).toEqual([
        true,
        'valid',
        'good',
        'dss',
      ]);
      expect(report.dss.crls).toBeGreaterThanOrEqual(1);
      expect(padesLevel(report, s)).toBe('B-LT');
      expect(s.changesAfter.map((c) => [c.kind, c.allowed])).toEqual([['dss', true]]);
    } finally {
      await new Promise<void>((r) => server.listen(Number(new URL(base).port), '127.0.0.1', r));
    }
    const poppler = await pdfsig(nss.dir, pdf);
    expect(poppler.map((p) => [p.validation, p.certificateTrusted])).toEqual([['Signature is Valid.', true]]);
  });

  it('revocation data is time-bound: a CRL that expired before the signature is not embedded (missing is reported), a revoked certificate stays invalid', async () => {
    const signed = await signPdf(await samplePdf(), {
      signer: signerOf(signer),
      timestamper: localTimestamper(tsaId()),
    });
    crlState.thisUpdate = new Date(Date.now() - 3 * 86_400_000);
    crlState.nextUpdate = new Date(Date.now() - 2 * 86_400_000);
    try {
      const { pdf, material } = await addValidationData(signed, { anchors: [root.der], fetchCrl, fetchOcsp: null });
      expect(material.crls).toEqual([]);
      expect(material.missing.length).toBe(2);
      const report = await offline(pdf);
      expect(padesLevel(report, report.signatures[0]!)).toBe('B-T');
    } finally {
      delete crlState.thisUpdate;
      delete crlState.nextUpdate;
    }
    crlState.revoked = [{ serial: revokedSigner.cert.serialNumber, at: new Date(Date.now() - 3600_000) }];
    try {
      const bad = await signPdf(await samplePdf(), {
        signer: signerOf(revokedSigner),
        timestamper: localTimestamper(tsaId()),
      });
      const { pdf } = await addValidationData(bad, { anchors: [root.der], fetchCrl, fetchOcsp: null });
      const s = (await offline(pdf)).signatures[0]!;
      expect([s.verdict, s.revocation.status]).toEqual(['invalid', 'revoked']);
      expect(s.reasons.map((r) => r.code)).toContain('sig.cert_revoked');
    } finally {
      crlState.revoked = [];
    }
  });

  it('B-LTA: a document timestamp after the DSS covers the whole file; the signature stays valid, pdfsig still finds the signature valid', async () => {
    const signed = await signPdf(await samplePdf(), {
      signer: signerOf(signer),
      timestamper: localTimestamper(tsaId()),
    });
    const lt = (await addValidationData(signed, { anchors: [root.der], fetchCrl, fetchOcsp: null })).pdf;
    const { pdf, time } = await addDocumentTimestamp(lt, { timestamper: tsaTimestamper(`${base}/tsa`) });
    expect(Math.abs(time.getTime() - Date.now())).toBeLessThan(60_000);
    const report = await offline(pdf);
    expect(report.signatures.map((s) => [s.type, s.verdict])).toEqual([
      ['signature', 'valid'],
      ['doc_timestamp', 'valid'],
    ]);
    expect(padesLevel(report, report.signatures[0]!)).toBe('B-LTA');
    expect(report.signatures[1]!.timestamp).toMatchObject({
      present: true,
      valid: true,
      trusted: true,
      boundToSignature: true,
    });
    // one byte changed inside the range the document timestamp covers: it is no longer valid
    const bad = new Uint8Array(pdf);
    const at = Buffer.from(bad).lastIndexOf('/DSS');
    bad[at + 1] = 0x45; // /ESS
    expect((await offline(bad)).signatures[1]!.verdict).toBe('invalid');
    const poppler = await pdfsig(nss.dir, pdf);
    // poppler checks the signature and leaves the document timestamp unverified (it does not read RFC 3161 tokens)
    expect(poppler.map((p) => p.validation)).toEqual(['Signature is Valid.', 'Signature has not yet been verified.']);
  });

  it('a TSA that answers garbage or another imprint is refused (pades.tsa_response_invalid), nothing is signed', async () => {
    const liar: TsaIdentity = tsaId();
    const wrong = async (data: Uint8Array) => localTimestamper(liar)(new Uint8Array([...data, 1]));
    await expect(addDocumentTimestamp(await samplePdf(), { timestamper: wrong })).rejects.toMatchObject({
      code: 'pades.tsa_response_invalid',
    });
    await expect(tsaTimestamper(`${base}/nothing`)(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
      code: 'pades.tsa_unreachable',
    });
    const rejected = respondTimestamp(liar, new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x09]), new Date());
    expect(Buffer.from(rejected).toString('hex')).toBe('30053003020102'); // status rejection (2), no token
  });
});
