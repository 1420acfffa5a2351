// Helpers shared by this package's tests and the benchmark (not part of the public API).
import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { buildEdoc } from './build-edoc';
import { EDXML_NS } from './names';

export const FIXTURES = new URL('../../../../shared/fixtures/edxml/', import.meta.url);

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(name, FIXTURES));
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Set of element paths (local names joined by "/") in an XML text; attribute-free, namespace-free. */
export function elementPaths(xml: string): Set<string> {
  const paths = new Set<string>();
  const stack: string[] = [];
  const p = new SaxesParser({ xmlns: true });
  p.on('error', () => undefined);
  p.on('opentag', (t) => {
    stack.push(t.local);
    paths.add(stack.join('/'));
  });
  p.on('closetag', () => stack.pop());
  p.write(xml.slice(xml.indexOf('<'))).close();
  return paths;
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** A minimal edoc package; `attachments` is raw XML placed inside AttachmentEncoded, `manifest` inside edXMLManifest. */
export function miniEdoc(
  opts: { header?: string; manifest?: string; attachments?: string; subject?: string } = {},
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="${EDXML_NS}"><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}"><edXML:edXMLHeader>
<edXML:MessageHeader>${
    opts.header ??
    `<edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId></edXML:From>
<edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId></edXML:To>
<edXML:DocumentId>000.00.00.G22,2024/01/02,12/VPCP-TH</edXML:DocumentId>
<edXML:Code><edXML:CodeNumber>12</edXML:CodeNumber><edXML:CodeNotation>VPCP-TH</edXML:CodeNotation></edXML:Code>
<edXML:Subject>${opts.subject ?? 'Thử nghiệm'}</edXML:Subject>`
  }</edXML:MessageHeader>
<edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:Timestamp>2024/01/02 08:00:00</edXML:Timestamp></edXML:TraceHeader></edXML:TraceHeaderList>
</edXML:edXMLHeader><edXML:edXMLBody><edXML:edXMLManifest version="1.0">${opts.manifest ?? ''}</edXML:edXMLManifest></edXML:edXMLBody></edXML:edXMLEnvelope>
<AttachmentEncoded>${opts.attachments ?? ''}</AttachmentEncoded></edXML>`;
}

export function attachmentXml(cid: string, name: string, base64: string, contentType = 'application/pdf'): string {
  return `<Attachment><ContentId>cid:${cid}</ContentId><AttachmentName>${name}</AttachmentName><ContentType>${contentType}</ContentType><ContentTransferEncoded>${base64}</ContentTransferEncoded></Attachment>`;
}

export function referenceXml(cid: string, name: string, contentType = 'application/pdf'): string {
  return `<edXML:Reference><edXML:ContentId>cid:${cid}</edXML:ContentId><edXML:ContentType>${contentType}</edXML:ContentType><edXML:AttachmentName>${name}</edXML:AttachmentName></edXML:Reference>`;
}

export function textStream(s: string, chunk = 4096): Readable {
  const buf = Buffer.from(s);
  async function* gen(): AsyncGenerator<Buffer> {
    for (let i = 0; i < buf.length; i += chunk) yield buf.subarray(i, i + chunk);
  }
  return Readable.from(gen(), { objectMode: false });
}

/** Deterministic pseudo-random bytes, streamed (for large attachments without holding them). */
export function patternStream(totalBytes: number, chunk = 1 << 20): Readable {
  let seed = 0x9e3779b9;
  async function* gen(): AsyncGenerator<Buffer> {
    for (let done = 0; done < totalBytes; done += chunk) {
      const n = Math.min(chunk, totalBytes - done);
      const b = Buffer.allocUnsafe(n);
      for (let i = 0; i + 4 <= n; i += 4) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        b.writeUInt32LE(seed, i);
      }
      for (let i = n - (n % 4); i < n; i++) b[i] = i & 0xff;
      yield b;
    }
  }
  return Readable.from(gen(), { objectMode: false });
}

/** Writes a package with one attachment of `bytes` pseudo-random bytes to `target`; returns the attachment's SHA-256. */
export async function writeLargePackage(target: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const tee = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  const source = patternStream(bytes).pipe(tee);
  const meta = {
    messageHeader: {
      from: { organId: '000.00.00.G22' },
      to: [{ organId: '000.00.00.H41' }],
      code: { codeNumber: '1', codeNotation: 'VPCP-TH' },
      subject: 'Gói lớn',
    },
  };
  await pipeline(
    buildEdoc(meta, [{ name: 'lon.pdf', contentType: 'application/pdf', source }]),
    createWriteStream(target),
  );
  return hash.digest('hex');
}

/** A test RSA key and a self-signed certificate (PEM) for envelope-signature tests. */
export async function testSigningKey(cn = 'Văn thư thử nghiệm'): Promise<{ privateKey: string; certificate: string }> {
  const x509 = await import('@peculiar/x509');
  const { webcrypto } = await import('node:crypto');
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${cn}`,
    notBefore: new Date('2024-01-01'),
    notAfter: new Date('2034-01-01'),
    signingAlgorithm: alg,
    keys,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    privateKey: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`,
    certificate: cert.toString('pem'),
  };
}

/** Signs a package as QCVN 102 describes: XMLDSig enveloped over the whole document, Signature in edXMLHeader. */
export async function signEdxml(
  xml: string,
  key: { privateKey: string; certificate: string },
  opts: { sha1?: boolean; uri?: string } = {},
): Promise<string> {
  const { SignedXml } = await import('xml-crypto');
  const sx = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.certificate,
    signatureAlgorithm: opts.sha1
      ? 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'
      : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  });
  sx.addReference({
    xpath: opts.uri ? "//*[local-name()='MessageHeader']" : '/*',
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
    ],
    digestAlgorithm: opts.sha1 ? 'http://www.w3.org/2000/09/xmldsig#sha1' : 'http://www.w3.org/2001/04/xmlenc#sha256',
    ...(opts.uri ? {} : { uri: '', isEmptyUri: true }),
  });
  sx.computeSignature(xml, { location: { reference: "//*[local-name()='edXMLHeader']", action: 'append' } });
  return sx.getSignedXml();
}
