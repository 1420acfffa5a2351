/**
 * The signing step behind a small port. In demo mode the server holds a software key per demo user and
 * per organ, issued at first use by a demo CA and stored in outgoing_demo_keys, and signs with
 * @vanthu/pades (PAdES, each signature an incremental update). Outside demo mode personal keys live on
 * tokens at the signer's side (deferred signing, not wired here yet): the step is a recorded approval.
 */
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';
import { SoftwareSigner, signPdf } from '@vanthu/pades';
import type { Db } from '../../db/database';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type SignMethod = 'pades' | 'approval';
export interface SignResult { pdf: Uint8Array; method: SignMethod }
export interface SigningPort {
  signAsPerson(pdf: Uint8Array, who: { userId: string; fullName: string; organName: string; reason: string }): Promise<SignResult>;
  signAsOrgan(pdf: Uint8Array, organ: { id: string; name: string }, opts: { reason: string; stamp?: { firstLine: string; extraLines?: string[] } }): Promise<SignResult>;
}

/** Records an approval: the file is unchanged (production until deferred signing is wired to the UI). */
export const approvalSigning: SigningPort = {
  signAsPerson: async (pdf) => ({ pdf, method: 'approval' }),
  signAsOrgan: async (pdf) => ({ pdf, method: 'approval' }),
};

const ALG: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
interface Identity { key: KeyObject; cert: Uint8Array; x509: x509.X509Certificate; keys?: CryptoKeyPair }

const escapeDn = (s: string) => s.replace(/([,+"\\<>;=])/g, '\\$1');

async function createIdentity(subject: string, issuer: Identity | null): Promise<{ id: Identity; pem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const F = x509.KeyUsageFlags;
  const ca = !issuer;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(ca, undefined, true),
    new x509.KeyUsagesExtension(ca ? F.keyCertSign | F.cRLSign : F.digitalSignature | F.nonRepudiation, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.x509));
  const issuerKey = issuer ? await webcrypto.subtle.importKey('pkcs8', issuer.key.export({ type: 'pkcs8', format: 'der' }), ALG, false, ['sign']) : keys.privateKey;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex'),
    subject, issuer: issuer ? issuer.x509.subject : subject,
    notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 10 * 365 * 86_400_000),
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, publicKey: keys.publicKey, signingKey: issuerKey, extensions,
  });
  const key = KeyObject.from(keys.privateKey);
  return { id: { key, cert: new Uint8Array(cert.rawData), x509: cert }, pem: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** Demo-mode signing with server-held keys (never used outside demo mode). */
export class DemoPadesSigning implements SigningPort {
  private readonly cache = new Map<string, Promise<Identity>>();
  constructor(private readonly db: Db) {}

  private identity(subjectKey: string, dn: string): Promise<Identity> {
    let p = this.cache.get(subjectKey);
    if (!p) {
      p = this.loadOrCreate(subjectKey, dn);
      p.catch(() => this.cache.delete(subjectKey));
      this.cache.set(subjectKey, p);
    }
    return p;
  }

  private async loadOrCreate(subjectKey: string, dn: string): Promise<Identity> {
    const read = async () => {
      const row = await this.db.selectFrom('outgoing_demo_keys').select(['key_pem', 'cert_der']).where('subject', '=', subjectKey).executeTakeFirst();
      if (!row) return null;
      const cert = new Uint8Array(row.cert_der);
      return { key: KeyObject.from(await webcrypto.subtle.importKey('pkcs8', pemToDer(row.key_pem), ALG, true, ['sign'])), cert, x509: new x509.X509Certificate(cert) };
    };
    const found = await read();
    if (found) return found;
    const issuer = subjectKey === 'ca' ? null : await this.identity('ca', 'CN=vanthu Demo CA, O=vanthu (demo), C=VN');
    const made = await createIdentity(dn, issuer);
    await this.db.insertInto('outgoing_demo_keys').values({ subject: subjectKey, key_pem: made.pem, cert_der: Buffer.from(made.id.cert) }).onConflict((oc) => oc.column('subject').doNothing()).execute();
    return (await read())!;
  }

  private async signer(subjectKey: string, dn: string) {
    const [id, ca] = await Promise.all([this.identity(subjectKey, dn), this.identity('ca', 'CN=vanthu Demo CA, O=vanthu (demo), C=VN')]);
    return new SoftwareSigner({ privateKey: id.key, certificate: id.cert, chain: [ca.cert] });
  }

  /** The demo CA certificate (DER), to trust when verifying demo signatures. */
  async caCertificate(): Promise<Uint8Array> {
    return (await this.identity('ca', 'CN=vanthu Demo CA, O=vanthu (demo), C=VN')).cert;
  }

  async signAsPerson(pdf: Uint8Array, who: { userId: string; fullName: string; organName: string; reason: string }): Promise<SignResult> {
    const signer = await this.signer(`user:${who.userId}`, `CN=${escapeDn(who.fullName)}, O=${escapeDn(who.organName)}, C=VN`);
    return { pdf: await signPdf(pdf, { signer, reason: who.reason }), method: 'pades' };
  }

  async signAsOrgan(pdf: Uint8Array, organ: { id: string; name: string }, opts: { reason: string; stamp?: { firstLine: string; extraLines?: string[] } }): Promise<SignResult> {
    const signer = await this.signer(`organ:${organ.id}`, `CN=${escapeDn(organ.name)}, O=${escapeDn(organ.name)}, C=VN`);
    const stamp = opts.stamp ? { firstLine: opts.stamp.firstLine, organName: organ.name, extraLines: opts.stamp.extraLines } : undefined;
    return { pdf: await signPdf(pdf, { signer, reason: opts.reason, ...(stamp ? { stamp } : {}) }), method: 'pades' };
  }
}

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}

const ports = new WeakMap<Db, SigningPort>();
/** The signing port for this installation: server-held demo keys in demo mode, recorded approvals otherwise. */
export function signingPortFor(db: Db, demo: boolean): SigningPort {
  if (!demo) return approvalSigning;
  let p = ports.get(db);
  if (!p) ports.set(db, (p = new DemoPadesSigning(db)));
  return p;
}
