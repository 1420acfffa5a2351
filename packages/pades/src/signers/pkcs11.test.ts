import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '../sign/sign';
import { createTestPki, type TestPki } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';
import { verifyPdf } from '../verify/verify';
import { Pkcs11Signer } from './pkcs11';

const LIB = '/usr/lib/softhsm/libsofthsm2.so';
let dir: string;
let pki: TestPki;

beforeAll(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), 'pades-hsm-'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  execFileSync('mkdir', ['-p', join(dir, 'tokens')]);
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', 'vanthu-organ', '--pin', '1234', '--so-pin', '5678'],
    { env },
  );
  for (const [id, label, key] of [
    ['01', 'organ', pki.organ],
    ['02', 'organ-ec', pki.signerEc],
  ] as const) {
    const pem = join(dir, `${label}.pem`);
    writeFileSync(pem, key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    execFileSync(
      'softhsm2-util',
      ['--import', pem, '--token', 'vanthu-organ', '--label', label, '--id', id, '--pin', '1234'],
      { env },
    );
  }
});

afterAll(() => {
  if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
});

describe('Pkcs11Signer with SoftHSM2', () => {
  it('signs with an RSA key and an ECDSA key held by the token; the results verify', async () => {
    const rsa = Pkcs11Signer.open({
      library: LIB,
      tokenLabel: 'vanthu-organ',
      pin: '1234',
      keyLabel: 'organ',
      certificate: pki.organ.cert,
      chain: [pki.intermediate.cert],
    });
    let pdf: Uint8Array;
    try {
      expect(rsa.keyAlgorithm).toBe('RSA');
      pdf = await signPdf(await samplePdf(), { signer: rsa });
    } finally {
      rsa.close();
    }
    const ec = Pkcs11Signer.open({
      library: LIB,
      tokenLabel: 'vanthu-organ',
      pin: '1234',
      keyId: '02',
      certificate: pki.signerEc.cert,
      chain: [pki.intermediate.cert],
    });
    try {
      expect(ec.keyAlgorithm).toBe('ECDSA');
      pdf = await signPdf(pdf, { signer: ec });
    } finally {
      ec.close();
    }
    const r = await verifyPdf(pdf, { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' });
    expect(r.signatures.map((s) => [s.signerName, s.verdict, s.integrity.ok])).toEqual([
      ['Bộ Nội vụ', 'valid', true],
      ['Trần Thị Bình', 'valid', true],
    ]);
  });

  it('refuses a wrong PIN with a stable error code', () => {
    expect(() =>
      Pkcs11Signer.open({
        library: LIB,
        tokenLabel: 'vanthu-organ',
        pin: '0000',
        keyLabel: 'organ',
        certificate: pki.organ.cert,
      }),
    ).toThrow(expect.objectContaining({ code: 'pades.pkcs11_session' }));
  });
});
