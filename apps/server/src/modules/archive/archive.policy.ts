/**
 * Who may do what in the agency archive (lưu trữ cơ quan). Pure functions; the service asks them on every call
 * and the API returns `can` so the UI shows only allowed buttons.
 *
 * The archive's staff are the văn thư (clerk: keeps the organ's records, receives transfers); its head is the
 * Chánh Văn phòng (office_chief) or a leader of the organ. Admins get no bypass (Ac): they reach records only
 * through these rights.
 */
import { isClearedFor } from '@vanthu/vn';
import type { Principal } from '../auth';
import type { Mode } from './archive.tables';

export const isArchivist = (p: Principal) => p.roles.has('clerk');
export const isArchiveHead = (p: Principal) => p.roles.has('office_chief') || p.roles.has('organ_leader');
export const canDecideDestruction = (p: Principal) => p.roles.has('organ_leader');

export interface RecordFacts {
  organId: string;
  mode: Mode;
  status: 'packaging' | 'archived' | 'failed' | 'destroyed';
  /** The caller holds an approved, still valid access request for this record. */
  approved: boolean;
}

export interface RecordCan {
  see: boolean;
  read: boolean;
  request: boolean;
  aip: boolean;
  hold: boolean;
  changeMode: boolean;
}

/** May `p` know that the record exists (catalogue entry, metadata)? Secret records: staff, head, or approved. */
export function canSeeRecord(p: Principal, r: RecordFacts): boolean {
  if (r.organId !== p.organId) return false;
  if (isArchivist(p) || isArchiveHead(p)) return true;
  if (r.mode === '03') return r.approved && isClearedFor(p.clearance, 'mat');
  return true;
}

export function recordCan(p: Principal, r: RecordFacts): RecordCan {
  const see = canSeeRecord(p, r);
  const staff = see && (isArchivist(p) || isArchiveHead(p));
  const live = r.status === 'archived';
  // Public: every member of the organ reads; restricted/secret: only with an approved request (F6c), staff too.
  const read = see && live && (r.mode === '01' || staff || r.approved);
  return {
    see,
    read,
    request: see && live && !read && r.mode !== '01',
    aip: see && live && isArchivist(p),
    hold: see && staff && r.status !== 'destroyed',
    changeMode: see && isArchiveHead(p) && r.status !== 'destroyed',
  };
}

/** Access requests: the head decides; a secret record only for a reader cleared for "Mật". */
export const canDecideRequest = (p: Principal) => isArchiveHead(p);
export const mayBeGranted = (reader: Pick<Principal, 'clearance'>, mode: Mode) =>
  mode !== '03' || isClearedFor(reader.clearance, 'mat');
