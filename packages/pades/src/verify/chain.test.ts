import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCms, embedCms } from '../sign/complete';
import { prepareSignature } from '../sign/prepare';
import { signPdf } from '../sign/sign';
import { requestTimestamp } from '../revocation/tsa';
import { createTestPki, issue, softwareSigner, type TestPki } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';
import { startTestServers, type TestServers } from '../testing/servers';
import { verifyPdf } from './verify';
import type { SignatureReport } from './model';

let pki: TestPki;
let servers: TestServers;
let original: Uint8Array;

beforeAll(async () => {
  servers = await startTestServers();
  pki = await createTestPki({ ocspUrl: servers.ocspUrl });
  servers.setPki(pki);
  original = await samplePdf();
});

afterAll(() => servers.close());

async function only(pdf: Uint8Array, fetchRevocation = false): Promise<SignatureReport> {
  const r = await verifyPdf(pdf, { trustAnchors: [pki.root.cert], fetchRevocation });
  expect(r.signatures).toHaveLength(1);
  return r.signatures[0]!;
}

const codes = (s: SignatureReport): string[] => s.reasons.map((r) => r.code);

describe('certificate chain, validity and revocation', () => {
  it('a chain to an unknown root is indeterminate (sig.chain_untrusted), integrity still ok', async () => {
    const pdf = await signPdf(original, { signer: softwareSigner(pki.untrustedSigner, [pki.otherRoot]) });
    const s = await only(pdf);
    expect(s.integrity.ok).toBe(true);
    expect(s.chain.trusted).toBe(false);
    expect(s.verdict).toBe('indeterminate');
    expect(codes(s)).toContain('sig.chain_untrusted');
  });

  it('a signer certificate expired at signing time is invalid (sig.cert_expired_at_signing)', async () => {
    const expired = await issue({
      role: 'expired',
      subject: 'CN=Hết Hạn, C=VN',
      issuer: pki.intermediate,
      notBefore: new Date('2019-01-01T00:00:00Z'),
      notAfter: new Date('2020-01-01T00:00:00Z'),
    });
    const pdf = await signPdf(original, {
      signer: softwareSigner(expired, [pki.intermediate]),
      signingTime: new Date('2021-06-01T03:00:00Z'),
    });
    const s = await only(pdf);
    expect(s.chain.trusted).toBe(true);
    expect(s.chain.validAtSigningTime).toBe(false);
    expect(s.verdict).toBe('invalid');
    expect(codes(s)).toContain('sig.cert_expired_at_signing');
  });

  it('a certificate that OCSP reports revoked before the signing time is invalid (sig.cert_revoked), fetched or from the DSS', async () => {
    const revoked = await issue({
      role: 'revoked',
      subject: 'CN=Bị Thu Hồi, C=VN',
      issuer: pki.intermediate,
      ocspUrl: servers.ocspUrl,
    });
    servers.revoke(revoked.cert, new Date('2025-01-01T00:00:00Z'));
    const pdf = await signPdf(original, {
      signer: softwareSigner(revoked, [pki.intermediate]),
      signingTime: new Date('2025-06-01T00:00:00Z'),
    });
    const fetched = await only(pdf, true);
    expect(fetched.revocation).toMatchObject({ status: 'revoked', source: 'fetched' });
    expect(fetched.verdict).toBe('invalid');
    expect(codes(fetched)).toContain('sig.cert_revoked');

    const lt = await signPdf(original, {
      signer: softwareSigner(revoked, [pki.intermediate]),
      signingTime: new Date('2025-06-01T00:00:00Z'),
      ltv: true,
    });
    const fromDss = await only(lt);
    expect(fromDss.revocation).toMatchObject({ status: 'revoked', source: 'dss' });
    expect(fromDss.verdict).toBe('invalid');
  });

  it('a revocation after the signing time leaves the signature valid', async () => {
    const later = await issue({
      role: 'revokedLater',
      subject: 'CN=Thu Hồi Sau, C=VN',
      issuer: pki.intermediate,
      ocspUrl: servers.ocspUrl,
    });
    servers.revoke(later.cert, new Date('2030-01-01T00:00:00Z'));
    const pdf = await signPdf(original, {
      signer: softwareSigner(later, [pki.intermediate]),
      signingTime: new Date('2026-01-01T00:00:00Z'),
    });
    const s = await only(pdf, true);
    expect(s.revocation.status).toBe('good');
    expect(s.verdict).toBe('valid');
  });

  it('an unreachable OCSP responder gives indeterminate with sig.revocation_unknown, never valid', async () => {
    const unreachable = await issue({
      role: 'noOcsp',
      subject: 'CN=Không OCSP, C=VN',
      issuer: pki.intermediate,
      ocspUrl: 'http://127.0.0.1:1/ocsp',
    });
    const pdf = await signPdf(original, { signer: softwareSigner(unreachable, [pki.intermediate]) });
    for (const fetch of [false, true]) {
      const s = await only(pdf, fetch);
      expect(s.revocation).toEqual({ status: 'unknown', source: null });
      expect(s.verdict).toBe('indeterminate');
      expect(codes(s)).toEqual(['sig.revocation_unknown']);
    }
  });

  it('a certificate whose key usage does not allow signing is invalid (sig.key_usage)', async () => {
    const enc = await issue({
      role: 'encOnly',
      subject: 'CN=Chỉ Mã Hoá, C=VN',
      issuer: pki.intermediate,
      keyUsage: x509.KeyUsageFlags.keyEncipherment,
    });
    const s = await only(await signPdf(original, { signer: softwareSigner(enc, [pki.intermediate]) }));
    expect(s.verdict).toBe('invalid');
    expect(codes(s)).toContain('sig.key_usage');
  });
});

describe('signature timestamps (B-T)', () => {
  it('a trusted TSA token bound to the signature gives the timestamp time', async () => {
    const pdf = await signPdf(original, {
      signer: softwareSigner(pki.signer, [pki.intermediate]),
      tsaUrl: servers.tsaUrl,
      ltv: true,
    });
    const s = await only(pdf);
    expect(s.timestamp).toMatchObject({ present: true, valid: true, boundToSignature: true, trusted: true });
    expect(s.signingTime.timestamp).toBeInstanceOf(Date);
    expect(s.verdict).toBe('valid');
  });

  it('a token that stamps other bytes is reported as not bound (sig.timestamp_not_bound)', async () => {
    const signer = softwareSigner(pki.signer, [pki.intermediate]);
    const prep = await prepareSignature(original, { certificate: pki.signer.cert, timestamp: true });
    const signature = await signer.sign(prep.toBeSigned);
    const wrongToken = await requestTimestamp(servers.tsaUrl, new Uint8Array([1, 2, 3]));
    const pdf = embedCms(
      prep.prepared,
      buildCms(prep, { signature, keyAlgorithm: 'RSA', chain: [pki.intermediate.cert] }, wrongToken),
    );
    const s = await only(pdf);
    expect(s.timestamp.boundToSignature).toBe(false);
    expect(s.verdict).toBe('invalid');
    expect(codes(s)).toContain('sig.timestamp_not_bound');
  });
});
