import type { Principal } from '../auth';

/**
 * Which file may be read, signed or reported on is not decided here: every path asks the one content decision
 * (blobs/blobs.access.ts — organ, clearance and the owning module's policy), so a signing session or a signature
 * report is never a side door to a document the caller may not see.
 */

/** A deferred-signing session belongs to the user who opened it (others get 404). */
export function ownsSession(
  p: Pick<Principal, 'organId' | 'userId'>,
  s: { organ_id: string; user_id: string },
): boolean {
  return s.organ_id === p.organId && s.user_id === p.userId;
}
