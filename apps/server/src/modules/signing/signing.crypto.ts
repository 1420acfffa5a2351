/** Server-held private keys are stored PKCS#8 DER, encrypted with AES-256-GCM (iv ‖ tag ‖ ciphertext). */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config';
import { signingErrors } from './signing.errors';

const SECRET_FILE = 'signing-secret';

/** The 256-bit key-encryption key: from VANTHU_KEY_SECRET, or in demo mode a random secret kept in the data dir. */
export function keyEncryptionKey(config: Config): Buffer {
  if (config.signing.keySecret) return createHash('sha256').update(config.signing.keySecret, 'utf8').digest();
  if (!config.demo) throw signingErrors.keySecretMissing();
  const file = path.join(config.dataDir, SECRET_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return createHash('sha256').update(fs.readFileSync(file, 'utf8').trim(), 'utf8').digest();
}

export function encryptKey(kek: Buffer, pkcs8: Uint8Array): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kek, iv);
  const body = Buffer.concat([c.update(pkcs8), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

export function decryptKey(kek: Buffer, blob: Uint8Array): Buffer {
  const b = Buffer.from(blob);
  const d = createDecipheriv('aes-256-gcm', kek, b.subarray(0, 12));
  d.setAuthTag(b.subarray(12, 28));
  return Buffer.concat([d.update(b.subarray(28)), d.final()]);
}
