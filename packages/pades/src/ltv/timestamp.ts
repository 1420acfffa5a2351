/**
 * RFC 3161 on the signing side: a Timestamper is whatever turns bytes into a timestamp token (a TSA over HTTP,
 * or an in-process TSA in demo mode), and respondTimestamp answers a TimeStampReq with a TimeStampResp signed by
 * a TSA identity (the demo TSA of the server, the test TSA of the tests).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createHash, randomBytes, sign as nodeSign, type KeyObject } from 'node:crypto';
import { assembleSignedData, buildSignedAttributes } from '../cms/build';
import { generalizedTime, int, intFromBytes, oid, seq, toArrayBuffer } from '../cms/der';
import { PadesError } from '../errors';
import { OID } from '../oids';
import { checkTimestampToken } from '../revocation/tst';
import { requestTimestamp, timestampRequest } from '../revocation/tsa';

/** Stamps `data` (a signature value, or the bytes of a ByteRange): answers the token (CMS ContentInfo DER). */
export type Timestamper = (data: Uint8Array) => Promise<Uint8Array>;

/** A Timestamper asking an RFC 3161 TSA over HTTP (application/timestamp-query). */
export function tsaTimestamper(url: string): Timestamper {
  return (data) => requestTimestamp(url, data);
}

export interface TsaIdentity {
  certificate: Uint8Array; // DER, with extended key usage id-kp-timeStamping
  privateKey: KeyObject; // RSA or EC
  chain?: Uint8Array[]; // intermediates (and the root, if wanted) to embed
  /** TSA policy OID written into TSTInfo. */
  policy?: string;
}

/** DEMO/TEST policy OID (private arc of the project). */
export const VANTHU_TSA_POLICY = '1.3.6.1.4.1.99999.1';

/**
 * Answers a DER TimeStampReq with a DER TimeStampResp (status granted) whose token is signed by `tsa` at `now`.
 * A request that is not a TimeStampReq or asks for another hash than SHA-256/384/512 gets status rejection (2).
 */
export function respondTimestamp(tsa: TsaIdentity, request: Uint8Array, now: Date): Uint8Array {
  let req: pkijs.TimeStampReq;
  try {
    const asn = asn1js.fromBER(toArrayBuffer(request));
    if (asn.offset === -1) throw new Error('not BER');
    req = new pkijs.TimeStampReq({ schema: asn.result });
  } catch {
    return seq(seq(int(2)));
  }
  const alg = req.messageImprint.hashAlgorithm.algorithmId;
  if (![OID.sha256, OID.sha384, OID.sha512].includes(alg as typeof OID.sha256)) return seq(seq(int(2)));
  const imprint = new Uint8Array(req.messageImprint.toSchema().toBER(false));
  const nonce = req.nonce ? [new Uint8Array(req.nonce.toBER(false))] : [];
  const serial = randomBytes(10);
  serial[0] = serial[0]! & 0x7f;
  const tstInfo = seq(
    int(1),
    oid(tsa.policy ?? VANTHU_TSA_POLICY),
    imprint,
    intFromBytes(serial),
    generalizedTime(now),
    ...nonce,
  );
  const signedAttributes = buildSignedAttributes({
    digest: new Uint8Array(createHash('sha256').update(tstInfo).digest()),
    signerCertificate: tsa.certificate,
    contentType: OID.tstInfo,
  });
  const keyAlgorithm = tsa.privateKey.asymmetricKeyType === 'ec' ? 'ECDSA' : 'RSA';
  const token = assembleSignedData({
    signedAttributes,
    signature: new Uint8Array(nodeSign('sha256', signedAttributes, { key: tsa.privateKey, dsaEncoding: 'der' })),
    signerCertificate: tsa.certificate,
    certificates: [tsa.certificate, ...(tsa.chain ?? [])],
    keyAlgorithm,
    eContentType: OID.tstInfo,
    eContent: tstInfo,
  });
  return seq(seq(int(0)), token);
}

/**
 * A Timestamper answered in process by `tsa` (no HTTP): the same request and the same checks of the answer as
 * over HTTP (imprint, nonce, token signature), so a broken responder fails the same way.
 */
export function localTimestamper(
  tsa: TsaIdentity | (() => Promise<TsaIdentity>),
  clock: () => Date = () => new Date(),
): Timestamper {
  return async (data) => {
    const id = typeof tsa === 'function' ? await tsa() : tsa;
    const nonce = randomBytes(8);
    nonce[0] = nonce[0]! & 0x7f;
    const resp = pkijs.TimeStampResp.fromBER(
      toArrayBuffer(respondTimestamp(id, timestampRequest(data, nonce), clock())),
    );
    if (resp.status.status > 1 || !resp.timeStampToken)
      throw new PadesError('pades.tsa_response_invalid', 'Phản hồi của máy chủ dấu thời gian không hợp lệ.');
    const token = new Uint8Array(resp.timeStampToken.toSchema().toBER(false));
    const info = checkTimestampToken(token, data);
    if (!info.valid || !info.bound || info.nonce !== BigInt('0x' + nonce.toString('hex')))
      throw new PadesError('pades.tsa_response_invalid', 'Phản hồi của máy chủ dấu thời gian không hợp lệ.');
    return token;
  };
}
