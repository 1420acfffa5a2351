import * as asn1js from 'asn1js';
import {
  X509Certificate,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  pbkdf2Sync,
  type KeyObject,
} from 'node:crypto';
import { toArrayBuffer } from '../cms/der';
import { PadesError } from '../errors';
import { SoftwareSigner } from './software';

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
};
const PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};
const CIPHER: Record<string, string> = {
  '2.16.840.1.101.3.4.1.2': 'aes-128-cbc',
  '2.16.840.1.101.3.4.1.22': 'aes-192-cbc',
  '2.16.840.1.101.3.4.1.42': 'aes-256-cbc',
};

const bad = (detail: string): PadesError =>
  new PadesError('pades.p12_invalid', `Tệp PKCS#12 không đọc được (${detail}).`);

function der(bytes: Uint8Array): asn1js.AsnType {
  const r = asn1js.fromBER(toArrayBuffer(bytes));
  if (r.offset === -1) throw bad('BER');
  return r.result;
}

function children(node: unknown): asn1js.AsnType[] {
  if (node instanceof asn1js.Constructed || node instanceof asn1js.Sequence || node instanceof asn1js.Set)
    return node.valueBlock.value as asn1js.AsnType[];
  throw bad('cấu trúc');
}

const oidOf = (n: unknown): string => (n instanceof asn1js.ObjectIdentifier ? n.valueBlock.toString() : '');

function octetsOf(n: unknown): Uint8Array {
  if (n instanceof asn1js.OctetString) return new Uint8Array(n.getValue());
  if (n instanceof asn1js.Constructed || n instanceof asn1js.Primitive) {
    // [0] IMPLICIT OCTET STRING (possibly constructed)
    if (n instanceof asn1js.Primitive) return new Uint8Array(n.valueBlock.valueHexView);
    return Buffer.concat(children(n).map((c) => Buffer.from(octetsOf(c))));
  }
  throw bad('OCTET STRING');
}

function decryptPbes2(alg: asn1js.AsnType, data: Uint8Array, password: string): Uint8Array {
  const [algOid, params] = children(alg);
  if (oidOf(algOid) !== OIDS.pbes2)
    throw new PadesError(
      'pades.p12_unsupported',
      'Tệp PKCS#12 dùng thuật toán mã hoá cũ; hãy xuất lại bằng OpenSSL 3 (PBES2/AES).',
    );
  const [kdf, enc] = children(params);
  const [kdfOid, kdfParams] = children(kdf);
  if (oidOf(kdfOid) !== OIDS.pbkdf2) throw bad('KDF');
  const kp = children(kdfParams);
  const salt = octetsOf(kp[0]);
  const iterations = (kp[1] as asn1js.Integer).valueBlock.valueDec;
  const prfAlg = kp.find((x) => x instanceof asn1js.Sequence);
  const prf = prfAlg ? PRF[oidOf(children(prfAlg)[0])] : 'sha1';
  const [encOid, iv] = children(enc);
  const cipher = CIPHER[oidOf(encOid)];
  if (!cipher || !prf)
    throw new PadesError('pades.p12_unsupported', 'Thuật toán mã hoá trong tệp PKCS#12 chưa được hỗ trợ.');
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, Number(cipher.split('-')[1]) / 8, prf);
  try {
    const d = createDecipheriv(cipher, key, octetsOf(iv));
    return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
  } catch {
    throw new PadesError('pades.p12_password', 'Sai mật khẩu tệp PKCS#12.');
  }
}

/** Loads a signer from PKCS#12 bytes (OpenSSL 3 default: PBES2, PBKDF2, AES-CBC). Development and tests only. */
export class Pkcs12Signer {
  static fromPkcs12(p12: Uint8Array, password: string): SoftwareSigner {
    const pfx = children(der(p12));
    const authSafe = children(pfx[1]);
    if (oidOf(authSafe[0]) !== OIDS.data) throw bad('authSafe');
    const contents = children(der(octetsOf(children(authSafe[1])[0])));
    const certs: Uint8Array[] = [];
    let key: KeyObject | null = null;
    for (const ci of contents) {
      const [type, wrapped] = children(ci);
      let safeBytes: Uint8Array;
      if (oidOf(type) === OIDS.data) safeBytes = octetsOf(children(wrapped)[0]);
      else if (oidOf(type) === OIDS.encryptedData) {
        const encInfo = children(children(children(wrapped)[0])[1]);
        safeBytes = decryptPbes2(encInfo[1]!, octetsOf(encInfo[2]), password);
      } else continue;
      for (const bag of children(der(safeBytes))) {
        const [bagId, value] = children(bag);
        const inner = children(value)[0]!;
        const id = oidOf(bagId);
        if (id === OIDS.certBag) certs.push(octetsOf(children(children(inner)[1])[0]));
        else if (id === OIDS.shroudedKeyBag || id === OIDS.keyBag) {
          const bytes = Buffer.from(inner.toBER(false));
          try {
            key =
              id === OIDS.keyBag
                ? createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' })
                : createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8', passphrase: password });
          } catch {
            throw new PadesError('pades.p12_password', 'Sai mật khẩu tệp PKCS#12.');
          }
        }
      }
    }
    if (!key) throw bad('không có khoá');
    const pub = createPublicKey(key).export({ type: 'spki', format: 'der' });
    const leaf = certs.find((c) =>
      Buffer.from(new X509Certificate(c).publicKey.export({ type: 'spki', format: 'der' })).equals(pub),
    );
    if (!leaf) throw bad('không có chứng thư khớp với khoá');
    return new SoftwareSigner({ privateKey: key, certificate: leaf, chain: certs.filter((c) => c !== leaf) });
  }
}
