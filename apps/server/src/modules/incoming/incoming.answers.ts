/**
 * The outgoing document that answers an incoming one (F1: "văn bản trả lời"). The outgoing module owns outgoing
 * documents and who may see them; it registers the finder here when its jobs are registered (registry.ts), so
 * incoming never imports outgoing (the arrow stays outgoing → incoming).
 */
import type { DbOrTrx } from '../../db/database';
import type { Principal } from '../auth';

export type AnswerFinder = (
  db: DbOrTrx,
  p: Principal,
  outgoingId: string,
  now: Date,
) => Promise<{ id: string; numberNotation: string } | null>;

let finder: AnswerFinder | null = null;

export function setAnswerFinder(f: AnswerFinder): void {
  finder = f;
}

/** The issued outgoing document the caller may open, or null (also when no outgoing module is installed). */
export function findIssuedAnswer(
  db: DbOrTrx,
  p: Principal,
  outgoingId: string,
  now: Date,
): Promise<{ id: string; numberNotation: string } | null> {
  return finder ? finder(db, p, outgoingId, now) : Promise.resolve(null);
}
