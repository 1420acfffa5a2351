import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual } from '../cms/certinfo';
import { createTestPki, softwareSigner, type TestPki } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';
import { createNssDb, pdfsig } from '../testing/pdfsig';
import { startTestServers, type TestServers } from '../testing/servers';
import { verifyPdf } from '../verify/verify';
import { signPdf } from './sign';

let pki: TestPki;
let servers: TestServers;
let nss: { dir: string; cleanup: () => void };

beforeAll(async () => {
  servers = await startTestServers();
  pki = await createTestPki({ ocspUrl: servers.ocspUrl });
  servers.setPki(pki);
  nss = await createNssDb([pki.root.cert]);
});

afterAll(async () => {
  nss.cleanup();
  await servers.close();
});

async function signThreeTimes(original: Uint8Array): Promise<Uint8Array[]> {
  const initial = await signPdf(original, {
    signer: softwareSigner(pki.initial, [pki.intermediate]),
    fieldName: 'KyNhay',
    reason: 'Ký nháy',
  });
  const signer = await signPdf(initial, {
    signer: softwareSigner(pki.signer, [pki.intermediate]),
    tsaUrl: servers.tsaUrl,
    reason: 'Ký ban hành',
  });
  const organ = await signPdf(signer, { signer: softwareSigner(pki.organ, [pki.intermediate]), ltv: true });
  return [initial, signer, organ];
}

describe.each([
  ['classic xref table (LibreOffice-like)', false],
  ['xref and object streams (pdf-lib default)', true],
])('signing an original with %s', (_label, objectStreams) => {
  it('signs three times (initial, signer, organ) as incremental updates that pdfsig and verifyPdf both accept', async () => {
    const original = await samplePdf({ objectStreams, pages: 2 });
    const versions = await signThreeTimes(original);
    let previous = original;
    for (const v of versions) {
      expect(bytesEqual(v.subarray(0, previous.length), previous)).toBe(true);
      previous = v;
    }
    const final = versions[2]!;

    // pdfsig also asks the test OCSP responder named in the certificates' AIA
    const poppler = await pdfsig(nss.dir, final);
    expect(poppler.map((s) => s.field)).toEqual(['KyNhay', 'Signature1', 'Signature2']);
    for (const s of poppler) {
      expect(s.validation).toBe('Signature is Valid.');
      expect(s.certificateValidation).toBe('Certificate is Trusted.');
    }

    const report = await verifyPdf(final, { trustAnchors: [pki.root.cert] });
    expect(report.signatures.map((s) => [s.fieldName, s.verdict])).toEqual([
      ['KyNhay', 'valid'],
      ['Signature1', 'valid'],
      ['Signature2', 'valid'],
    ]);
    expect(report.valid).toBe(true);
    expect(report.dss.present).toBe(true);
    const [a, b, c] = report.signatures;
    expect(a!.signerName).toBe('Lê Văn Cường');
    expect(a!.changesAfter.every((ch) => ch.allowed)).toBe(true);
    expect(a!.changesAfter.map((ch) => ch.kind)).toEqual(expect.arrayContaining(['signature', 'dss']));
    expect(b!.timestamp).toMatchObject({ present: true, valid: true, boundToSignature: true, trusted: true });
    expect(c!.revocation).toEqual({ status: 'good', source: 'dss' });
    expect(c!.revision).toBe(3);
    expect(c!.coversRevision).toBe(true);
  });
});

describe('revocation policy for B-B signatures', () => {
  it('reports unknown revocation as indeterminate by default and valid only when lenient', async () => {
    const signed = await signPdf(await samplePdf(), { signer: softwareSigner(pki.signerEc, [pki.intermediate]) });
    const strict = await verifyPdf(signed, { trustAnchors: [pki.root.cert] });
    expect(strict.signatures[0]!.verdict).toBe('indeterminate');
    expect(strict.signatures[0]!.reasons.map((r) => r.code)).toEqual(['sig.revocation_unknown']);
    expect(strict.signatures[0]!.revocation).toEqual({ status: 'unknown', source: null });
    const lenient = await verifyPdf(signed, { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' });
    expect(lenient.signatures[0]!.verdict).toBe('valid');
    const fetched = await verifyPdf(signed, { trustAnchors: [pki.root.cert], fetchRevocation: true });
    expect(fetched.signatures[0]!.revocation).toEqual({ status: 'good', source: 'fetched' });
    expect(fetched.signatures[0]!.verdict).toBe('valid');
  });
});
