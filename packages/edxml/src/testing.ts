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
export function miniEdoc(opts: { header?: string; manifest?: string; attachments?: string; subject?: string } = {}): string {
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
    messageHeader: { from: { organId: '000.00.00.G22' }, to: [{ organId: '000.00.00.H41' }], code: { codeNumber: '1', codeNotation: 'VPCP-TH' }, subject: 'Gói lớn' },
  };
  await pipeline(buildEdoc(meta, [{ name: 'lon.pdf', contentType: 'application/pdf', source }]), createWriteStream(target));
  return hash.digest('hex');
}
