/**
 * Long-term validation at the server (issue 12):
 * - B-T: every signature the server completes gets a signature timestamp from the organ's TSA (settings), else
 *   VANTHU_TSA_URL, else in demo mode the demo TSA in process (a certificate of the demo CA with id-kp-timeStamping;
 *   it also answers RFC 3161 over HTTP at /api/signing/demo/tsa). No TSA configured: B-B, as before.
 * - B-LT: the issued (sealed) PDF gets a /DSS with the chains of its signatures and timestamps and their
 *   revocation data: OCSP when the certificate names a responder, else the CRL of its distribution point, fetched
 *   over HTTP and cached by URL (revocation_cache) until nextUpdate; a cached CRL older than the signature it must
 *   speak for is fetched again (time-bound). The demo CA publishes its CRL at /api/signing/demo/ca.crl.
 */
import * as x509 from '@peculiar/x509';
import {
  addValidationData,
  buildCrl,
  localTimestamper,
  tsaTimestamper,
  type Timestamper,
  type TsaIdentity,
} from '@vanthu/pades';
import type { Deps } from '../../deps';
import { demoCa, demoTsaIdentity } from './signing.keys';
import { trustStoreFor } from './signing.trust';
import { AppError } from '../../http/errors';

/** The demo CA's CRL, fresh at each request (nothing is revoked in the demo; valid one day). */
export async function demoCrl(deps: Deps): Promise<Uint8Array> {
  const ca = await demoCa(deps);
  const now = deps.now();
  return buildCrl({
    issuerCertificate: ca.certificate,
    issuerKey: ca.privateKey,
    thisUpdate: new Date(now.getTime() - 60_000),
    nextUpdate: new Date(now.getTime() + 86_400_000),
    crlNumber: Math.floor(now.getTime() / 1000),
  });
}

/** The demo TSA as a signing identity (certificate, key, the demo CA as chain). */
export async function demoTsa(deps: Deps): Promise<TsaIdentity> {
  const [tsa, ca] = await Promise.all([demoTsaIdentity(deps), demoCa(deps)]);
  return { certificate: tsa.certificate, privateKey: tsa.privateKey, chain: [ca.certificate] };
}

export interface OrganSigningSettings {
  tsaUrl: string | null;
  csc: { enabled: boolean; baseUrl: string | null; clientId: string | null; clientSecretEnc: Buffer | null };
}

export async function organSettings(deps: Deps, organId: string): Promise<OrganSigningSettings> {
  const r = await deps.db
    .selectFrom('signing_organ_settings')
    .selectAll()
    .where('organ_id', '=', organId)
    .executeTakeFirst();
  return {
    tsaUrl: r?.tsa_url ?? null,
    csc: {
      enabled: r?.csc_enabled ?? false,
      baseUrl: r?.csc_base_url ?? null,
      clientId: r?.csc_client_id ?? null,
      clientSecretEnc: r?.csc_client_secret_enc ?? null,
    },
  };
}

const tsaFailed = (e: unknown) =>
  new AppError(
    'signing.tsa_unavailable',
    503,
    `Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (TSA): ${e instanceof Error ? e.message : String(e)}. Chưa ký; hãy thử lại sau.`,
  );

/** Where an organ's signature timestamps come from (see the module comment); null = none (PAdES B-B). */
export async function timestamperFor(deps: Deps, organId: string): Promise<Timestamper | null> {
  const url = (await organSettings(deps, organId)).tsaUrl ?? deps.config.signing.tsaUrl ?? null;
  const base: Timestamper | null = url
    ? tsaTimestamper(url)
    : deps.config.demo
      ? localTimestamper(() => demoTsa(deps), deps.now)
      : null;
  if (!base) return null;
  return async (data) => {
    try {
      return await base(data);
    } catch (e) {
      throw tsaFailed(e);
    }
  };
}

const CRL_TIMEOUT_MS = 5000;
const CRL_MAX_BYTES = 20 * 1024 * 1024;

/** thisUpdate / nextUpdate of a DER CRL, read without verifying it (the verifier checks the signature). */
function crlTimes(der: Uint8Array): { thisUpdate: Date; nextUpdate: Date | null } | null {
  try {
    const crl = new x509.X509Crl(new Uint8Array(der));
    return { thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate ?? null };
  } catch {
    return null;
  }
}

/**
 * The CRL at `url`, from the cache when it is still current (nextUpdate not passed) and issued at or after
 * `notBefore` (the time the signature it speaks for was made), else fetched over HTTP and cached.
 */
export async function fetchCrlCached(deps: Deps, url: string, notBefore: Date): Promise<Uint8Array | null> {
  const now = deps.now();
  const hit = await deps.db.selectFrom('revocation_cache').selectAll().where('url', '=', url).executeTakeFirst();
  if (
    hit &&
    (!hit.next_update || hit.next_update.getTime() > now.getTime()) &&
    hit.this_update.getTime() >= notBefore.getTime()
  )
    return new Uint8Array(hit.der);
  let der: Uint8Array | null = null;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(CRL_TIMEOUT_MS) });
    if (res.ok && Number(res.headers.get('content-length') ?? 0) <= CRL_MAX_BYTES) {
      const body = Buffer.from(await res.arrayBuffer());
      const pem = /-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/.exec(body.toString('latin1'));
      der =
        body.length <= CRL_MAX_BYTES
          ? new Uint8Array(pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : body)
          : null;
    }
  } catch (e) {
    deps.log.warn({ url, err: e instanceof Error ? e.message : String(e) }, 'CRL fetch failed');
  }
  const times = der ? crlTimes(der) : null;
  if (!der || !times) return hit ? new Uint8Array(hit.der) : null; // unreachable: the cached one, if any (the verifier judges its times)
  await deps.db
    .insertInto('revocation_cache')
    .values({
      url,
      der: Buffer.from(der),
      this_update: times.thisUpdate,
      next_update: times.nextUpdate,
      fetched_at: now,
    })
    .onConflict((oc) =>
      oc.column('url').doUpdateSet({
        der: Buffer.from(der),
        this_update: times.thisUpdate,
        next_update: times.nextUpdate,
        fetched_at: now,
      }),
    )
    .execute();
  return der;
}

/**
 * PAdES B-LT for a PDF of the organ: a further incremental update with the DSS. Never blocks an issue: when the
 * file cannot be extended the input comes back unchanged, with the reason in `missing`.
 */
export async function addLtv(deps: Deps, pdf: Uint8Array): Promise<{ pdf: Uint8Array; missing: string[] }> {
  const trust = await trustStoreFor(deps);
  try {
    const { pdf: out, material } = await addValidationData(pdf, {
      anchors: trust.anchors,
      fetchCrl: (url, at) => fetchCrlCached(deps, url, at),
    });
    if (material.missing.length)
      deps.log.warn({ missing: material.missing }, 'LTV: no revocation data for some certificates');
    return { pdf: out, missing: material.missing };
  } catch (e) {
    deps.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'LTV: DSS not added');
    return { pdf, missing: ['(tệp không bổ sung được dữ liệu kiểm tra dài hạn)'] };
  }
}
