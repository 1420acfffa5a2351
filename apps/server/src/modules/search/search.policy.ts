/**
 * Who may find what. The index rows carry the owning modules' reader sets (computed by the triggers of migration
 * 0022 from incoming.policy canSee, outgoing.policy canSee, workfiles.policy canReadFile / memberVisible); this
 * turns a principal into the tokens matched against them. Pure except for the led units (per membership, as
 * incoming.viewer does).
 */
import { CONFIDENTIALITY } from '@vanthu/vn';
import type { Principal } from '../auth';

export interface SearchViewer {
  organId: string;
  clearanceRank: number;
  /** Tokens that open an item whatever its confidentiality (outgoing: people named on the document). */
  named: string[];
  /** Tokens that open an item of rank ≤ clearanceRank. */
  readers: string[];
}

export function searchViewer(p: Principal, ledUnitIds: readonly string[]): SearchViewer {
  const me = `u:${p.userId}`;
  const readers = [me, ...p.unitIds.map((u) => `unit:${u}`), ...ledUnitIds.map((u) => `ilead:${u}`)];
  // outgoing.policy headOfUnit: the role on any post, a unit of any post.
  if (p.roles.has('unit_leader')) readers.push(...p.unitIds.map((u) => `ohead:${u}`));
  if (p.roles.has('clerk')) readers.push('clerk');
  return { organId: p.organId, clearanceRank: CONFIDENTIALITY[p.clearance].rank, named: [me], readers };
}
