/** Demo mode only: a PKCS#12 for a demo user, issued by the demo CA, to load into vanthu-signer (the key is not kept on the server). */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { personDn } from './signing.certs';
import { issueDemoPersonal } from './signing.keys';

const run = promisify(execFile);

/** PEM with 64-column lines (no empty line before END, which OpenSSL refuses, when the length is a multiple of 64). */
const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${(
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? []
  ).join('\n')}\n-----END CERTIFICATE-----\n`;

/** OpenSSL 3 PKCS#12 (PBES2/AES-256, what Pkcs12Signer reads) with the demo CA in the chain. */
export async function issueDemoP12(
  deps: Deps,
  p: Principal,
  password: string,
): Promise<{ p12: Uint8Array; certificate: Uint8Array }> {
  const organ = await deps.db.selectFrom('organs').select('name').where('id', '=', p.organId).executeTakeFirstOrThrow();
  return p12For(deps, personDn(p.fullName, organ.name), password);
}

/**
 * The same for an organ (the văn thư's token for the organ seal at issue): a fresh key, not kept on the server,
 * with the subject of the server-held demo organ key (CN = O = the organ's name, signing.port.ts).
 */
export async function issueDemoOrganP12(
  deps: Deps,
  organId: string,
  password: string,
): Promise<{ p12: Uint8Array; certificate: Uint8Array }> {
  const organ = await deps.db.selectFrom('organs').select('name').where('id', '=', organId).executeTakeFirstOrThrow();
  return p12For(deps, personDn(organ.name, organ.name), password);
}

async function p12For(
  deps: Deps,
  subject: string,
  password: string,
): Promise<{ p12: Uint8Array; certificate: Uint8Array }> {
  const { identity, ca } = await issueDemoPersonal(deps, subject);
  const dir = mkdtempSync(join(tmpdir(), 'vanthu-p12-'));
  try {
    writeFileSync(join(dir, 'key.pem'), identity.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(join(dir, 'cert.pem'), pem(identity.certificate));
    writeFileSync(join(dir, 'ca.pem'), pem(ca));
    await run(
      'openssl',
      [
        'pkcs12',
        '-export',
        '-inkey',
        join(dir, 'key.pem'),
        '-in',
        join(dir, 'cert.pem'),
        '-certfile',
        join(dir, 'ca.pem'),
        '-out',
        join(dir, 'out.p12'),
        '-passout',
        'env:VANTHU_P12_PASS',
        '-keypbe',
        'AES-256-CBC',
        '-certpbe',
        'AES-256-CBC',
        '-macalg',
        'sha256',
      ],
      {
        env: { ...process.env, VANTHU_P12_PASS: password },
      },
    );
    return { p12: new Uint8Array(readFileSync(join(dir, 'out.p12'))), certificate: identity.certificate };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
