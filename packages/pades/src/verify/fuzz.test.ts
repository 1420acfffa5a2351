import { describe, expect, it } from 'vitest';
import { signPdf } from '../sign/sign';
import { runFuzz } from '../testing/fuzz';
import { createTestPki, softwareSigner } from '../testing/pki';
import { samplePdf } from '../testing/pdfs';

// 2,000 mutations here (~10 s); bench/pades.bench.ts runs the full 10,000 (pades.fuzz metrics).
const ITERATIONS = 2000;

describe('robustness against random mutations', () => {
  it(`${ITERATIONS} mutations of a twice-signed PDF never crash, never take 2 s, never pass a changed signed range as valid`, async () => {
    const pki = await createTestPki();
    let pdf = await samplePdf({ objectStreams: false });
    pdf = await signPdf(pdf, { signer: softwareSigner(pki.signer, [pki.intermediate]) });
    pdf = await signPdf(pdf, { signer: softwareSigner(pki.organ, [pki.intermediate]) });
    const result = await runFuzz(
      pdf,
      { trustAnchors: [pki.root.cert], revocationPolicy: 'lenient' },
      ITERATIONS,
      20261121,
    );
    expect(result.crashes).toEqual([]);
    expect(result.falseValid).toEqual([]);
    expect(result.maxMs).toBeLessThan(2000);
    // the mutations do exercise both outcomes
    expect(result.verdicts.invalid).toBeGreaterThan(ITERATIONS / 4);
    expect(result.verdicts.valid).toBeGreaterThan(0);
  }, 120_000);
});
