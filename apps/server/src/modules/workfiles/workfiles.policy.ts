/**
 * Who may see and do what with work files, file plans and submissions. Pure functions; the services enforce
 * them on every call and the API returns `can` so the UI shows only the allowed buttons.
 */
import { isClearedFor, type Confidentiality, isConfidentiality } from '@vanthu/vn';
import type { Principal } from '../auth';

export interface FileFacts {
  organId: string;
  creatorId: string;
  unitId: string;
  status: 'open' | 'closed';
  /** The caller's explicit grant on this file, if any. */
  grant: 'read' | 'edit' | null;
  /** The caller acts on a submission of this file (unit head or leader): they read it. */
  submissionActor: boolean;
}

export interface FileCan {
  read: boolean;
  edit: boolean;
  close: boolean;
  reopen: boolean;
  grant: boolean;
  export: boolean;
  submit: boolean;
}

const inUnit = (p: Principal, unitId: string) => p.unitIds.includes(unitId);
const headOf = (p: Principal, unitId: string) => p.roles.has('unit_leader') && inUnit(p, unitId);
/** The văn thư keeps the organ's records: she reads every file (lists of files O6, transfer to the archive). */
const recordsKeeper = (p: Principal) => p.roles.has('clerk');

/** May `p` see the file at all? Anyone else gets a 404 (it must look as if it does not exist). */
export function canReadFile(p: Principal, f: FileFacts): boolean {
  if (f.organId !== p.organId) return false;
  return f.creatorId === p.userId || inUnit(p, f.unitId) || f.grant !== null || f.submissionActor || recordsKeeper(p);
}

export function fileCan(p: Principal, f: FileFacts): FileCan {
  const read = canReadFile(p, f);
  const owner = read && (f.creatorId === p.userId || headOf(p, f.unitId));
  const editor = owner || (read && f.grant === 'edit');
  const open = f.status === 'open';
  return {
    read,
    edit: editor && open,
    close: editor && open,
    reopen: !open && (owner || (read && recordsKeeper(p))),
    grant: owner,
    export: read,
    submit: editor,
  };
}

/** Plans: the văn thư (archive clerk) or the admin drafts; the head of the organ approves (issues) it. */
export const canDraftPlan = (p: Principal) => p.roles.has('clerk') || p.roles.has('admin');
export const canApprovePlan = (p: Principal) => p.roles.has('organ_leader');
/** Every member of the organ reads the approved plan (to open files from it). */
export const canReadPlan = (p: Principal, organId: string) => p.organId === organId;

/** A confidential member stays under its own clearance inside a file (uploads carry the level given when added). */
export function clearedForMember(p: Principal, confidentiality: string): boolean {
  const level: Confidentiality = isConfidentiality(confidentiality) ? confidentiality : 'tuyet_mat';
  return isClearedFor(p.clearance, level);
}

/** Submissions: the submitter, and the people on its route, see it. */
export const canSeeSubmission = (p: Principal, s: { organId: string; submitterId: string; actorIds: string[] }) =>
  s.organId === p.organId && (s.submitterId === p.userId || s.actorIds.includes(p.userId));
/** Who may receive a step: a unit head (unit_leader / office_chief) first, a leader of the organ last. */
export const canBeUnitHead = (roles: readonly string[]) =>
  roles.includes('unit_leader') || roles.includes('office_chief');
export const canBeLeader = (roles: readonly string[]) => roles.includes('organ_leader');
