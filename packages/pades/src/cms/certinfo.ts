import * as asn1js from 'asn1js';
import { createHash } from 'node:crypto';
import { PadesError } from '../errors';
import { toArrayBuffer } from './der';

/** Raw DER pieces of a certificate needed to reference it from CMS. */
export interface CertRefs {
  issuer: Uint8Array; // DER Name
  serial: Uint8Array; // DER INTEGER
  subject: Uint8Array; // DER Name
}

export function certRefs(der: Uint8Array): CertRefs {
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
