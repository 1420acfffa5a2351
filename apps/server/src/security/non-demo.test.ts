/**
 * Issue 10, acceptance 3: the server outside demo mode. Revocation is strict (an unknown revocation status keeps a
 * signature indeterminate), the demo CA is not trusted and its endpoints answer nothing, and server-held keys need
 * VANTHU_KEY_SECRET (no random secret is made up in the data directory).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test/factory';
import { trustStoreFor } from '../modules/signing/signing.trust';
import { keyEncryptionKey } from '../modules/signing/signing.crypto';
import { AppError } from '../http/errors';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem({ VANTHU_DEMO: '0' });
}, 30_000);
afterAll(async () => sys?.stop());

describe('outside demo mode (acceptance 3)', () => {
  it('runs with demo off and strict revocation', async () => {
    expect(sys.deps.config.demo).toBe(false);
    expect(sys.deps.config.signing.revocationPolicy).toBe('strict');
    const store = await trustStoreFor(sys.deps);
    expect(store.revocationPolicy).toBe('strict');
    // No demo organs or users were seeded.
    expect(
      await sys.deps.db.selectFrom('users').select('id').where('username', '=', 'quantri').executeTakeFirst(),
    ).toBeUndefined();
  });

  it('does not trust the demo CA, and the demo endpoints give nothing', async () => {
    const store = await trustStoreFor(sys.deps);
    expect(store.anchors).toHaveLength(0); // no VANTHU_TRUST_DIR: nothing, and above all not the demo CA
    for (const url of ['/api/signing/demo/ca', '/api/signing/demo/ca.crl']) {
      const r = await sys.anon().get(url);
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.headers['content-type']).not.toMatch(/pkix|x509|x-pem/);
    }
  });

  it('needs VANTHU_KEY_SECRET to hold keys, and makes up no secret', async () => {
    let err: unknown;
    try {
      keyEncryptionKey(sys.deps.config);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('signing.key_secret_missing');
    expect(fs.existsSync(path.join(sys.dataDir, 'signing-secret'))).toBe(false);
    const withSecret = {
      ...sys.deps.config,
      signing: { ...sys.deps.config.signing, keySecret: 'mot-bi-mat-du-dai-0123456789' },
    };
    expect(keyEncryptionKey(withSecret)).toHaveLength(32);
    // In demo mode the same call would have written a random secret into the data directory.
    const demo = { ...sys.deps.config, demo: true, dataDir: path.join(sys.dataDir, 'demo-like') };
    expect(keyEncryptionKey(demo)).toHaveLength(32);
    expect(fs.existsSync(path.join(demo.dataDir, 'signing-secret'))).toBe(true);
  });
});
