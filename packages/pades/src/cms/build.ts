import { OID, type DigestName } from '../oids';
import { digestAlgorithmId, signatureAlgorithmId, type KeyAlgorithm } from './algorithms';
import { issuerAndSerial, certRefs, sha } from './certinfo';
import { concat, explicit, int, octets, oid, seq, setOf, tlv } from './der';

export interface SignedAttributesInput {
  digest: Uint8Array; // message digest of the signed content
  signerCertificate: Uint8Array;
  contentType?: string; // default id-data
  signingTime?: Date; // omitted for PAdES B-B (the time is in /M)
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return seq(oid(type), setOf([value]));
}

/** ESS signing-certificate-v2 (RFC 5035) with SHA-256 cert hash and issuerSerial. */
export function signingCertificateV2(certDer: Uint8Array): Uint8Array {
  const { issuer, serial } = certRefs(certDer);
  const issuerSerial = seq(seq(explicit(4, issuer)), serial);
  const essCertIdV2 = seq(octets(sha('sha256', certDer)), issuerSerial);
  return seq(seq(essCertIdV2));
}

/** The DER SET OF signed attributes: exactly the bytes the signer signs. */
export function buildSignedAttributes(input: SignedAttributesInput): Uint8Array {
  const attrs = [
    attribute(OID.contentType, oid(input.contentType ?? OID.data)),
    attribute(OID.messageDigest, octets(input.digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(input.signerCertificate)),
  ];
  if (input.signingTime) {
    const d = input.signingTime;
    const utc = d.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z');
    attrs.push(attribute(OID.signingTime, tlv(0x17, new TextEncoder().encode(utc))));
  }
  return setOf(attrs);
}

export interface AssembleInput {
  signedAttributes: Uint8Array; // DER SET (0x31 …)
  signature: Uint8Array;
  signerCertificate: Uint8Array;
  certificates: readonly Uint8Array[]; // signer first, then chain
  keyAlgorithm: KeyAlgorithm;
  digest?: DigestName;
  eContentType?: string;
  eContent?: Uint8Array; // encapsulated content (timestamp tokens); omitted = detached
  unsignedAttributes?: readonly { type: string; value: Uint8Array }[];
}

/** A CMS ContentInfo holding SignedData with one SignerInfo. */
export function assembleSignedData(input: AssembleInput): Uint8Array {
  const digest = input.digest ?? 'sha256';
  const signedAttrs = concat([Uint8Array.of(0xa0), input.signedAttributes.subarray(1)]);
  const unsigned = input.unsignedAttributes?.length
    ? [
        setOf(
          input.unsignedAttributes.map((a) => attribute(a.type, a.value)),
          0xa1,
        ),
      ]
    : [];
  const signerInfo = seq(
    int(1),
    seq(issuerAndSerial(input.signerCertificate)),
    digestAlgorithmId(digest),
    signedAttrs,
    signatureAlgorithmId(input.keyAlgorithm, digest),
    octets(input.signature),
    ...unsigned,
  );
  const encap = input.eContent
    ? seq(oid(input.eContentType ?? OID.data), explicit(0, octets(input.eContent)))
    : seq(oid(input.eContentType ?? OID.data));
  const unique = dedupe(input.certificates);
  const signedData = seq(
    int(input.eContent ? 3 : 1),
    setOf([digestAlgorithmId(digest)]),
    encap,
    tlv(0xa0, ...unique),
    setOf([signerInfo]),
  );
  return seq(oid(OID.signedData), explicit(0, signedData));
}

function dedupe(certs: readonly Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const c of certs) {
    const key = Buffer.from(c).toString('base64');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}
