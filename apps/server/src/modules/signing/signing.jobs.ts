import { z } from 'zod';
import type { Deps } from '../../deps';
import { onFileRecorded } from '../blobs';
import { enqueue } from '../jobs';
import { blobSize, readBlob, storeReport } from './signing.reports';
import { trustStoreFor } from './signing.trust';
import { defineVisualJob } from './signing.visual';

export const VERIFY_PDF = 'signing.verify_pdf';

/**
 * signing.verify_pdf {sha256}: queued in the transaction that records a PDF (upload, exchange) which may carry a
 * signature; one without any (PutResult.signatureMarker) is verified on demand when its panel is opened.
 */
export function registerSigningJobs(deps: Deps): void {
  onFileRecorded('signing', async (trx, f) => {
    if (f.put.mime === 'application/pdf' && f.put.signatureMarker !== false)
      await enqueue(trx, VERIFY_PDF, { sha256: f.put.sha256 }, { organId: f.organId, uniqueKey: f.put.sha256 });
  });
  deps.jobs.define({
    kind: VERIFY_PDF,
    schema: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    maxAttempts: 3,
    handler: async ({ sha256 }) => {
      const trust = await trustStoreFor(deps);
      const done = await deps.db
        .selectFrom('signature_reports')
        .select('sha256')
        .where('sha256', '=', sha256)
        .where('trust_fingerprint', '=', trust.fingerprint)
        .executeTakeFirst();
      if (done) return;
      const size = await blobSize(deps, sha256);
      // Too large to verify in memory: left for an on-demand check (which answers signing.file_too_large).
      if (size !== null && size > deps.config.signing.verifyMaxBytes) return;
      await storeReport(deps, sha256);
    },
  });
  defineVisualJob(deps, (sha256) => readBlob(deps, sha256));
}
