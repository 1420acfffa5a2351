/** An RFC 3161 TSA and an OCSP responder on 127.0.0.1 for tests. */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createHash, sign as nodeSign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assembleSignedData, buildSignedAttributes } from '../cms/build';
import { certRefs } from '../cms/certinfo';
import { derNull, explicit, generalizedTime, int, octets, oid, seq, tlv, toArrayBuffer } from '../cms/der';
import { OID } from '../oids';
import type { TestIdentity, TestPki } from './pki';

export interface TestServers {
  ocspUrl: string;
  tsaUrl: string;
  /** Must be called once the PKI (whose AIA names ocspUrl) exists. */
  setPki(pki: TestPki): void;
  revoke(cert: Uint8Array, at: Date): void;
  /** Clock used for genTime / producedAt (default: real time). */
  clock: () => Date;
  hits: { ocsp: number; tsa: number };
  close(): Promise<void>;
}

function signWith(id: TestIdentity, data: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign('sha256', data, { key: id.privateKey, dsaEncoding: 'der' }));
}

function sigAlg(id: TestIdentity): Uint8Array {
  return id.alg === 'RSA' ? seq(oid(OID.sha256WithRSA), derNull()) : seq(oid(OID.ecdsaWithSha256));
}

function serialHex(der: Uint8Array): string {
  return Buffer.from(der).toString('hex');
}

export function ocspResponse(pki: TestPki, request: Uint8Array, revoked: Map<string, Date>, now: Date): Uint8Array {
  const req = pkijs.OCSPRequest.fromBER(toArrayBuffer(request));
  const singles = req.tbsRequest.requestList.map((r) => {
    const certIdDer = new Uint8Array(r.reqCert.toSchema().toBER(false));
    const serial = serialHex(new Uint8Array(r.reqCert.serialNumber.toBER(false)));
    const revokedAt = revoked.get(serial);
    const status = revokedAt ? tlv(0xa1, generalizedTime(revokedAt)) : Uint8Array.of(0x80, 0x00);
    return seq(
      certIdDer,
      status,
      generalizedTime(now),
      explicit(0, generalizedTime(new Date(now.getTime() + 86_400_000))),
    );
  });
  const tbs = seq(explicit(1, certRefs(pki.ocsp.cert).subject), generalizedTime(now), seq(...singles));
  const basic = seq(
    tbs,
    sigAlg(pki.ocsp),
    tlv(0x03, Uint8Array.of(0), signWith(pki.ocsp, tbs)),
    explicit(0, seq(pki.ocsp.cert)),
  );
  return seq(tlv(0x0a, Uint8Array.of(0)), explicit(0, seq(oid(OID.ocspBasic), octets(basic))));
}

let tsaSerial = 1;

export function timestampResponse(pki: TestPki, request: Uint8Array, now: Date): Uint8Array {
  const asn = asn1js.fromBER(toArrayBuffer(request));
  const req = new pkijs.TimeStampReq({ schema: asn.result });
  const imprint = new Uint8Array(req.messageImprint.toSchema().toBER(false));
  const nonce = req.nonce ? [new Uint8Array(req.nonce.toBER(false))] : [];
  const tstInfo = seq(int(1), oid('1.3.6.1.4.1.99999.1'), imprint, int(tsaSerial++), generalizedTime(now), ...nonce);
  const signedAttributes = buildSignedAttributes({
    digest: new Uint8Array(createHash('sha256').update(tstInfo).digest()),
    signerCertificate: pki.tsa.cert,
    contentType: OID.tstInfo,
  });
  const token = assembleSignedData({
    signedAttributes,
    signature: signWith(pki.tsa, signedAttributes),
    signerCertificate: pki.tsa.cert,
    certificates: [pki.tsa.cert, pki.intermediate.cert],
    keyAlgorithm: pki.tsa.alg,
    eContentType: OID.tstInfo,
    eContent: tstInfo,
  });
  return seq(seq(int(0)), token);
}

async function readBody(req: import('node:http').IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

export async function startTestServers(): Promise<TestServers> {
  let pki: TestPki | null = null;
  const revoked = new Map<string, Date>();
  const state: TestServers = {
    ocspUrl: '',
    tsaUrl: '',
    setPki: (p) => {
      pki = p;
    },
    revoke: (cert, at) => revoked.set(serialHex(certRefs(cert).serial), at),
    clock: () => new Date(),
    hits: { ocsp: 0, tsa: 0 },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        if (!pki) throw new Error('PKI not set');
        let out: Uint8Array;
        if (req.url?.startsWith('/ocsp')) {
          state.hits.ocsp++;
          out = ocspResponse(pki, body, revoked, state.clock());
          res.setHeader('content-type', 'application/ocsp-response');
        } else {
          state.hits.tsa++;
          out = timestampResponse(pki, body, state.clock());
          res.setHeader('content-type', 'application/timestamp-reply');
        }
        res.end(Buffer.from(out));
      } catch (e) {
        res.statusCode = 500;
        res.end(String(e));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.ocspUrl = `http://127.0.0.1:${port}/ocsp`;
  state.tsaUrl = `http://127.0.0.1:${port}/tsa`;
  return state;
}
