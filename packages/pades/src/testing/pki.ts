/**
 * A throw-away PKI for tests: root → intermediate → end entities (signers, organ,
 * TSA, OCSP responder), plus an unrelated root. Keys are cached per process.
 */
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';
import { SoftwareSigner } from '../signers/software';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type TestKeyAlg = 'RSA' | 'ECDSA';

export interface TestIdentity {
  name: string;
  cert: Uint8Array; // DER
  x509: x509.X509Certificate;
  keys: CryptoKeyPair;
  privateKey: KeyObject;
  alg: TestKeyAlg;
}

const keyCache = new Map<string, Promise<CryptoKeyPair>>();

function algorithm(alg: TestKeyAlg): RsaHashedKeyGenParams | EcKeyGenParams {
  return alg === 'RSA'
    ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: 'P-256' };
}

/** A key pair for a role name; the same role gets the same key for the whole process. */
export function cachedKeys(role: string, alg: TestKeyAlg): Promise<CryptoKeyPair> {
  const id = `${role}:${alg}`;
  let p = keyCache.get(id);
  if (!p) {
    p = webcrypto.subtle.generateKey(algorithm(alg), true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
    keyCache.set(id, p);
  }
  return p;
}

let serialCounter = 0x1000;

export interface IssueOptions {
  role: string;
  subject: string;
  alg?: TestKeyAlg;
  issuer?: TestIdentity; // self-signed when absent
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  ocspUrl?: string;
  extendedKeyUsages?: string[];
  keyUsage?: x509.KeyUsageFlags;
  ocspNoCheck?: boolean;
}

export async function issue(o: IssueOptions): Promise<TestIdentity> {
  const alg = o.alg ?? 'RSA';
  const keys = await cachedKeys(o.role, alg);
  const issuerKeys = o.issuer ? o.issuer.keys : keys;
  const issuerAlg = o.issuer ? o.issuer.alg : alg;
  const F = x509.KeyUsageFlags;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(!!o.ca, undefined, true),
    new x509.KeyUsagesExtension(
      o.keyUsage ?? (o.ca ? F.keyCertSign | F.cRLSign : F.digitalSignature | F.nonRepudiation),
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (o.issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(o.issuer.x509));
  if (o.extendedKeyUsages?.length) extensions.push(new x509.ExtendedKeyUsageExtension(o.extendedKeyUsages, true));
  if (o.ocspUrl) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: [o.ocspUrl] }));
  if (o.ocspNoCheck) extensions.push(new x509.Extension('1.3.6.1.5.5.7.48.1.5', false, new Uint8Array([5, 0])));
  serialCounter += 1;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialCounter.toString(16).padStart(8, '0'),
    subject: o.subject,
    issuer: o.issuer ? o.issuer.x509.subject : o.subject,
    notBefore: o.notBefore ?? new Date('2024-01-01T00:00:00Z'),
    notAfter: o.notAfter ?? new Date('2036-01-01T00:00:00Z'),
    signingAlgorithm:
      issuerAlg === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: 'SHA-256' },
    publicKey: keys.publicKey,
    signingKey: issuerKeys.privateKey,
    extensions,
  });
  return {
    name: o.subject,
    cert: new Uint8Array(cert.rawData),
    x509: cert,
    keys,
    privateKey: KeyObject.from(keys.privateKey),
    alg,
  };
}

export interface TestPki {
  root: TestIdentity;
  intermediate: TestIdentity;
  signer: TestIdentity; // RSA 2048, personal
  signerEc: TestIdentity; // ECDSA P-256, personal
  initial: TestIdentity; // ký nháy
  organ: TestIdentity; // organ "seal" certificate
  tsa: TestIdentity;
  ocsp: TestIdentity; // delegated OCSP responder
  otherRoot: TestIdentity; // not trusted by anyone
  untrustedSigner: TestIdentity; // issued by otherRoot
}

export interface PkiOptions {
  ocspUrl?: string; // put into end-entity AIA
}

export async function createTestPki(options: PkiOptions = {}): Promise<TestPki> {
  const root = await issue({
    role: 'root',
    subject: 'CN=Vanthu Test Root CA, O=Vanthu Test, C=VN',
    ca: true,
    notBefore: new Date('2015-01-01T00:00:00Z'),
    notAfter: new Date('2045-01-01T00:00:00Z'),
  });
  const intermediate = await issue({
    role: 'intermediate',
    subject: 'CN=Vanthu Test Sub CA, O=Vanthu Test, C=VN',
    ca: true,
    issuer: root,
    notBefore: new Date('2015-01-01T00:00:00Z'),
    notAfter: new Date('2044-01-01T00:00:00Z'),
  });
  const ee = (role: string, subject: string, alg: TestKeyAlg = 'RSA'): Promise<TestIdentity> =>
    issue({ role, subject, alg, issuer: intermediate, ocspUrl: options.ocspUrl });
  const otherRoot = await issue({ role: 'otherRoot', subject: 'CN=Unknown Root, O=Elsewhere, C=XX', ca: true });
  return {
    root,
    intermediate,
    signer: await ee('signer', 'CN=Nguyễn Văn An, O=Bộ Nội vụ, C=VN'),
    signerEc: await ee('signerEc', 'CN=Trần Thị Bình, O=Bộ Nội vụ, C=VN', 'ECDSA'),
    initial: await ee('initial', 'CN=Lê Văn Cường, O=Bộ Nội vụ, C=VN', 'ECDSA'),
    organ: await ee('organ', 'CN=Bộ Nội vụ, O=Bộ Nội vụ, C=VN'),
    tsa: await issue({
      role: 'tsa',
      subject: 'CN=Vanthu Test TSA, O=Vanthu Test, C=VN',
      issuer: intermediate,
      extendedKeyUsages: ['1.3.6.1.5.5.7.3.8'],
      keyUsage: x509.KeyUsageFlags.digitalSignature,
    }),
    ocsp: await issue({
      role: 'ocsp',
      subject: 'CN=Vanthu Test OCSP, O=Vanthu Test, C=VN',
      issuer: intermediate,
      extendedKeyUsages: ['1.3.6.1.5.5.7.3.9'],
      keyUsage: x509.KeyUsageFlags.digitalSignature,
      ocspNoCheck: true,
    }),
    otherRoot,
    untrustedSigner: await issue({ role: 'untrusted', subject: 'CN=Người Lạ, C=XX', issuer: otherRoot }),
  };
}

/** A SoftwareSigner for a test identity, with the intermediate as chain. */
export function softwareSigner(id: TestIdentity, chain: TestIdentity[]): SoftwareSigner {
  return new SoftwareSigner({ privateKey: id.privateKey, certificate: id.cert, chain: chain.map((c) => c.cert) });
}

export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}
