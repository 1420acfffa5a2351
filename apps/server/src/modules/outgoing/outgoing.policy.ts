/**
 * Who may see and do what with one outgoing document. Pure; the service enforces it on every call
 * and the API returns the allowed actions so the UI shows only those (ARCHITECTURE rule 7).
 */
import { isClearedFor, type Confidentiality } from '@vanthu/vn';
import type { Principal } from '../auth';
import type { DocStatus } from './outgoing.model';

export interface DocFacts {
  organId: string;
  drafterId: string;
  draftingUnitId: string;
  signerId: string | null;
  confidentiality: Confidentiality;
  status: DocStatus;
  /** Actors of every step of the route (and people acting for them by delegation). */
  routeActorIds: string[];
  /** Actor of the step waiting now (or someone holding a delegation in force from them). */
  activeActorIds: string[];
  /** Internal recipient units (they see the document once issued). */
  recipientUnitIds: string[];
  /** The document holds a number not cancelled (taken at signing, or reserved by a prepared token signature). */
  numbered?: boolean;
}

export type OutgoingAction =
  | 'view'
  | 'edit'
  | 'upload'
  | 'comment'
  | 'consult'
  | 'submit'
  | 'act'
  | 'adjust_route'
  | 'issue'
  | 'cancel_number'
  | 'copy'
  | 'recall';

const isClerk = (p: Principal) => p.roles.has('clerk');
const headOfUnit = (p: Principal, unitId: string) => p.roles.has('unit_leader') && p.unitIds.includes(unitId);

/** 'not_found' when the document must look as if it does not exist (another organ, not involved, not cleared). */
export function canSee(p: Principal, d: DocFacts): boolean {
  if (d.organId !== p.organId) return false;
  // People deliberately put on the document see it; everyone else needs the clearance as well as a reason.
  const named = p.userId === d.drafterId || p.userId === d.signerId || d.routeActorIds.includes(p.userId);
  if (named) return true;
  const cleared = isClearedFor(p.clearance, d.confidentiality);
  if (!cleared) return false;
  if (headOfUnit(p, d.draftingUnitId)) return true;
  // The văn thư sees what left the drafting unit, and a draft that holds a number (it is in her register).
  if (isClerk(p) && (d.status !== 'draft' || d.numbered)) return true;
  if (d.status === 'issued' && d.recipientUnitIds.some((u) => p.unitIds.includes(u))) return true;
  return false;
}

/** The actions `p` may take now; empty when the document is not visible. */
export function allowedActions(p: Principal, d: DocFacts): OutgoingAction[] {
  if (!canSee(p, d)) return [];
  const out: OutgoingAction[] = ['view'];
  const drafter = p.userId === d.drafterId;
  const open = d.status === 'draft' || d.status === 'in_review';
  if (open && (drafter || headOfUnit(p, d.draftingUnitId))) out.push('edit', 'upload', 'consult');
  if (open) out.push('comment');
  if (d.status === 'draft' && drafter) out.push('submit');
  if (d.status === 'in_review' && d.activeActorIds.includes(p.userId)) out.push('act');
  if (open && (headOfUnit(p, d.draftingUnitId) || p.roles.has('office_chief'))) out.push('adjust_route');
  if (d.status === 'signed' && isClerk(p)) out.push('issue', 'cancel_number');
  // A number reserved for a token signature that will not come (the document is abandoned) is cancelled the same way.
  if (open && d.numbered && isClerk(p)) out.push('cancel_number');
  if (d.status === 'issued' && isClerk(p)) out.push('copy', 'recall');
  if (d.status === 'issued' && p.userId === d.signerId && !out.includes('recall')) out.push('recall');
  return out;
}
