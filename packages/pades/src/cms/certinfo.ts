import * as asn1js from 'asn1js';
import { createHash } from 'node:crypto';
import { PadesError } from '../errors';
import { toArrayBuffer } from './der';
import { childrenOf, rawOf, readTlv } from './fastder';

/** Raw DER pieces of a certificate needed to reference it from CMS. */
export interface CertRefs {
  issuer: Uint8Array; // DER Name
  serial: Uint8Array; // DER INTEGER
  subject: Uint8Array; // DER Name
}

export function certRefs(der: Uint8Array): CertRefs {
  // fast path: the DER outline (fastder.ts); asn1js for anything else
  const cert = readTlv(der, 0);
  const tbs = cert?.tag === 0x30 ? childrenOf(der, cert)?.[0] : undefined;
  const items = tbs?.tag === 0x30 ? childrenOf(der, tbs) : null;
  if (items) {
    const start = items[0]?.tag === 0xa0 ? 1 : 0;
    const [serial, , issuer, , subject] = items.slice(start);
    if (serial?.tag === 0x02 && issuer?.tag === 0x30 && subject?.tag === 0x30)
      return { serial: rawOf(der, serial), issuer: rawOf(der, issuer), subject: rawOf(der, subject) };
  }
  return certRefsAsn1(der);
}

export function certRefsAsn1(der: Uint8Array): CertRefs {
  const parsed = asn1js.fromBER(toArrayBuffer(der));
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) {
    throw new PadesError('pades.cert_invalid', 'Chứng thư số không đọc được.');
  }
  const tbs = parsed.result.valueBlock.value[0];
  if (!(tbs instanceof asn1js.Sequence)) throw new PadesError('pades.cert_invalid', 'Chứng thư số không đọc được.');
  const items = tbs.valueBlock.value;
  const start = items[0] && items[0].idBlock.tagClass === 3 ? 1 : 0;
  const raw = (i: number): Uint8Array => {
    const item = items[start + i];
    if (!item) throw new PadesError('pades.cert_invalid', 'Chứng thư số không đọc được.');
    return new Uint8Array(item.valueBeforeDecodeView);
  };
  return { serial: raw(0), issuer: raw(2), subject: raw(4) };
}

export function issuerAndSerial(der: Uint8Array): Uint8Array {
  const { issuer, serial } = certRefs(der);
  const body = new Uint8Array(issuer.length + serial.length);
  body.set(issuer, 0);
  body.set(serial, issuer.length);
  return body;
}

export function sha(alg: string, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(alg).update(data).digest());
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
