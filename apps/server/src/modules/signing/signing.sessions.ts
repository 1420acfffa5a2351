/**
 * Deferred signing: the server prepares the PDF (placeholder, pinned signing time) and answers the DER
 * signed attributes; a signer outside the server (vanthu-signer, a token) signs them; the server embeds
 * the CMS, verifies it (integrity and the announced certificate) and stores the signed PDF.
 */
import { X509Certificate } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  PadesError,
  completeSignature,
  prepareSignature,
  type AppearanceOptions,
  type PreparedSignature,
  type Rect,
  type StampOptions,
} from '@vanthu/pades';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { signingErrors } from './signing.errors';
import { organAppearance, personAppearance } from './signing.port';
import { ownsSession } from './signing.policy';
import { requireVisibleBlob, requireVisibleFile } from '../blobs';
import { AppError } from '../../http/errors';
import { readBlob, verifyStored } from './signing.reports';
import { overallVerdict, present, type PresentedReport } from './signing.present';
import { trustStoreFor } from './signing.trust';
import { timestamperFor } from './signing.ltv';

export const SESSION_TTL_MS = 10 * 60_000;

export type SessionAppearance =
  | { kind: 'signature'; rect: Rect; page?: number }
  | { kind: 'seal'; signerRect: Rect; page?: number }
  | { kind: 'stamp'; firstLine: string; extraLines?: string[] };

export interface CreateSessionInput {
  fileId?: string;
  sha256?: string;
  certificate: string; // base64 DER
  appearance?: SessionAppearance;
  reason?: string;
}

async function organName(deps: Deps, organId: string): Promise<string> {
  const o = await deps.db.selectFrom('organs').select('name').where('id', '=', organId).executeTakeFirstOrThrow();
  return o.name;
}

/** The file to sign: one the caller may see under the content decision (by id, or the newest visible file with these bytes). */
async function sourceFile(deps: Deps, p: Principal, input: CreateSessionInput) {
  let f;
  try {
    if (input.fileId) f = await requireVisibleFile(deps.db, p, input.fileId);
    else if (input.sha256) f = await requireVisibleBlob(deps.db, p, input.sha256);
    else throw signingErrors.notFound();
  } catch (e) {
    if (e instanceof AppError && e.code === 'blobs.not_found') throw signingErrors.notFound();
    throw e;
  }
  if (f.mime !== 'application/pdf') throw signingErrors.notPdf();
  return f;
}

async function putBytes(deps: Deps, trx: DbOrTrx, bytes: Uint8Array): Promise<string> {
  const put = await deps.blobs.put(Readable.from([Buffer.from(bytes)]), {
    allowed: ['pdf'],
    maxBytes: Math.max(bytes.length + 1, deps.config.uploadMaxBytes),
  });
  await trx
    .insertInto('blobs')
    .values({ sha256: put.sha256, size: put.size, mime: put.mime })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return put.sha256;
}

export async function createSession(deps: Deps, p: Principal, actor: Actor, input: CreateSessionInput) {
  const file = await sourceFile(deps, p, input);
  let cert: X509Certificate;
  const certDer = new Uint8Array(Buffer.from(input.certificate, 'base64'));
  try {
    cert = new X509Certificate(certDer);
  } catch {
    throw signingErrors.certificateInvalid();
  }
  const pdf = await readBlob(deps, file.sha256);
  const a = input.appearance;
  let appearance: AppearanceOptions | undefined;
  let stamp: StampOptions | undefined;
  if (a?.kind === 'signature') appearance = personAppearance({ fullName: p.fullName }, a);
  else if (a?.kind === 'seal') appearance = organAppearance({ name: '' }, { reason: '', seal: a }).appearance;
  else if (a?.kind === 'stamp')
    stamp = organAppearance({ name: await organName(deps, p.organId) }, { reason: '', stamp: a }).stamp;
  let prep: PreparedSignature;
  const timestamped = !!(await timestamperFor(deps, p.organId));
  try {
    prep = await prepareSignature(pdf, {
      certificate: certDer,
      signingTime: deps.now(),
      reason: input.reason,
      timestamp: timestamped,
      ...(appearance ? { appearance } : {}),
      ...(stamp ? { stamp } : {}),
    });
  } catch (e) {
    if (e instanceof PadesError) throw signingErrors.prepareFailed(e.message);
    throw e;
  }
  const expiresAt = new Date(deps.now().getTime() + SESSION_TTL_MS);
  const id = await deps.db.transaction().execute(async (trx) => {
    const preparedSha = await putBytes(deps, trx, prep.prepared);
    const row = await trx
      .insertInto('signing_sessions')
      .values({
        organ_id: p.organId,
        user_id: p.userId,
        source_sha256: file.sha256,
        source_file_id: file.id,
        prepared_sha256: preparedSha,
        byte_range: prep.byteRange,
        document_digest: Buffer.from(prep.documentDigest),
        to_be_signed: Buffer.from(prep.toBeSigned),
        certificate: Buffer.from(certDer),
        signing_time: prep.signingTime,
        field_name: prep.fieldName,
        expires_at: expiresAt,
        result_sha256: null,
        completed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'signing.session.create',
      entityType: 'signing_session',
      entityId: row.id,
      summary: `Bắt đầu ký số tệp ${file.name}`,
      after: { fileId: file.id, sha256: file.sha256, signer: cert.subject, field: prep.fieldName },
    });
    return row.id;
  });
  const keyAlgorithm: 'RSA' | 'ECDSA' = cert.publicKey.asymmetricKeyType === 'ec' ? 'ECDSA' : 'RSA';
  return {
    sessionId: id,
    toBeSigned: Buffer.from(prep.toBeSigned).toString('base64'),
    digestAlgorithm: 'SHA-256' as const,
    keyAlgorithm,
    fieldName: prep.fieldName,
    expiresAt: expiresAt.toISOString(),
  };
}

export interface CompleteInput {
  signature?: string; // base64 raw signature over toBeSigned
  cms?: string; // base64 CMS SignedData
  chain?: string[]; // base64 DER intermediates (with `signature`)
}

async function fail(deps: Deps, actor: Actor, id: string, err: Error & { code?: string }): Promise<never> {
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('signing_sessions')
      .set({ state: 'failed', completed_at: deps.now() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'signing.session.fail',
      entityType: 'signing_session',
      entityId: id,
      summary: 'Ký số không thành công',
      after: { code: err.code ?? 'error' },
    });
  });
  throw err;
}

export async function completeSession(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: CompleteInput,
): Promise<{ sha256: string; fileId: string; report: PresentedReport }> {
  const s = await deps.db.selectFrom('signing_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s || !ownsSession(p, s)) throw signingErrors.sessionNotFound();
  if (s.state !== 'open') throw signingErrors.sessionClosed();
  if (deps.now().getTime() > s.expires_at.getTime()) return fail(deps, actor, id, signingErrors.sessionExpired());
  const prepared = await readBlob(deps, s.prepared_sha256);
  const prep: PreparedSignature = {
    prepared,
    byteRange: s.byte_range as [number, number, number, number],
    documentDigest: new Uint8Array(s.document_digest),
    toBeSigned: new Uint8Array(s.to_be_signed),
    toBeSignedDigest: new Uint8Array(),
    signingTime: s.signing_time,
    fieldName: s.field_name,
    certificate: new Uint8Array(s.certificate),
  };
  const cert = new X509Certificate(s.certificate);
  let signed: Uint8Array;
  try {
    if (input.cms) signed = await completeSignature(prep, { cms: new Uint8Array(Buffer.from(input.cms, 'base64')) });
    else if (input.signature) {
      const chain = (input.chain ?? []).map((c) => new Uint8Array(Buffer.from(c, 'base64')));
      // PAdES B-T: the organ's TSA stamps the signature value (a TSA failure fails the session: nothing half-signed).
      const timestamper = await timestamperFor(deps, s.organ_id);
      signed = await completeSignature(prep, {
        signature: new Uint8Array(Buffer.from(input.signature, 'base64')),
        keyAlgorithm: cert.publicKey.asymmetricKeyType === 'ec' ? 'ECDSA' : 'RSA',
        chain,
        ...(timestamper ? { timestamper } : {}),
      });
    } else return fail(deps, actor, id, signingErrors.signatureInvalid('thiếu chữ ký'));
  } catch (e) {
    if (e instanceof PadesError)
      return fail(
        deps,
        actor,
        id,
        e.code === 'pades.certificate_mismatch'
          ? signingErrors.certificateMismatch()
          : signingErrors.signatureInvalid(e.message),
      );
    if (e instanceof AppError && e.code === 'signing.tsa_unavailable') return fail(deps, actor, id, e);
    throw e;
  }
  const report = await verifyStored(deps, signed);
  const mine = report.signatures.find((x) => x.fieldName === s.field_name);
  if (!mine?.integrityOk)
    return fail(deps, actor, id, signingErrors.signatureInvalid('kiểm tra sau khi ghép chữ ký không đạt'));
  if (mine.signerCertificate !== Buffer.from(s.certificate).toString('base64'))
    return fail(deps, actor, id, signingErrors.certificateMismatch());
  const trust = await trustStoreFor(deps);
  const verifiedAt = deps.now();
  const source = s.source_file_id
    ? await deps.db.selectFrom('files').select(['id', 'name']).where('id', '=', s.source_file_id).executeTakeFirst()
    : await deps.db
        .selectFrom('files')
        .select(['id', 'name'])
        .where('sha256', '=', s.source_sha256)
        .where('organ_id', '=', s.organ_id)
        .executeTakeFirst();
  const sourceName = source?.name ?? 'tai-lieu.pdf';
  const { fileId, sha256 } = await deps.db.transaction().execute(async (trx) => {
    const sha = await putBytes(deps, trx, signed);
    const name = sourceName.replace(/(\.signed)?(\.pdf)?$/i, '') + '.signed.pdf';
    const f = await trx
      .insertInto('files')
      .values({
        organ_id: s.organ_id,
        sha256: sha,
        name,
        mime: 'application/pdf',
        size: signed.length,
        uploaded_by: p.userId,
        derived_from: source?.id ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('signature_reports')
      .values({
        sha256: sha,
        trust_fingerprint: trust.fingerprint,
        verified_at: verifiedAt,
        verdict: overallVerdict(report),
        report: JSON.stringify(report),
      })
      .onConflict((oc) => oc.columns(['sha256', 'trust_fingerprint']).doNothing())
      .execute();
    await trx
      .updateTable('signing_sessions')
      .set({ state: 'completed', result_sha256: sha, completed_at: verifiedAt })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'signing.session.complete',
      entityType: 'signing_session',
      entityId: id,
      summary: `Ký số tệp ${sourceName}`,
      after: { sha256: sha, fileId: f.id, signer: cert.subject, verdict: mine.verdict },
    });
    return { fileId: f.id, sha256: sha };
  });
  return { sha256, fileId, report: present(report, verifiedAt) };
}
