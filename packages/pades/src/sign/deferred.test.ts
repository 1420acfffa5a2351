import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual } from '../cms/certinfo';
import { createTestPki, type TestPki } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';
import { verifyPdf } from '../verify/verify';
import { completeSignature } from './complete';
import { prepareSignature } from './prepare';

let pki: TestPki;
let dir: string;

/** A signer in another process: it only ever sees the bytes to sign. */
const AGENT = `
import { readFileSync } from 'node:fs';
import { sign } from 'node:crypto';
const key = readFileSync(process.argv[2], 'utf8');
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const data = Buffer.from(input.trim(), 'hex');
  process.stdout.write(sign('sha256', data, { key, dsaEncoding: 'der' }).toString('hex'));
});
`;

function remoteSign(keyFile: string, toBeSigned: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(dir, 'agent.mjs'), keyFile], (err, stdout) =>
      err ? reject(err) : resolve(new Uint8Array(Buffer.from(stdout, 'hex'))),
    );
    child.stdin!.end(Buffer.from(toBeSigned).toString('hex'));
  });
}

beforeAll(async () => {
  pki = await createTestPki();
  dir = mkdtempSync(join(tmpdir(), 'pades-agent-'));
  writeFileSync(join(dir, 'agent.mjs'), AGENT);
  writeFileSync(join(dir, 'signer.pem'), pki.signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'ec.pem'), pki.signerEc.privateKey.export({ type: 'pkcs8', format: 'pem' }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('deferred signing (prepare → external signer → complete)', () => {
  it('preparing twice with the same inputs and signing time gives identical bytes', async () => {
    const pdf = await samplePdf();
    const at = new Date('2026-11-21T02:30:15Z');
    const a = await prepareSignature(pdf, {
      certificate: pki.signer.cert,
      signingTime: at,
      stamp: { firstLine: 'Số: 12/QĐ-BNV', organName: 'Bộ Nội vụ' },
    });
    const b = await prepareSignature(pdf, {
      certificate: pki.signer.cert,
      signingTime: at,
      stamp: { firstLine: 'Số: 12/QĐ-BNV', organName: 'Bộ Nội vụ' },
    });
    expect(bytesEqual(a.prepared, b.prepared)).toBe(true);
    expect(bytesEqual(a.toBeSigned, b.toBeSigned)).toBe(true);
    expect(a.signingTime.toISOString()).toBe('2026-11-21T02:30:15.000Z');
    const c = await prepareSignature(pdf, {
      certificate: pki.signer.cert,
      signingTime: new Date('2026-11-21T02:30:16Z'),
    });
    expect(bytesEqual(a.documentDigest, c.documentDigest)).toBe(false);
  });

  it.each([
    ['RSA', 'signer.pem'],
    ['ECDSA', 'ec.pem'],
  ] as const)(
    'a %s key held by a separate process signs the prepared digest and the result verifies',
    async (alg, keyFile) => {
      const id = alg === 'RSA' ? pki.signer : pki.signerEc;
      const prep = await prepareSignature(await samplePdf({ objectStreams: false }), { certificate: id.cert });
      const signature = await remoteSign(join(dir, keyFile), prep.toBeSigned);
      const signed = await completeSignature(prep, { signature, keyAlgorithm: alg, chain: [pki.intermediate.cert] });
      const r = await verifyPdf(signed, { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' });
      expect(r.signatures).toHaveLength(1);
      expect(r.signatures[0]!.verdict).toBe('valid');
      expect(r.signatures[0]!.byteRange).toEqual(prep.byteRange);
    },
  );

  it('complete refuses a signature made by another key', async () => {
    const prep = await prepareSignature(await samplePdf(), { certificate: pki.signer.cert });
    const wrong = await remoteSign(join(dir, 'ec.pem'), prep.toBeSigned);
    await expect(completeSignature(prep, { signature: wrong, keyAlgorithm: 'RSA' })).rejects.toMatchObject({
      code: 'pades.signature_mismatch',
    });
  });
});
