import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  organId: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  userAgent: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
}

/** hash(n) = SHA-256(hash(n-1) ‖ canonical JSON of event n). Pure, so the verifier recomputes it exactly. */
export function eventHash(prevHash: string, e: HashedFields): string {
  const body = canonicalJson({
    organId: e.organId,
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    ip: e.ip,
    userAgent: e.userAgent,
    summary: e.summary,
    before: e.before ?? null,
    after: e.after ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
