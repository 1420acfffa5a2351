import { createHash } from 'node:crypto';
import type { AuthContext } from './auth';
import type { Queryable } from './db';
import { HubError } from './errors';

/** SHA-256 (hex) of a request body as the route read it (parsed JSON is digested in its canonical text). */
export function bodyDigest(body: unknown): string {
  const text =
    body === undefined || body === null || typeof (body as { pipe?: unknown }).pipe === 'function'
      ? ''
      : typeof body === 'string'
        ? body
        : JSON.stringify(body);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The per-system signature memory (issue 10 hole 7, exchange.md §4): the first body digest a signature
 * (hash-header) came with is kept; the same signature with another body is refused as a replay. The same
 * signature with the same body is the official client's retry (it stamps once per client object) and
 * passes — every such call is idempotent. Used by the calls whose body the signature does not cover;
 * sendEdoc's body is covered by the signed hash-file instead.
 */
export async function rememberSignature(db: Queryable, ctx: AuthContext, digest: string, now: Date): Promise<void> {
  const r = await db.query<{ body_sha256: string }>(
    `INSERT INTO hub_auth_replay (system_id, signature, body_sha256, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (system_id, signature) DO UPDATE SET last_seen = EXCLUDED.last_seen
     RETURNING body_sha256`,
    [ctx.system.systemId, ctx.signature, digest, now],
  );
  if (r.rows[0]?.body_sha256 !== digest) throw new HubError('hub.auth_replay');
}

/** Forgets signatures not seen for `days` days (run with the retention sweep). */
export async function pruneSignatures(db: Queryable, days: number, now: Date): Promise<number> {
  const r = await db.query('DELETE FROM hub_auth_replay WHERE last_seen < $1', [
    new Date(now.getTime() - days * 86_400_000),
  ]);
  return r.rowCount ?? 0;
}
