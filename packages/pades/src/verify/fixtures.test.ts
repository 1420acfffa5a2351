import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyPdf } from './verify';
import type { VerifyReport } from './model';

const dir = new URL('../../../../../shared/fixtures/pdf-signatures/', import.meta.url);

async function verifyFixture(name: string): Promise<VerifyReport> {
  return verifyPdf(new Uint8Array(readFileSync(new URL(name, dir))), { trustAnchors: [] });
}

const codes = (r: VerifyReport, i: number): string[] => r.signatures[i]!.reasons.map((x) => x.code);

describe('EU DSS attack and format fixtures', () => {
  it('pdf-spoofing-attack.pdf: the forged signature dictionary is not valid and undefined changes are reported', async () => {
    const r = await verifyFixture('pdf-spoofing-attack.pdf');
    expect(r.valid).toBe(false);
    expect(r.signatures).toHaveLength(1);
    const s = r.signatures[0]!;
    expect(s.verdict).toBe('invalid');
    expect(s.integrity.ok).toBe(false);
    expect(codes(r, 0)).toContain('sig.dict_not_in_signed_revision');
    expect(s.changesAfter.some((c) => c.kind === 'undefined' && !c.allowed)).toBe(true);
  });

  it('pdf-signed-added-page.pdf: page 2 added after signing → invalid with page difference', async () => {
    const r = await verifyFixture('pdf-signed-added-page.pdf');
    const s = r.signatures[0]!;
    expect(s.integrity.ok).toBe(true);
    expect(s.verdict).toBe('invalid');
    expect(codes(r, 0)).toContain('sig.page_added');
    expect(s.changesAfter).toContainEqual({ kind: 'page_added', allowed: false, detail: 'trang 2' });
  });

  it('pades-signed-annot-added.pdf: signature intact, annotation changes listed as allowed, nothing undefined', async () => {
    const r = await verifyFixture('pades-signed-annot-added.pdf');
    expect(r.signatures).toHaveLength(1);
    const s = r.signatures[0]!;
    expect(s.integrity.ok).toBe(true);
    expect(s.changesAfter.length).toBeGreaterThan(0);
    expect(s.changesAfter.every((c) => c.allowed)).toBe(true);
    expect(s.changesAfter.map((c) => c.kind)).toContain('annotation');
    expect(s.changesAfter.map((c) => c.kind)).not.toContain('undefined');
    expect(s.verdict).toBe('indeterminate');
    expect(codes(r, 0)).toEqual(['sig.chain_untrusted']);
  });

  it('pdf-byterange-overlap.pdf: exactly one of the two signatures fails', async () => {
    const r = await verifyFixture('pdf-byterange-overlap.pdf');
    expect(r.signatures).toHaveLength(2);
    const failing = r.signatures.filter((s) => s.verdict === 'invalid');
    expect(failing).toHaveLength(1);
    expect(failing[0]!.integrity.ok).toBe(false);
    const other = r.signatures.find((s) => s.verdict !== 'invalid')!;
    expect(other.integrity.ok).toBe(true);
    expect(other.verdict).toBe('indeterminate');
  });

  it('pkcs7_sha1.pdf: two signatures (adbe.pkcs7.sha1 and adbe.pkcs7.detached), SHA-1 flagged', async () => {
    const r = await verifyFixture('pkcs7_sha1.pdf');
    expect(r.signatures.map((s) => s.subFilter)).toEqual(['adbe.pkcs7.sha1', 'adbe.pkcs7.detached']);
    for (const [i, s] of r.signatures.entries()) {
      expect(s.integrity).toEqual({ ok: true, digestAlgorithm: 'sha1' });
      expect(codes(r, i)).toContain('sig.weak_digest');
      expect(s.verdict).not.toBe('valid');
    }
  });

  it.each(['PAdES-LT.pdf', 'pades-ltv.pdf'])(
    '%s: DSS found, integrity intact, chain untrusted → indeterminate',
    async (name) => {
      const r = await verifyFixture(name);
      expect(r.dss.present).toBe(true);
      expect(r.dss.certs).toBeGreaterThan(0);
      expect(r.dss.ocsps + r.dss.crls).toBeGreaterThan(0);
      for (const s of r.signatures) {
        expect(s.integrity.ok).toBe(true);
        expect(s.changesAfter.every((c) => c.allowed)).toBe(true);
        expect(s.chain.trusted).toBe(false);
        expect(s.verdict).toBe('indeterminate');
      }
      expect(r.signatures.some((s) => s.type === 'doc_timestamp')).toBe(true);
    },
  );
});
