import { KeyObject, createPrivateKey, sign as nodeSign, webcrypto } from 'node:crypto';
import type { KeyAlgorithm } from '../cms/algorithms';
import { PadesError } from '../errors';
import type { Signer } from './signer';

export interface SoftwareSignerOptions {
  privateKey: KeyObject | webcrypto.CryptoKey | string; // KeyObject, CryptoKey or PEM
  certificate: Uint8Array; // DER
  chain?: Uint8Array[];
}

/** A signer holding its private key in process memory (tests, demo users, PKCS#12). */
export class SoftwareSigner implements Signer {
  readonly keyAlgorithm: KeyAlgorithm;
  private readonly key: KeyObject;
  private readonly cert: Uint8Array;
  private readonly intermediates: Uint8Array[];

  constructor(options: SoftwareSignerOptions) {
    const k = options.privateKey;
    this.key = typeof k === 'string' ? createPrivateKey(k) : k instanceof KeyObject ? k : KeyObject.from(k);
    const type = this.key.asymmetricKeyType;
    if (type === 'rsa') this.keyAlgorithm = 'RSA';
    else if (type === 'ec') this.keyAlgorithm = 'ECDSA';
    else
      throw new PadesError('pades.key_unsupported', `Loại khoá "${String(type)}" chưa được hỗ trợ (chỉ RSA, ECDSA).`);
    this.cert = options.certificate;
    this.intermediates = options.chain ?? [];
  }

  async certificate(): Promise<Uint8Array> {
    return this.cert;
  }

  async chain(): Promise<Uint8Array[]> {
    return this.intermediates;
  }

  async sign(dataToSign: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(nodeSign('sha256', dataToSign, { key: this.key, dsaEncoding: 'der' }));
  }
}
