import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';
import * as pkijs from 'pkijs';
import { DIGEST_BY_OID, OID, type DigestName } from '../oids';
import { bytesEqual, certRefs } from './certinfo';
import { toArrayBuffer } from './der';
import { childrenOf, oidText, rawOf, readTlv, type Tlv } from './fastder';

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
type Node = asn1js.AsnType;

const raw = (n: Node): Uint8Array => new Uint8Array((n as asn1js.BaseBlock).valueBeforeDecodeView);
const isCtx = (n: Node | undefined, tag: number): boolean =>
  !!n && n.idBlock.tagClass === 3 && n.idBlock.tagNumber === tag;

function kids(n: Node | undefined, what: string): Node[] {
  if (n instanceof asn1js.Constructed || n instanceof asn1js.Sequence || n instanceof asn1js.Set)
    return n.valueBlock.value as Node[];
  throw new Error(`CMS: ${what} is not constructed`);
}

function oidOf(n: Node | undefined, what: string): string {
  if (n instanceof asn1js.ObjectIdentifier) return n.valueBlock.toString();
  throw new Error(`CMS: ${what} is not an OID`);
}

function octets(n: Node | undefined, what: string): Uint8Array {
  if (n instanceof asn1js.OctetString) {
    if (!n.idBlock.isConstructed) return new Uint8Array(n.valueBlock.valueHexView);
    return new Uint8Array(Buffer.concat((n.valueBlock.value as Node[]).map((c) => Buffer.from(octets(c, what)))));
  }
  if (n instanceof asn1js.Primitive) return new Uint8Array(n.valueBlock.valueHexView);
  throw new Error(`CMS: ${what} is not an OCTET STRING`);
}

function attributes(n: Node | undefined): ParsedAttribute[] {
  if (!n) return [];
  return kids(n, 'attributes').map((a) => {
    const [type, values] = kids(a, 'attribute');
    return { type: oidOf(type, 'attribute type'), values: kids(values, 'attribute values').map(raw) };
  });
}

function algorithm(n: Node | undefined, what: string): { oid: string; params: Uint8Array | null } {
  const [o, p] = kids(n, what);
  return { oid: oidOf(o, what), params: p && !(p instanceof asn1js.Null) ? raw(p) : null };
}

export function attributeValue(list: ParsedAttribute[], type: string): Uint8Array | undefined {
  const a = list.filter((x) => x.type === type);
  if (a.length !== 1 || a[0]!.values.length !== 1) return undefined;
  return a[0]!.values[0];
}

export function messageDigestOf(p: ParsedCms): Uint8Array | null {
  const v = attributeValue(p.signedAttributes, OID.messageDigest);
  if (!v) return null;
  const r = asn1js.fromBER(toArrayBuffer(v));
  return r.offset !== -1 && r.result instanceof asn1js.OctetString ? octets(r.result, 'messageDigest') : null;
}

function matchesSid(sid: Node, certDer: Uint8Array): boolean {
  try {
    if (sid instanceof asn1js.Sequence) {
      const [issuer, serial] = kids(sid, 'sid');
      const refs = certRefs(certDer);
      if (bytesEqual(raw(serial!), refs.serial) && bytesEqual(raw(issuer!), refs.issuer)) return true;
      // same serial, issuer encoded differently: compare the decoded names
      if (!bytesEqual(raw(serial!), refs.serial)) return false;
      return pkijs.RelativeDistinguishedNames.fromBER(toArrayBuffer(raw(issuer!))).isEqual(
        pkijs.RelativeDistinguishedNames.fromBER(toArrayBuffer(refs.issuer)),
      );
    }
    if (isCtx(sid, 0)) {
      const ski = new x509.X509Certificate(toArrayBuffer(certDer)).getExtension(x509.SubjectKeyIdentifierExtension);
      return !!ski && Buffer.from(ski.keyId, 'hex').equals(Buffer.from(octets(sid, 'subjectKeyIdentifier')));
    }
  } catch {
    return false;
  }
  return false;
}

/** Parses a DER/BER CMS ContentInfo with SignedData (first SignerInfo); throws on anything else. */
export function parseCms(bytes: Uint8Array): ParsedCms {
  if (bytes.length > MAX_CMS) throw new Error('CMS too large');
  return parseCmsDer(bytes) ?? parseCmsAsn1(bytes);
}

/** The outline of a plain-DER SignedData read with fastder.ts; null when anything is not as expected (then asn1js decides). */
export function parseCmsDer(b: Uint8Array): ParsedCms | null {
  try {
    const outer = readTlv(b, 0);
    const top = outer?.tag === 0x30 ? childrenOf(b, outer) : null;
    if (!top || top.length < 2 || oidText(b, top[0]) !== OID.signedData || top[1]!.tag !== 0xa0) return null;
    const sd = childrenOf(b, childrenOf(b, top[1])?.[0]);
    if (!sd || sd.length < 4 || sd[0]!.tag !== 0x02 || sd[1]!.tag !== 0x31 || sd[2]!.tag !== 0x30) return null;
    const encap = childrenOf(b, sd[2]);
    const eContentType = oidText(b, encap?.[0]);
    if (!encap || !eContentType) return null;
    let eContent: Uint8Array | null = null;
    if (encap[1]) {
      if (encap[1].tag !== 0xa0) return null;
      const inner = childrenOf(b, encap[1]);
      if (!inner || inner.length !== 1 || inner[0]!.tag !== 0x04) return null;
      eContent = b.slice(inner[0]!.body, inner[0]!.end);
    }
    let i = 3;
    let certificates: Uint8Array[] = [];
    let crls: Uint8Array[] = [];
    if (sd[i]?.tag === 0xa0) {
      const c = childrenOf(b, sd[i++]);
      if (!c) return null;
      certificates = c.filter((x) => x.tag === 0x30).map((x) => rawOf(b, x));
    }
    if (sd[i]?.tag === 0xa1) {
      const c = childrenOf(b, sd[i++]);
      if (!c) return null;
      crls = c.filter((x) => x.tag === 0x30).map((x) => rawOf(b, x));
    }
    if (sd[i]?.tag !== 0x31) return null;
    const signerInfos = childrenOf(b, sd[i]);
    const si = childrenOf(b, signerInfos?.[0]);
    if (!signerInfos || !si || si.length < 5 || si[0]!.tag !== 0x02) return null;
    const alg = (t: Tlv | undefined): { oid: string; params: Uint8Array | null } | null => {
      const k = childrenOf(b, t);
      const oid = oidText(b, k?.[0]);
      if (!k || !oid || t!.tag !== 0x30) return null;
      return { oid, params: k[1] && k[1].tag !== 0x05 ? rawOf(b, k[1]) : null };
    };
    const attrs = (t: Tlv | undefined): ParsedAttribute[] | null => {
      if (!t) return [];
      const list = childrenOf(b, t);
      if (!list) return null;
      const out: ParsedAttribute[] = [];
      for (const a of list) {
        const [type, values] = childrenOf(b, a) ?? [];
        const oid = oidText(b, type);
        const vs = values && values.tag === 0x31 ? childrenOf(b, values) : null;
        if (!oid || !vs) return null;
        out.push({ type: oid, values: vs.map((v) => rawOf(b, v)) });
      }
      return out;
    };
    let j = 2;
    const digestAlg = alg(si[j++]);
    const signedNode = si[j]?.tag === 0xa0 ? si[j++] : undefined;
    const sigAlg = alg(si[j++]);
    const sigNode = si[j++];
    if (!digestAlg || !sigAlg || sigNode?.tag !== 0x04) return null;
    const unsignedNode = si[j]?.tag === 0xa1 ? si[j] : undefined;
    const signedAttributes = attrs(signedNode);
    const unsignedAttributes = attrs(unsignedNode);
    if (!signedAttributes || !unsignedAttributes) return null;
    let signedAttrs: Uint8Array | null = null;
    if (signedNode) {
      signedAttrs = rawOf(b, signedNode);
      signedAttrs[0] = 0x31;
    }
    const sidTlv = si[1]!;
    const sid = asn1js.fromBER(toArrayBuffer(rawOf(b, sidTlv))).result;
    return {
      certificates,
      crls,
      eContentType,
      eContent,
      digestOid: digestAlg.oid,
      digest: DIGEST_BY_OID[digestAlg.oid] ?? null,
      signatureOid: sigAlg.oid,
      signatureParams: sigAlg.params,
      signature: b.slice(sigNode.body, sigNode.end),
      signedAttrs,
      signedAttributes,
      unsignedAttributes,
      signerCertificate: certificates.find((c) => matchesSid(sid, c)) ?? null,
      signerInfoCount: signerInfos.length,
    };
  } catch {
    return null;
  }
}

/** The reference parser (asn1js): BER forms included. */
export function parseCmsAsn1(bytes: Uint8Array): ParsedCms {
  if (bytes.length > MAX_CMS) throw new Error('CMS too large');
  const asn = asn1js.fromBER(toArrayBuffer(bytes));
  if (asn.offset === -1) throw new Error('CMS is not BER');
  const [ctype, wrapped] = kids(asn.result, 'ContentInfo');
  if (oidOf(ctype, 'contentType') !== OID.signedData || !isCtx(wrapped, 0)) throw new Error('not SignedData');
  const sd = kids(kids(wrapped, 'content')[0], 'SignedData');
  const encap = kids(sd[2], 'encapContentInfo');
  const eContentType = oidOf(encap[0], 'eContentType');
  const eContent = encap[1] && isCtx(encap[1], 0) ? octets(kids(encap[1], 'eContent')[0], 'eContent') : null;
  let i = 3;
  let certificates: Uint8Array[] = [];
  let crls: Uint8Array[] = [];
  if (isCtx(sd[i], 0))
    certificates = kids(sd[i++], 'certificates')
      .filter((c) => c instanceof asn1js.Sequence)
      .map(raw);
  if (isCtx(sd[i], 1))
    crls = kids(sd[i++], 'crls')
      .filter((c) => c instanceof asn1js.Sequence)
      .map(raw);
  const signerInfos = kids(sd[i], 'signerInfos');
  const si = kids(signerInfos[0], 'SignerInfo');
  let j = 2;
  const digestAlg = algorithm(si[j++], 'digestAlgorithm');
  const signedNode = isCtx(si[j], 0) ? si[j++] : undefined;
  const sigAlg = algorithm(si[j++], 'signatureAlgorithm');
  const signature = octets(si[j++], 'signature');
  const unsignedNode = isCtx(si[j], 1) ? si[j] : undefined;
  let signedAttrs: Uint8Array | null = null;
  if (signedNode) {
    signedAttrs = raw(signedNode).slice();
    signedAttrs[0] = 0x31;
  }
  const sid = si[1]!;
  return {
    certificates,
    crls,
    eContentType,
    eContent,
    digestOid: digestAlg.oid,
    digest: DIGEST_BY_OID[digestAlg.oid] ?? null,
    signatureOid: sigAlg.oid,
    signatureParams: sigAlg.params,
    signature,
    signedAttrs,
    signedAttributes: attributes(signedNode),
    unsignedAttributes: attributes(unsignedNode),
    signerCertificate: certificates.find((c) => matchesSid(sid, c)) ?? null,
    signerInfoCount: signerInfos.length,
  };
}
