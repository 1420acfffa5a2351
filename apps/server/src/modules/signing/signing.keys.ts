/**
 * Server-held keys (signing_keys): the demo CA and, in demo mode, one software key per demo user and
 * per organ issued from it at first use. Private keys are encrypted at rest (signing.crypto.ts).
 */
import { createPrivateKey } from 'node:crypto';
import { SoftwareSigner } from '@vanthu/pades';
import type { Deps } from '../../deps';
import { decryptKey, encryptKey, keyEncryptionKey } from './signing.crypto';
import { DEMO_CA_DN, DEMO_TSA_DN, issueIdentity, type IssuedIdentity } from './signing.certs';
import { demoCrlUrl } from './signing.urls';
import { signingErrors } from './signing.errors';

export type KeyOwner = `user:${string}` | `organ:${string}` | `csc:${string}` | 'demo-ca' | 'demo-tsa';

const cache = new WeakMap<Deps['db'], Map<string, Promise<IssuedIdentity>>>();

function cacheOf(deps: Deps): Map<string, Promise<IssuedIdentity>> {
  let m = cache.get(deps.db);
  if (!m) cache.set(deps.db, (m = new Map()));
  return m;
}

async function readKey(deps: Deps, owner: KeyOwner): Promise<IssuedIdentity | null> {
  const row = await deps.db
    .selectFrom('signing_keys')
    .select(['certificate', 'private_key_enc'])
    .where('owner', '=', owner)
    .where('kind', '=', 'software')
    .executeTakeFirst();
  if (!row?.private_key_enc) return null;
  const pkcs8 = decryptKey(keyEncryptionKey(deps.config), row.private_key_enc);
  return {
    certificate: new Uint8Array(row.certificate),
    privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
  };
}

async function loadOrCreate(deps: Deps, owner: KeyOwner, subject: string): Promise<IssuedIdentity> {
  const found = await readKey(deps, owner);
  if (found) return found;
  if (!deps.config.demo) throw signingErrors.demoOnly();
  const issuer = owner === 'demo-ca' ? null : await demoCa(deps);
  // End entities of the demo CA name its published CRL (PAdES B-LT); the demo TSA is a timestamping certificate.
  const made = await issueIdentity(
    subject,
    issuer,
    deps.now(),
    issuer ? { crlUrl: demoCrlUrl(deps), timeStamping: owner === 'demo-tsa' } : {},
  );
  const enc = encryptKey(keyEncryptionKey(deps.config), made.privateKey.export({ type: 'pkcs8', format: 'der' }));
  const chain = issuer ? [Buffer.from(issuer.certificate)] : [];
  await deps.db
    .insertInto('signing_keys')
    .values({
      owner,
      kind: 'software',
      certificate: Buffer.from(made.certificate),
      chain,
      private_key_enc: enc,
      pkcs11_label: null,
    })
    .onConflict((oc) => oc.column('owner').doNothing())
    .execute();
  return (await readKey(deps, owner))!; // another process may have won the race: use the stored one
}

function identity(deps: Deps, owner: KeyOwner, subject: string): Promise<IssuedIdentity> {
  const m = cacheOf(deps);
  let p = m.get(owner);
  if (!p) {
    p = loadOrCreate(deps, owner, subject);
    p.catch(() => m.delete(owner));
    m.set(owner, p);
  }
  return p;
}

/** The demo CA (created at first use; demo mode only). */
export function demoCa(deps: Deps): Promise<IssuedIdentity> {
  return identity(deps, 'demo-ca', DEMO_CA_DN);
}

/** The demo TSA (RFC 3161), issued by the demo CA at first use; demo mode only. */
export function demoTsaIdentity(deps: Deps): Promise<IssuedIdentity> {
  return identity(deps, 'demo-tsa', DEMO_TSA_DN);
}

/** A key held for the demo CSC service (remote signing), one per user, issued by the demo CA. */
export function demoCscIdentity(deps: Deps, userId: string, subject: string): Promise<IssuedIdentity> {
  return identity(deps, `csc:${userId}`, subject);
}

/** The demo CA certificate if it exists already (no creation): what the trust store adds in demo mode. */
export async function demoCaCertificate(deps: Deps): Promise<Uint8Array> {
  return (await demoCa(deps)).certificate;
}

/** A software signer for a user or organ: the stored key, or in demo mode a new one issued by the demo CA. */
export async function softwareSigner(
  deps: Deps,
  owner: Exclude<KeyOwner, 'demo-ca' | 'demo-tsa'>,
  subject: string,
): Promise<SoftwareSigner> {
  const id = await identity(deps, owner, subject);
  const ca = deps.config.demo ? await demoCa(deps) : null;
  return new SoftwareSigner({
    privateKey: id.privateKey,
    certificate: id.certificate,
    chain: ca ? [ca.certificate] : [],
  });
}

/** Whether a server-held software key exists (or can be made, in demo mode) for this owner. */
export async function hasSoftwareKey(deps: Deps, owner: KeyOwner): Promise<boolean> {
  if (deps.config.demo) return true;
  const row = await deps.db
    .selectFrom('signing_keys')
    .select('id')
    .where('owner', '=', owner)
    .where('kind', '=', 'software')
    .executeTakeFirst();
  return !!row;
}

/** Demo only: a fresh key pair and certificate for a person, issued by the demo CA and NOT stored (for a PKCS#12 held by vanthu-signer). */
export async function issueDemoPersonal(
  deps: Deps,
  subject: string,
): Promise<{ identity: IssuedIdentity; ca: Uint8Array }> {
  if (!deps.config.demo) throw signingErrors.demoOnly();
  const ca = await demoCa(deps);
  return { identity: await issueIdentity(subject, ca, deps.now(), { crlUrl: demoCrlUrl(deps) }), ca: ca.certificate };
}
