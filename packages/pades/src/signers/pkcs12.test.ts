import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signPdf } from '../sign/sign';
import { createTestPki, toPem } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';
import { verifyPdf } from '../verify/verify';
import { Pkcs12Signer } from './pkcs12';

describe('Pkcs12Signer', () => {
  it('loads an OpenSSL 3 PKCS#12 (PBES2/AES) with its chain and signs; a wrong password is refused', async () => {
    const pki = await createTestPki();
    const dir = mkdtempSync(join(tmpdir(), 'pades-p12-'));
    try {
      writeFileSync(join(dir, 'key.pem'), pki.signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(join(dir, 'cert.pem'), toPem(pki.signer.cert));
      writeFileSync(join(dir, 'chain.pem'), toPem(pki.intermediate.cert));
      execFileSync('openssl', [
        'pkcs12',
        '-export',
        '-inkey',
        join(dir, 'key.pem'),
        '-in',
        join(dir, 'cert.pem'),
        '-certfile',
        join(dir, 'chain.pem'),
        '-out',
        join(dir, 'a.p12'),
        '-passout',
        'pass:mật-khẩu',
      ]);
      const p12 = new Uint8Array(readFileSync(join(dir, 'a.p12')));
      const signer = Pkcs12Signer.fromPkcs12(p12, 'mật-khẩu');
      expect(Buffer.from(await signer.certificate()).equals(Buffer.from(pki.signer.cert))).toBe(true);
      expect((await signer.chain()).length).toBe(1);
      const r = await verifyPdf(await signPdf(await samplePdf(), { signer }), {
        trustAnchors: [pki.root.cert],
        revocationPolicy: 'lenient',
      });
      expect(r.signatures[0]!.verdict).toBe('valid');
      expect(() => Pkcs12Signer.fromPkcs12(p12, 'sai')).toThrow(
        expect.objectContaining({ code: 'pades.p12_password' }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
