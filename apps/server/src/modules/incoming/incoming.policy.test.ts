import { describe, expect, it } from 'vitest';
import { can, canSee, type AsgFacts, type DocFacts, type Viewer } from './incoming.policy';

const ORGAN = 'o1';
const v = (over: Partial<Viewer>): Viewer => ({
  userId: 'u',
  organId: ORGAN,
  clearanceRank: 0,
  isClerk: false,
  ledUnitIds: [],
  ...over,
});
const a = (over: Partial<AsgFacts>): AsgFacts => ({
  id: 'a',
  role: 'lead',
  state: 'pending',
  userId: null,
  unitId: null,
  parentId: null,
  assignedBy: 'leader',
  ...over,
});
const d = (over: Partial<DocFacts>): DocFacts => ({
  organId: ORGAN,
  status: 'in_progress',
  confRank: 0,
  assignments: [],
  ...over,
});

describe('incoming policy', () => {
  it('visibility matrix: clerk, assignee, unit head, assigner, outsider, other organ, above clearance', () => {
    const doc = d({
      assignments: [
        a({ id: 'p', role: 'present', state: 'done', userId: 'leader', assignedBy: 'clerk' }),
        a({ id: 'l', unitId: 'PC', parentId: 'p' }),
        a({ id: 'c', role: 'coordinate', userId: 'cv', unitId: 'PC', parentId: 'l', assignedBy: 'head' }),
      ],
    });
    expect(canSee(v({ isClerk: true }), doc)).toBe(true);
    expect(canSee(v({ userId: 'leader' }), doc)).toBe(true);
    expect(canSee(v({ userId: 'head', ledUnitIds: ['PC'] }), doc)).toBe(true);
    expect(canSee(v({ userId: 'cv' }), doc)).toBe(true);
    expect(canSee(v({ userId: 'someone' }), doc)).toBe(false);
    expect(canSee(v({ userId: 'head2', ledUnitIds: ['TCCB'] }), doc)).toBe(false);
    expect(canSee(v({ isClerk: true, organId: 'o2' }), doc)).toBe(false);
    const secret = { ...doc, confRank: 1 };
    expect(canSee(v({ isClerk: true }), secret)).toBe(false);
    expect(canSee(v({ isClerk: true, clearanceRank: 1 }), secret)).toBe(true);
    expect(canSee(v({ userId: 'leader', clearanceRank: 0 }), secret)).toBe(false);
  });

  it('actions follow the row the user holds', () => {
    const presented = d({
      status: 'pending_assignment',
      assignments: [a({ id: 'p', role: 'present', userId: 'leader', assignedBy: 'clerk' })],
    });
    expect(can(v({ userId: 'leader' }), presented)).toMatchObject({
      assign: true,
      complete: false,
      return: true,
      present: false,
    });
    expect(can(v({ isClerk: true }), presented)).toMatchObject({ present: false, reject: false, assign: false });
    const waiting = d({ status: 'pending_assignment' });
    expect(can(v({ isClerk: true }), waiting)).toMatchObject({ present: true, reject: true, register: false });
    expect(can(v({ isClerk: true }), d({ status: 'pending_registration' }))).toMatchObject({
      register: true,
      reject: true,
      present: false,
    });

    const unitRow = a({ id: 'l', unitId: 'PC', parentId: 'p' });
    const assigned = d({ assignments: [a({ id: 'p', role: 'present', state: 'done', userId: 'leader' }), unitRow] });
    expect(can(v({ userId: 'head', ledUnitIds: ['PC'] }), assigned)).toMatchObject({
      reassign: true,
      complete: true,
      progress: true,
      return: true,
    });
    const delegated = d({
      assignments: [
        ...assigned.assignments.slice(0, 1),
        { ...unitRow, state: 'in_progress' },
        a({ id: 'k', userId: 'cv', unitId: 'PC', parentId: 'l', assignedBy: 'head' }),
      ],
    });
    expect(can(v({ userId: 'head', ledUnitIds: ['PC'] }), delegated)).toMatchObject({
      reassign: true,
      complete: false,
    });
    expect(can(v({ userId: 'cv' }), delegated)).toMatchObject({
      progress: true,
      complete: true,
      reassign: false,
      contribute: false,
    });
    const coord = d({ assignments: [a({ id: 'c', role: 'coordinate', userId: 'cv2' })] });
    expect(can(v({ userId: 'cv2' }), coord)).toMatchObject({ contribute: true, complete: false, progress: true });
    const info = d({ assignments: [a({ id: 'i', role: 'info', state: 'info', userId: 'x' })] });
    expect(Object.values(can(v({ userId: 'x' }), info)).some(Boolean)).toBe(false);
    const done = d({ status: 'done', assignments: [a({ id: 'l', userId: 'cv' })] });
    expect(can(v({ userId: 'cv' }), done)).toMatchObject({ complete: false, return: false });
  });
});
