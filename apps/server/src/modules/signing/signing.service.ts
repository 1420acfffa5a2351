/** Public service of the signing module (other modules call these, never the tables). */
import type { Deps } from '../../deps';
import { recordAudit, type Actor } from '../audit';
import { hasRole, type Principal } from '../auth';
import { AppError, forbidden } from '../../http/errors';
import { signingErrors } from './signing.errors';
import { requireVisibleFile } from '../blobs';
import { getSignatureReport, readBlob, storeReport } from './signing.reports';
import { signingPortFor, type OrganSignOptions } from './signing.port';
import { Readable } from 'node:stream';
import { present } from './signing.present';

export { getSignatureReport, verifyNow } from './signing.reports';
export {
  signingPortFor,
  type SigningPort,
  type SignResult,
  type PersonSigner,
  type OrganSignOptions,
} from './signing.port';
export { trustStoreFor, reloadTrustStore } from './signing.trust';
export { issueDemoOrganP12 } from './signing.demo';
export { addLtv, timestamperFor } from './signing.ltv';

/** The content decision (blobs.access.ts), answered with this module's 404 code. */
async function visibleFile(deps: Deps, p: Principal, fileId: string) {
  try {
    return await requireVisibleFile(deps.db, p, fileId);
  } catch (e) {
    if (e instanceof AppError && e.code === 'blobs.not_found') throw signingErrors.notFound();
    throw e;
  }
}

export async function reportForFile(deps: Deps, p: Principal, fileId: string) {
  const f = await visibleFile(deps, p, fileId);
  if (f.mime !== 'application/pdf') throw signingErrors.notPdf();
  return getSignatureReport(deps, f.sha256);
}

/** The văn thư applies the organ signature with the organ's server-held key (PKCS#11, or the demo key). */
export async function signFileAsOrgan(
  deps: Deps,
  p: Principal,
  actor: Actor,
  input: { fileId: string; reason: string } & Omit<OrganSignOptions, 'reason'>,
) {
  if (!hasRole(p, 'clerk')) throw forbidden('Chỉ văn thư được đóng dấu (ký số của cơ quan).');
  const f = await visibleFile(deps, p, input.fileId);
  if (f.mime !== 'application/pdf') throw signingErrors.notPdf();
  const organ = await deps.db
    .selectFrom('organs')
    .select(['id', 'name'])
    .where('id', '=', p.organId)
    .executeTakeFirstOrThrow();
  const result = await signingPortFor(deps).signAsOrgan(await readBlob(deps, f.sha256), organ, input);
  if (result.method !== 'pades') throw signingErrors.noOrganKey();
  const put = await deps.blobs.put(Readable.from([Buffer.from(result.pdf)]), {
    allowed: ['pdf'],
    maxBytes: Math.max(result.pdf.length + 1, deps.config.uploadMaxBytes),
  });
  const name = f.name.replace(/(\.signed)?(\.pdf)?$/i, '') + '.signed.pdf';
  const fileId = await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('blobs')
      .values({ sha256: put.sha256, size: put.size, mime: put.mime })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    const row = await trx
      .insertInto('files')
      .values({
        organ_id: p.organId,
        sha256: put.sha256,
        name,
        mime: 'application/pdf',
        size: put.size,
        uploaded_by: p.userId,
        derived_from: f.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'signing.organ_sign',
      entityType: 'file',
      entityId: row.id,
      summary: `Ký số của cơ quan lên tệp ${f.name}`,
      after: { source: f.sha256, sha256: put.sha256 },
    });
    return row.id;
  });
  const { report, verifiedAt } = await storeReport(deps, put.sha256, result.pdf);
  return { fileId, sha256: put.sha256, report: present(report, verifiedAt) };
}
