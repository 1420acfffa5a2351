import type { KeyAlgorithm } from '../cms/algorithms';

/**
 * Anything that can produce a signature over the DER signed attributes.
 * `sign` receives the DER SET OF signed attributes (not its hash) and returns
 * the raw signature value: PKCS#1 v1.5 for RSA, DER (r, s) for ECDSA, SHA-256.
 */
export interface Signer {
  readonly keyAlgorithm: KeyAlgorithm;
  certificate(): Promise<Uint8Array>;
  /** Intermediate certificates (DER), signer's issuer first; the root may be left out. */
  chain(): Promise<Uint8Array[]>;
  sign(dataToSign: Uint8Array): Promise<Uint8Array>;
}
