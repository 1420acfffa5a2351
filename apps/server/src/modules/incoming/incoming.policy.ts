import type { AssignmentRole, AssignmentState, IncomingStatus } from './incoming.tables';

/** Who is asking, as far as incoming documents are concerned (built from the principal and their active posts). */
export interface Viewer {
  userId: string;
  organId: string;
  clearanceRank: number;
  isClerk: boolean;
  /** Units where the viewer is a unit head (unit_leader): rows addressed to these units are theirs. */
  ledUnitIds: string[];
}

export interface AsgFacts {
  id: string;
  role: AssignmentRole;
  state: AssignmentState;
  userId: string | null;
  unitId: string | null;
  parentId: string | null;
  assignedBy: string | null;
}
export interface DocFacts {
  organId: string;
  status: IncomingStatus;
  confRank: number;
  assignments: AsgFacts[];
}

export const OPEN: ReadonlySet<AssignmentState> = new Set(['pending', 'in_progress']);

/** A row is the viewer's when addressed to them, or to a unit they head and not yet handed to a person. */
export const isMine = (v: Viewer, a: AsgFacts) =>
  a.userId === v.userId || (a.userId === null && a.unitId !== null && v.ledUnitIds.includes(a.unitId));

/**
 * May the viewer see the document at all? Above their clearance: never (it must look as if it does not exist).
 * The clerk sees the organ's register; others see what was presented or assigned to them or their unit, or what they assigned.
 */
export function canSee(v: Viewer, d: DocFacts): boolean {
  if (d.organId !== v.organId) return false;
  if (d.confRank > v.clearanceRank) return false;
  if (v.isClerk) return true;
  return d.assignments.some(
    (a) => isMine(v, a) || a.assignedBy === v.userId || (a.unitId !== null && v.ledUnitIds.includes(a.unitId)),
  );
}

export interface Can {
  register: boolean;
  reject: boolean;
  present: boolean;
  assign: boolean;
  reassign: boolean;
  progress: boolean;
  complete: boolean;
  contribute: boolean;
  return: boolean;
}

/** The viewer's open row for an action, or null: the service acts on exactly this row. */
export function targetFor(
  v: Viewer,
  d: DocFacts,
  action: 'assign' | 'reassign' | 'progress' | 'complete' | 'contribute' | 'return',
): AsgFacts | null {
  if (d.status !== 'pending_assignment' && d.status !== 'in_progress') return null;
  const mine = d.assignments.filter((a) => OPEN.has(a.state) && isMine(v, a));
  const openChildren = (a: AsgFacts) => d.assignments.some((c) => c.parentId === a.id && OPEN.has(c.state));
  switch (action) {
    case 'assign':
      return mine.find((a) => a.role === 'present') ?? null;
    case 'reassign':
      return mine.find((a) => a.userId === null && (a.role === 'lead' || a.role === 'coordinate')) ?? null;
    case 'progress':
      return mine.find((a) => a.role === 'lead' || a.role === 'coordinate') ?? null;
    case 'complete':
      return mine.find((a) => a.role === 'lead' && !openChildren(a)) ?? null;
    case 'contribute':
      return mine.find((a) => a.role === 'coordinate' && !openChildren(a)) ?? null;
    case 'return':
      return mine.find((a) => a.role !== 'info') ?? null;
  }
}

export function can(v: Viewer, d: DocFacts): Can {
  const clerk = v.isClerk && canSee(v, d);
  const openPresent = d.assignments.some((a) => a.role === 'present' && OPEN.has(a.state));
  return {
    register: clerk && d.status === 'pending_registration',
    reject: clerk && (d.status === 'pending_registration' || (d.status === 'pending_assignment' && !openPresent)),
    present: clerk && d.status === 'pending_assignment' && !openPresent,
    assign: targetFor(v, d, 'assign') !== null,
    reassign: targetFor(v, d, 'reassign') !== null,
    progress: targetFor(v, d, 'progress') !== null,
    complete: targetFor(v, d, 'complete') !== null,
    contribute: targetFor(v, d, 'contribute') !== null,
    return: targetFor(v, d, 'return') !== null,
  };
}
