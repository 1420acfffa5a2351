import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPdf } from '@vanthu/pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { issueIdentity, type IssuedIdentity } from './signing.certs';
import { readBlob } from './signing.reports';
import { trustStoreFor } from './signing.trust';
import { draftPdf, SIGNER_RECT, upload } from './signing.testkit';

const LIB = '/usr/lib/softhsm/libsofthsm2.so';
let dir: string;
let sys: TestSystem;
let ca: IssuedIdentity;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signing-hsm-'));
  const conf = join(dir, 'softhsm2.conf');
  mkdirSync(join(dir, 'tokens'));
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', 'bnv-organ', '--pin', '1234', '--so-pin', '5678'],
    { env: process.env },
  );
  ca = await issueIdentity('CN=Test CA chuyên dùng, O=Thử nghiệm, C=VN', null);
  const organ = await issueIdentity('CN=Bộ Nội vụ, O=Bộ Nội vụ, C=VN', ca);
  writeFileSync(join(dir, 'organ-key.pem'), organ.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  execFileSync(
    'softhsm2-util',
    ['--import', join(dir, 'organ-key.pem'), '--token', 'bnv-organ', '--label', 'organ', '--id', '01', '--pin', '1234'],
    { env: process.env },
  );
  writeFileSync(join(dir, 'organ.der'), organ.certificate);
  mkdirSync(join(dir, 'trust'));
  writeFileSync(
    join(dir, 'trust', 'ca.pem'),
    `-----BEGIN CERTIFICATE-----\n${Buffer.from(ca.certificate).toString('base64')}\n-----END CERTIFICATE-----\n`,
  );
  writeFileSync(join(dir, 'trust', 'README.txt'), 'not a certificate');
  sys = await createTestSystem({
    VANTHU_TRUST_DIR: join(dir, 'trust'),
    VANTHU_PKCS11_MODULE: LIB,
    VANTHU_PKCS11_TOKEN: 'bnv-organ',
    VANTHU_PKCS11_PIN: '1234',
    VANTHU_PKCS11_KEY_LABEL: 'organ',
    VANTHU_PKCS11_CERT: join(dir, 'organ.der'),
  });
});
afterAll(async () => {
  await sys?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('organ signature with the organ key on PKCS#11 (SoftHSM2)', () => {
  it('the trust store reads the anchor directory (PEM, non-certificates skipped) plus the demo CA', async () => {
    const t = await trustStoreFor(sys.deps);
    expect(t.anchors.map((a) => Buffer.from(a).toString('base64'))).toContain(
      Buffer.from(ca.certificate).toString('base64'),
    );
    expect(t.anchors).toHaveLength(2);
    expect(t.skipped).toEqual([join(dir, 'trust', 'README.txt')]);
  });

  it('the văn thư signs as the organ through the HSM, with the seal; the result verifies valid against the configured anchor', async () => {
    const clerk = await sys.login('vanthu');
    const up = await upload(clerk, await draftPdf());
    const r = await clerk.post('/api/signing/organ', {
      fileId: up.json().id,
      reason: 'Ký số của cơ quan',
      seal: { signerRect: SIGNER_RECT },
    });
    expect(r.statusCode).toBe(200);
    expect(
      r
        .json()
        .report.signatures.map((s: { signerName: string; verdict: string; anchor: string }) => [
          s.signerName,
          s.verdict,
          s.anchor,
        ]),
    ).toEqual([['Bộ Nội vụ', 'valid', 'Test CA chuyên dùng']]);
    const pdf = await readBlob(sys.deps, r.json().sha256);
    // The signature carries a timestamp from the demo TSA (B-T), whose certificate chains to the demo CA.
    const v = await verifyPdf(pdf, {
      trustAnchors: (await trustStoreFor(sys.deps)).anchors,
      revocationPolicy: 'lenient',
    });
    expect(v.signatures.map((s) => [s.verdict, s.chain.trusted])).toEqual([['valid', true]]);
  });

  it('a sysadmin reloads the trust directory: a new anchor changes the fingerprint; others are refused', async () => {
    const before = await trustStoreFor(sys.deps);
    const other = await issueIdentity('CN=CA bổ sung, C=VN', null);
    writeFileSync(join(dir, 'trust', 'extra.der'), other.certificate);
    const admin = await sys.login('sysadmin');
    const r = await admin.post('/api/signing/trust/reload');
    expect(r.statusCode).toBe(200);
    expect(r.json().anchors).toBe(3);
    expect(r.json().fingerprint).not.toBe(before.fingerprint);
    expect((await trustStoreFor(sys.deps)).fingerprint).toBe(r.json().fingerprint);
    const clerk = await sys.login('vanthu');
    expect((await clerk.post('/api/signing/trust/reload')).statusCode).toBe(403);
  });

  it('only the văn thư may apply the organ signature', async () => {
    const specialist = await sys.login('chuyenvien.pc');
    const up = await upload(specialist, await draftPdf());
    const r = await specialist.post('/api/signing/organ', { fileId: up.json().id });
    expect([r.statusCode, r.json().code]).toEqual([403, 'auth.forbidden']);
  });
});
