/** Verification of PDFs against the trust store, and the stored reports (signature_reports). */
import fs from 'node:fs';
import { AppError } from '../../http/errors';
import { verifyPdfIsolated } from '../blobs';
import type { Deps } from '../../deps';
import { overallVerdict, present, toStored, type PresentedReport, type StoredReport } from './signing.present';
import { trustStoreFor } from './signing.trust';
import { queueVisualCheck, visualFor } from './signing.visual';

/**
 * The verifier works on the whole file in memory, so files above config.signing.verifyMaxBytes are not verified
 * automatically (a 300 MB scan must not cost the server 300 MB); streaming verification of very large files is future work.
 */
export const tooLargeToVerify = (max: number) =>
  new AppError(
    'signing.file_too_large',
    413,
    `Tệp lớn hơn ${Math.round(max / 1024 / 1024)} MB: hệ thống không tự kiểm tra chữ ký số; hãy kiểm tra bằng công cụ pades verify.`,
  );

export async function blobSize(deps: Deps, sha256: string): Promise<number | null> {
  const p = deps.blobs.path?.(sha256);
  if (!p) return null;
  return (await fs.promises.stat(p)).size;
}

export async function readBlob(deps: Deps, sha256: string): Promise<Uint8Array> {
  const size = await blobSize(deps, sha256);
  if (size !== null && size > deps.config.signing.verifyMaxBytes)
    throw tooLargeToVerify(deps.config.signing.verifyMaxBytes);
  const chunks: Buffer[] = [];
  for await (const c of deps.blobs.open(sha256)) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Verifies bytes with the current trust store (nothing stored), in the verifier process (blobs.verifier). */
export async function verifyStored(deps: Deps, bytes: Uint8Array): Promise<StoredReport> {
  const trust = await trustStoreFor(deps);
  const r = await verifyPdfIsolated(bytes, {
    trustAnchors: trust.anchors,
    revocationPolicy: trust.revocationPolicy,
    now: deps.now(),
  });
  return toStored(r);
}

export async function verifyNow(deps: Deps, bytes: Uint8Array): Promise<PresentedReport> {
  return present(await verifyStored(deps, bytes), deps.now());
}

/** Verifies a blob and stores the report under the current trust-store fingerprint (idempotent). */
export async function storeReport(
  deps: Deps,
  sha256: string,
  bytes?: Uint8Array,
): Promise<{ report: StoredReport; verifiedAt: Date }> {
  const trust = await trustStoreFor(deps);
  const report = await verifyStored(deps, bytes ?? (await readBlob(deps, sha256)));
  const verifiedAt = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('signature_reports')
      .values({
        sha256,
        trust_fingerprint: trust.fingerprint,
        verified_at: verifiedAt,
        verdict: overallVerdict(report),
        report: JSON.stringify(report),
      })
      .onConflict((oc) =>
        oc
          .columns(['sha256', 'trust_fingerprint'])
          .doUpdateSet({ verified_at: verifiedAt, verdict: overallVerdict(report), report: JSON.stringify(report) }),
      )
      .execute();
    // a signed file also gets the visual second opinion, in the background (signing.visual)
    if (report.signatures.length) await queueVisualCheck(trx, sha256);
  });
  return { report, verifiedAt };
}

/** The stored report of a blob for the current trust store; verified on demand when missing. */
export async function getSignatureReport(deps: Deps, sha256: string): Promise<PresentedReport> {
  const trust = await trustStoreFor(deps);
  const row = await deps.db
    .selectFrom('signature_reports')
    .select(['report', 'verified_at'])
    .where('sha256', '=', sha256)
    .where('trust_fingerprint', '=', trust.fingerprint)
    .executeTakeFirst();
  const r = row ? { report: row.report as StoredReport, verifiedAt: row.verified_at } : await storeReport(deps, sha256);
  return { ...present(r.report, r.verifiedAt), visual: await visualFor(deps, sha256) };
}
