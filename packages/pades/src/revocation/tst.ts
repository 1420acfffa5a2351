import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createHash } from 'node:crypto';
import { bytesEqual } from '../cms/certinfo';
import { toArrayBuffer } from '../cms/der';
import { checkEncapsulated } from '../cms/encapsulated';
import { parseCms, type ParsedCms } from '../cms/parse';
import { DIGEST_BY_OID, OID } from '../oids';

export interface TokenInfo {
  cms: ParsedCms;
  genTime: Date;
  /** The token's signature and message digest are correct. */
  valid: boolean;
  /** messageImprint equals the hash of `imprintOf`. */
  bound: boolean;
  nonce: bigint | null;
  problem?: string;
}

/** Parses and checks an RFC 3161 token (ContentInfo) against the bytes it should stamp. */
export function checkTimestampToken(token: Uint8Array, imprintOf: Uint8Array): TokenInfo {
  const cms = parseCms(token);
  if (cms.eContentType !== OID.tstInfo || !cms.eContent) throw new Error('not a TSTInfo token');
  const asn = asn1js.fromBER(toArrayBuffer(cms.eContent));
  if (asn.offset === -1) throw new Error('TSTInfo is not BER');
  const tst = new pkijs.TSTInfo({ schema: asn.result });
  const alg = DIGEST_BY_OID[tst.messageImprint.hashAlgorithm.algorithmId];
  const imprint = new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  const bound = !!alg && bytesEqual(imprint, new Uint8Array(createHash(alg).update(imprintOf).digest()));
  const check = checkEncapsulated(cms);
  const nonce = tst.nonce
    ? BigInt('0x' + (Buffer.from(tst.nonce.valueBlock.valueHexView).toString('hex') || '0'))
    : null;
  return {
    cms,
    genTime: tst.genTime,
    valid: check.digestOk && check.signatureOk,
    bound,
    nonce,
    problem: check.problem,
  };
}
