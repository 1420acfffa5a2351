import type { X509Certificate } from 'node:crypto';
import { View, loadModel, type PdfModel } from './document';
import { analyzeChanges } from './changes';
import {
  buildChain,
  caConstraintsOk,
  cert,
  commonName,
  makePool,
  signingKeyUsageOk,
  validityAt,
  type CertPool,
} from './chain';
import { cmsRevocation } from './cmsrevocation';
import { readDss, type DssData } from './dss';
import { nameText, signatureFields, text, type SigField } from './fields';
import { checkIntegrity } from './integrity';
import type { Reason, SignatureReport, Verdict, VerifyOptions, VerifyReport } from './model';
import { INVALIDATING, reason } from './reasons';
import { revocationStatus } from './revocation';
import { signatureTimestamp, tsaTrusted } from './timestamp';
import { parsePdfDate } from '../pdf/dates';

const CHANGE_REASON = {
  page_added: 'sig.page_added',
  page_removed: 'sig.page_removed',
  page_content: 'sig.page_content_changed',
} as const;

function emptyReport(field: SigField): SignatureReport {
  return {
    fieldName: field.name,
    subFilter: '',
    type: 'signature',
    signerName: null,
    signerCertificate: null,
    signingTime: { claimed: null, timestamp: null },
    revision: null,
    byteRange: null,
    coversRevision: false,
    integrity: { ok: false, digestAlgorithm: null },
    changesAfter: [],
    chain: { ok: false, trusted: false, anchorSubject: null, validAtSigningTime: false, path: [] },
    keyUsage: { ok: false },
    revocation: { status: 'unknown', source: null },
    timestamp: { present: false, valid: false, boundToSignature: false, trusted: false, time: null },
    verdict: 'indeterminate',
    reasons: [],
  };
}

export function verdictOf(reasons: readonly Reason[]): Verdict {
  if (reasons.some((r) => INVALIDATING.has(r.code))) return 'invalid';
  return reasons.length > 0 ? 'indeterminate' : 'valid';
}

interface Ctx {
  model: PdfModel;
  final: View;
  pool: CertPool;
  dss: DssData;
  options: VerifyOptions;
  now: Date;
}

async function verifySignature(field: SigField, ctx: Ctx): Promise<SignatureReport> {
  const r = emptyReport(field);
  const sig = field.value!;
  r.subFilter = nameText(ctx.final.get(sig, 'SubFilter')) ?? '';
  r.type = r.subFilter === 'ETSI.RFC3161' ? 'doc_timestamp' : 'signature';
  const m = text(ctx.final.get(sig, 'M'));
  r.signingTime.claimed = m ? parsePdfDate(m) : null;
  const known = ['ETSI.CAdES.detached', 'adbe.pkcs7.detached', 'adbe.pkcs7.sha1', 'ETSI.RFC3161'];
  if (!known.includes(r.subFilter)) r.reasons.push(reason('sig.subfilter_unsupported', r.subFilter || '—'));

  const integrity = checkIntegrity(ctx.model, field, ctx.final);
  r.byteRange = integrity.byteRange;
  r.revision = integrity.revision;
  r.coversRevision = integrity.coversRevision;
  r.integrity = { ok: integrity.ok, digestAlgorithm: integrity.digest };
  r.reasons.push(...integrity.reasons);
  if (integrity.digest === 'sha1') r.reasons.push(reason('sig.weak_digest'));

  if (integrity.revision !== null) {
    r.changesAfter = analyzeChanges(ctx.model, integrity.revision);
    const forbidden = r.changesAfter.filter((c) => !c.allowed);
    for (const c of forbidden) {
      const code =
        c.kind in CHANGE_REASON ? CHANGE_REASON[c.kind as keyof typeof CHANGE_REASON] : 'sig.changes_not_allowed';
      if (!r.reasons.some((x) => x.code === code)) r.reasons.push(reason(code, c.detail));
    }
  }

  const cms = integrity.cms;
  if (!cms) return finish(r);
  const pool: CertPool = {
    anchors: ctx.pool.anchors,
    others: [...ctx.pool.others, ...cms.certificates.map(cert).filter((c): c is X509Certificate => c !== null)],
  };

  if (integrity.docTimestamp) {
    const info = integrity.docTimestamp;
    r.timestamp = {
      present: true,
      valid: info.valid,
      boundToSignature: info.bound,
      trusted: info.valid && tsaTrusted(info, pool),
      time: info.genTime,
    };
    r.signingTime.timestamp = info.genTime;
  } else {
    r.timestamp = signatureTimestamp(cms, pool);
    if (r.timestamp.present) {
      if (!r.timestamp.valid) r.reasons.push(reason('sig.timestamp_invalid'));
      else if (!r.timestamp.boundToSignature) r.reasons.push(reason('sig.timestamp_not_bound'));
      else if (!r.timestamp.trusted) r.reasons.push(reason('sig.timestamp_untrusted'));
      if (r.timestamp.valid && r.timestamp.boundToSignature) r.signingTime.timestamp = r.timestamp.time;
    }
  }

  const leafDer = cms.signerCertificate;
  const leaf = leafDer ? cert(leafDer) : null;
  if (!leaf || !leafDer) return finish(r);
  r.signerCertificate = leafDer;
  r.signerName = commonName(leaf);
  const at =
    (r.timestamp.trusted ? r.signingTime.timestamp : null) ??
    r.signingTime.claimed ??
    r.signingTime.timestamp ??
    ctx.now;

  const chain = buildChain(leaf, pool);
  const timeProblem = validityAt(chain.path, at);
  r.chain = {
    ok: chain.trusted && timeProblem === null && caConstraintsOk(chain.path),
    trusted: chain.trusted,
    anchorSubject: chain.anchor ? commonName(chain.anchor) : null,
    validAtSigningTime: timeProblem === null,
    path: chain.path.map(commonName),
  };
  if (!chain.trusted) r.reasons.push(reason('sig.chain_untrusted'));
  if (timeProblem === 'expired') r.reasons.push(reason('sig.cert_expired_at_signing'));
  if (timeProblem === 'not_yet_valid') r.reasons.push(reason('sig.cert_not_yet_valid'));
  if (chain.trusted && !caConstraintsOk(chain.path))
    r.reasons.push(reason('sig.chain_untrusted', 'chứng thư trung gian không phải CA'));
  if (r.type === 'signature') {
    r.keyUsage = { ok: signingKeyUsageOk(leaf) };
    if (!r.keyUsage.ok) r.reasons.push(reason('sig.key_usage'));
    const pub = leaf.publicKey;
    if (pub.asymmetricKeyType === 'rsa' && (pub.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
      r.reasons.push(reason('sig.weak_key'));
  } else {
    r.keyUsage = { ok: true };
  }

  if (chain.trusted && chain.path.length >= 2 && r.type === 'signature') {
    const issuerDer = new Uint8Array(chain.path[1]!.raw);
    const fromCms = cmsRevocation(cms);
    r.revocation = await revocationStatus(leafDer, issuerDer, at, {
      cmsCrls: fromCms.crls,
      cmsOcsps: fromCms.ocsps,
      dssCrls: ctx.dss.crls,
      dssOcsps: ctx.dss.ocsps,
      fetch: ctx.options.fetchRevocation ?? false,
    });
    if (r.revocation.status === 'revoked')
      r.reasons.push(reason('sig.cert_revoked', r.revocation.revokedAt?.toISOString()));
    if (r.revocation.status === 'unknown' && (ctx.options.revocationPolicy ?? 'strict') === 'strict')
      r.reasons.push(reason('sig.revocation_unknown'));
  }
  return finish(r);
}

function finish(r: SignatureReport): SignatureReport {
  r.verdict = verdictOf(r.reasons);
  return r;
}

/** Verifies every signature of a PDF. Never throws for bad input: problems become reasons. */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions): Promise<VerifyReport> {
  const report: VerifyReport = {
    valid: false,
    revisions: 0,
    signatures: [],
    problems: [],
    dss: { present: false, certs: 0, ocsps: 0, crls: 0 },
  };
  if (bytes.length > (options.maxBytes ?? 100 * 1024 * 1024)) {
    report.problems.push(reason('pdf.too_large'));
    return report;
  }
  if (!Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')) {
    report.problems.push(reason('pdf.not_pdf'));
    return report;
  }
  let model: PdfModel;
  let fields: SigField[];
  let final: View;
  let dss: DssData;
  try {
    model = await loadModel(bytes);
    report.revisions = model.revisions.length;
    final = new View(model, model.increments.length - 1);
    fields = signatureFields(final);
    // what a reader shows: the last revision (bytes after the last %%EOF belong to none) — its signatures too
    if (model.trailingData && model.revisions.length > 0) {
      for (const f of signatureFields(new View(model, model.revisions.length - 1)))
        if (!fields.some((g) => g.name === f.name)) fields.push(f);
    }
    dss = readDss(final);
  } catch {
    report.problems.push(reason('pdf.unreadable'));
    return report;
  }
  report.dss = { present: dss.present, certs: dss.certs.length, ocsps: dss.ocsps.length, crls: dss.crls.length };
  if (fields.length === 0) report.problems.push(reason('pdf.no_signatures'));
  const pool = makePool(options.trustAnchors, [...(options.intermediates ?? []), ...dss.certs]);
  const ctx: Ctx = { model, final, pool, dss, options, now: options.now ?? new Date() };
  for (const field of fields.slice(0, 200)) {
    try {
      report.signatures.push(await verifySignature(field, ctx));
    } catch (e) {
      const r = emptyReport(field);
      r.reasons.push(reason('sig.internal_error', e instanceof Error ? e.message : undefined));
      r.verdict = 'indeterminate';
      report.signatures.push(r);
    }
  }
  report.valid = report.signatures.length > 0 && report.signatures.every((s) => s.verdict === 'valid');
  return report;
}
