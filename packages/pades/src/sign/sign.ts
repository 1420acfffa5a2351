import type { Signer } from '../signers/signer';
import { addDss, type DssOptions } from '../ltv/dss';
import { buildCms, embedCms } from './complete';
import { prepareSignature, type PrepareOptions } from './prepare';
import { requestTimestamp } from '../revocation/tsa';
import type { Timestamper } from '../ltv/timestamp';

export interface SignOptions extends Omit<PrepareOptions, 'certificate' | 'timestamp'> {
  signer: Signer;
  /** RFC 3161 TSA: adds a signature-time-stamp (PAdES B-T). */
  tsaUrl?: string;
  /** Any other source of RFC 3161 tokens (e.g. an in-process TSA); used when tsaUrl is absent. */
  timestamper?: Timestamper;
  /** Adds a DSS with certificates and OCSP responses in a further update (PAdES B-LT). */
  ltv?: boolean | DssOptions;
}

/** Signs a PDF as an incremental update (PAdES B-B, B-T with tsaUrl, B-LT with ltv). */
export async function signPdf(pdf: Uint8Array, options: SignOptions): Promise<Uint8Array> {
  const { signer } = options;
  const certificate = await signer.certificate();
  const chain = await signer.chain();
  const prep = await prepareSignature(pdf, {
    ...options,
    certificate,
    timestamp: !!(options.tsaUrl || options.timestamper),
  });
  const signature = await signer.sign(prep.toBeSigned);
  const token = options.tsaUrl
    ? await requestTimestamp(options.tsaUrl, signature)
    : options.timestamper
      ? await options.timestamper(signature)
      : undefined;
  const cms = buildCms(prep, { signature, keyAlgorithm: signer.keyAlgorithm, chain }, token);
  const signed = embedCms(prep.prepared, cms, certificate);
  if (!options.ltv) return signed;
  const dssOptions = typeof options.ltv === 'object' ? options.ltv : {};
  return addDss(signed, dssOptions);
}
