import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { latin1 } from '../pdf/bytes';
import { signPdf } from '../sign/sign';
import { createTestPki, softwareSigner } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';
import { startTestServers } from '../testing/servers';
import { certRefs, certRefsAsn1 } from './certinfo';
import { childrenOf, oidText, readTlv } from './fastder';
import { parseCms, parseCmsAsn1, parseCmsDer } from './parse';

const fixtures = new URL('../../../../../shared/fixtures/pdf-signatures/', import.meta.url);

/** The /Contents of every signature dictionary in a PDF, decoded (zero padding included, as verification reads it). */
function contentsOf(pdf: Uint8Array): Uint8Array[] {
  return [...latin1(pdf).matchAll(/\/Contents\s*<([0-9A-Fa-f\s]{200,})>/g)].map(
    (m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'hex')),
  );
}

describe('fast DER outline of CMS and certificates', () => {
  it('gives the same result as asn1js for the DSS fixtures and our signatures (with a timestamp token)', async () => {
    const servers = await startTestServers();
    try {
      const pki = await createTestPki({ ocspUrl: servers.ocspUrl });
      servers.setPki(pki);
      const ours = await signPdf(await samplePdf(), {
        signer: softwareSigner(pki.signer, [pki.intermediate]),
        tsaUrl: servers.tsaUrl,
      });
      const cmss = [
        ...readdirSync(fixtures)
          .filter((f) => f.endsWith('.pdf'))
          .flatMap((f) => contentsOf(new Uint8Array(readFileSync(new URL(f, fixtures))))),
        ...contentsOf(ours),
      ];
      expect(cmss.length).toBeGreaterThanOrEqual(10);
      let fast = 0;
      for (const cms of cmss) {
        let reference: ReturnType<typeof parseCmsAsn1> | null = null;
        try {
          reference = parseCmsAsn1(cms);
        } catch {
          // not a SignedData asn1js can read: the fast path must not invent one
        }
        const d = parseCmsDer(cms);
        if (d) {
          fast++;
          expect(d).toEqual(reference);
          for (const c of d.certificates) expect(certRefs(c)).toEqual(certRefsAsn1(c));
        }
        if (reference) expect(parseCms(cms)).toEqual(reference);
      }
      expect(fast).toBeGreaterThanOrEqual(8);
      expect(parseCmsDer(contentsOf(ours)[0]!)?.unsignedAttributes.map((a) => a.type)).toEqual([
        '1.2.840.113549.1.9.16.2.14',
      ]);
    } finally {
      await servers.close();
    }
  }, 60_000);

  it('leaves BER (indefinite lengths) to asn1js, with the same answer', async () => {
    const pki = await createTestPki();
    const pdf = await signPdf(await samplePdf(), { signer: softwareSigner(pki.signer, [pki.intermediate]) });
    const der = contentsOf(pdf)[0]!;
    const t = readTlv(der, 0)!;
    const ber = new Uint8Array([0x30, 0x80, ...der.subarray(t.body, t.end), 0, 0]);
    expect(parseCmsDer(ber)).toBeNull();
    expect(parseCms(ber)).toEqual(parseCmsAsn1(der));
  }, 60_000);

  it('reads tags, lengths and OIDs, and refuses what is not plain DER', () => {
    const b = new Uint8Array([0x30, 0x06, 0x06, 0x04, 0x2a, 0x86, 0x48, 0x01]);
    const seq = readTlv(b, 0)!;
    expect(seq).toEqual({ tag: 0x30, constructed: true, start: 0, body: 2, end: 8 });
    expect(oidText(b, childrenOf(b, seq)![0])).toBe('1.2.840.1');
    expect(readTlv(new Uint8Array([0x30, 0x80, 0, 0]), 0)).toBeNull();
    expect(readTlv(new Uint8Array([0x30, 0x05, 0]), 0)).toBeNull();
    expect(readTlv(new Uint8Array([0x1f, 0x01, 0]), 0)).toBeNull();
    expect(
      childrenOf(
        new Uint8Array([0x30, 0x03, 0x02, 0x05, 0x00]),
        readTlv(new Uint8Array([0x30, 0x03, 0x02, 0x05, 0x00]), 0),
      ),
    ).toBeNull();
    const big = new Uint8Array([0x04, 0x82, 0x01, 0x00, ...new Uint8Array(256)]);
    expect(readTlv(big, 0)?.end).toBe(260);
  });
});
