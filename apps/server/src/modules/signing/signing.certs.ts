/** Issues RSA 2048 certificates for the demo CA and demo users/organs (@peculiar/x509 over WebCrypto). */
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

export interface IssuedIdentity {
  certificate: Uint8Array; // DER
  privateKey: KeyObject;
}

export const DEMO_CA_DN = 'CN=vanthu Demo CA, O=vanthu (chế độ trình diễn), C=VN';

/** RFC 4514 escaping of an attribute value. */
export const escapeDn = (s: string): string => s.replace(/([,+"\\<>;=])/g, '\\$1');

export const DEMO_TSA_DN = 'CN=vanthu Demo TSA, O=vanthu (chế độ trình diễn), C=VN';

export function personDn(fullName: string, organName: string): string {
  return `CN=${escapeDn(fullName)}, O=${escapeDn(organName)}, C=VN`;
}

export interface IssueExtras {
  /** CRL distribution point (the demo CA's published CRL) written into end-entity certificates. */
  crlUrl?: string;
  /** A TSA certificate: extended key usage id-kp-timeStamping (critical), digitalSignature only. */
  timeStamping?: boolean;
}

/** A CA (self-signed when no issuer) or an end-entity certificate with digitalSignature + nonRepudiation. */
export async function issueIdentity(
  subject: string,
  issuer: IssuedIdentity | null,
  now = new Date(),
  extras: IssueExtras = {},
): Promise<IssuedIdentity> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const F = x509.KeyUsageFlags;
  const ca = !issuer;
  const issuerCert = issuer ? new x509.X509Certificate(new Uint8Array(issuer.certificate)) : null;
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(ca, undefined, true),
    new x509.KeyUsagesExtension(
      ca ? F.keyCertSign | F.cRLSign : extras.timeStamping ? F.digitalSignature : F.digitalSignature | F.nonRepudiation,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (issuerCert) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuerCert));
  if (issuerCert && extras.crlUrl) extensions.push(new x509.CRLDistributionPointsExtension([extras.crlUrl]));
  if (extras.timeStamping) extensions.push(new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.8'], true));
  const signingKey = issuer
    ? await webcrypto.subtle.importKey(
        'pkcs8',
        new Uint8Array(issuer.privateKey.export({ type: 'pkcs8', format: 'der' })),
        ALG,
        false,
        ['sign'],
      )
    : keys.privateKey;
  const serial = Buffer.from(webcrypto.getRandomValues(new Uint8Array(12)));
  serial[0] = serial[0]! & 0x7f;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject,
    issuer: issuerCert ? issuerCert.subject : subject,
    notBefore: new Date(now.getTime() - 86_400_000),
    notAfter: new Date(now.getTime() + (ca ? 20 : 5) * 365 * 86_400_000),
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    publicKey: keys.publicKey,
    signingKey,
    extensions,
  });
  return { certificate: new Uint8Array(cert.rawData), privateKey: KeyObject.from(keys.privateKey) };
}
