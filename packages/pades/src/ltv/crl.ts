/** A small X.509 v2 CRL issuer (RFC 5280): the demo CA's published CRL, and test CAs. */
import { sign as nodeSign, type KeyObject } from 'node:crypto';
import { certRefs } from '../cms/certinfo';
import { derNull, explicit, int, intFromBytes, octets, oid, seq, tlv } from '../cms/der';
import { OID } from '../oids';

export interface CrlInput {
  issuerCertificate: Uint8Array; // DER: the CA that signs the CRL
  issuerKey: KeyObject; // RSA or EC
  thisUpdate: Date;
  nextUpdate: Date;
  /** Revoked serial numbers as hex (as X509Certificate.serialNumber shows them), with the revocation time. */
  revoked?: { serialHex: string; at: Date }[];
  crlNumber?: number;
}

function utcTime(d: Date): Uint8Array {
  const s = d.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z');
  return tlv(0x17, new TextEncoder().encode(s));
}

/** DER CertificateList signed with SHA-256 by the issuer. */
export function buildCrl(input: CrlInput): Uint8Array {
  const ec = input.issuerKey.asymmetricKeyType === 'ec';
  const sigAlg = ec ? seq(oid(OID.ecdsaWithSha256)) : seq(oid(OID.sha256WithRSA), derNull());
  const entries = (input.revoked ?? []).map((r) => {
    const hex = r.serialHex.replace(/[^0-9a-f]/gi, '');
    const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0 && (bytes[i + 1]! & 0x80) === 0) i++;
    return seq(intFromBytes(new Uint8Array(bytes.subarray(i))), utcTime(r.at));
  });
  const crlNumber = seq(oid('2.5.29.20'), octets(int(input.crlNumber ?? 1)));
  const tbs = seq(
    int(1),
    sigAlg,
    certRefs(input.issuerCertificate).subject,
    utcTime(input.thisUpdate),
    utcTime(input.nextUpdate),
    ...(entries.length ? [seq(...entries)] : []),
    explicit(0, seq(crlNumber)),
  );
  const signature = new Uint8Array(nodeSign('sha256', tbs, { key: input.issuerKey, dsaEncoding: 'der' }));
  return seq(tbs, sigAlg, tlv(0x03, Uint8Array.of(0), signature));
}
