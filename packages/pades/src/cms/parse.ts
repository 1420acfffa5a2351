import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DIGEST_BY_OID, OID, type DigestName } from '../oids';
import { toArrayBuffer } from './der';

export interface ParsedAttribute {
  type: string;
  values: Uint8Array[]; // DER of each value
}

export interface ParsedCms {
  certificates: Uint8Array[];
  crls: Uint8Array[];
  eContentType: string;
  eContent: Uint8Array | null;
  digestOid: string;
  digest: DigestName | null;
  signatureOid: string;
  signatureParams: Uint8Array | null; // DER of AlgorithmIdentifier parameters
  signature: Uint8Array;
  signedAttrs: Uint8Array | null; // DER SET (0x31) as signed
  signedAttributes: ParsedAttribute[];
  unsignedAttributes: ParsedAttribute[];
  signerCertificate: Uint8Array | null;
  signerInfoCount: number;
}

const MAX_CMS = 4 * 1024 * 1024;

function attrs(list: pkijs.Attribute[] | undefined): ParsedAttribute[] {
  return (list ?? []).map((a) => ({ type: a.type, values: a.values.map((v) => new Uint8Array(v.toBER(false))) }));
}

function octetValue(der: Uint8Array | undefined): Uint8Array | null {
  if (!der) return null;
  const r = asn1js.fromBER(toArrayBuffer(der));
  if (r.offset === -1 || !(r.result instanceof asn1js.OctetString)) return null;
  return new Uint8Array(r.result.getValue());
}

export function attributeValue(list: ParsedAttribute[], type: string): Uint8Array | undefined {
  const a = list.filter((x) => x.type === type);
  if (a.length !== 1 || a[0]!.values.length !== 1) return undefined;
  return a[0]!.values[0];
}

export function messageDigestOf(p: ParsedCms): Uint8Array | null {
  return octetValue(attributeValue(p.signedAttributes, OID.messageDigest));
}

function matchesSid(sid: unknown, cert: pkijs.Certificate): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return sid.issuer.isEqual(cert.issuer) && sid.serialNumber.isEqual(cert.serialNumber);
  }
  if (sid instanceof asn1js.Constructed || sid instanceof asn1js.Primitive) {
    const ski = cert.extensions?.find((e) => e.extnID === '2.5.29.14');
    const parsed = ski?.parsedValue as asn1js.OctetString | undefined;
    const want = sid instanceof asn1js.Primitive ? sid.valueBlock.valueHexView : (sid.valueBlock.value[0] as asn1js.OctetString | undefined)?.valueBlock.valueHexView;
    if (!parsed || !want) return false;
    return Buffer.from(parsed.valueBlock.valueHexView).equals(Buffer.from(want));
  }
  return false;
}

/** The certificates of SignedData exactly as encoded (no re-encoding). */
function rawCertificates(signedData: unknown): Uint8Array[] {
  if (!(signedData instanceof asn1js.Sequence)) return [];
  const set = signedData.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0);
  if (!(set instanceof asn1js.Constructed)) return [];
  return set.valueBlock.value.filter((b) => b instanceof asn1js.Sequence).map((b) => new Uint8Array(b.valueBeforeDecodeView));
}

/** Parses a DER/BER CMS ContentInfo with SignedData; throws on anything else. */
export function parseCms(bytes: Uint8Array): ParsedCms {
  if (bytes.length > MAX_CMS) throw new Error('CMS too large');
  const asn = asn1js.fromBER(toArrayBuffer(bytes));
  if (asn.offset === -1) throw new Error('CMS is not BER');
  const ci = new pkijs.ContentInfo({ schema: asn.result });
  if (ci.contentType !== OID.signedData) throw new Error('not SignedData');
  const sd = new pkijs.SignedData({ schema: ci.content });
  const si = sd.signerInfos[0];
  if (!si) throw new Error('no SignerInfo');
  const certs = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const signer = certs.find((c) => matchesSid(si.sid, c));
  const eContent = sd.encapContentInfo.eContent ? new Uint8Array(sd.encapContentInfo.eContent.getValue()) : null;
  const params = si.signatureAlgorithm.algorithmParams as asn1js.BaseBlock | undefined;
  return {
    certificates: rawCertificates(ci.content),
    crls: (sd.crls ?? []).filter((c): c is pkijs.CertificateRevocationList => c instanceof pkijs.CertificateRevocationList).map((c) => new Uint8Array(c.toSchema().toBER(false))),
    eContentType: sd.encapContentInfo.eContentType,
    eContent,
    digestOid: si.digestAlgorithm.algorithmId,
    digest: DIGEST_BY_OID[si.digestAlgorithm.algorithmId] ?? null,
    signatureOid: si.signatureAlgorithm.algorithmId,
    signatureParams: params ? new Uint8Array(params.toBER(false)) : null,
    signature: new Uint8Array(si.signature.valueBlock.valueHexView),
    signedAttrs: si.signedAttrs ? new Uint8Array(si.signedAttrs.encodedValue) : null,
    signedAttributes: attrs(si.signedAttrs?.attributes),
    unsignedAttributes: attrs(si.unsignedAttrs?.attributes),
    signerCertificate: signer ? rawCertificates(ci.content)[certs.indexOf(signer)] ?? null : null,
    signerInfoCount: sd.signerInfos.length,
  };
}
