import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createHash, randomBytes } from 'node:crypto';
import { toArrayBuffer } from '../cms/der';
import { PadesError } from '../errors';
import { OID } from '../oids';
import { checkTimestampToken } from './tst';

const TIMEOUT_MS = 15_000;

export function timestampRequest(data: Uint8Array, nonce: Uint8Array): Uint8Array {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({
        valueHex: toArrayBuffer(new Uint8Array(createHash('sha256').update(data).digest())),
      }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  return new Uint8Array(req.toSchema().toBER(false));
}

/** Asks an RFC 3161 TSA to stamp `data` (the signature value); returns the token (ContentInfo DER). */
export async function requestTimestamp(url: string, data: Uint8Array): Promise<Uint8Array> {
  const nonce = randomBytes(8);
  nonce[0] = nonce[0]! & 0x7f;
  let body: Uint8Array;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(timestampRequest(data, nonce)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new PadesError('pades.tsa_unreachable', 'Không kết nối được máy chủ cấp dấu thời gian (TSA).', { cause: e });
  }
  try {
    const asn = asn1js.fromBER(toArrayBuffer(body));
    const resp = new pkijs.TimeStampResp({ schema: asn.result });
    if (resp.status.status > 1 || !resp.timeStampToken) throw new Error(`status ${resp.status.status}`);
    const token = new Uint8Array(resp.timeStampToken.toSchema().toBER(false));
    const info = checkTimestampToken(token, data);
    if (!info.valid || !info.bound) throw new Error('token does not match the request');
    if (info.nonce !== BigInt('0x' + nonce.toString('hex'))) throw new Error('nonce mismatch');
    return token;
  } catch (e) {
    throw new PadesError('pades.tsa_response_invalid', 'Phản hồi của máy chủ dấu thời gian không hợp lệ.', {
      cause: e,
    });
  }
}
