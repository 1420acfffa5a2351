import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth';
import type { Role } from '../auth';
import { allowedActions, canSee, type DocFacts } from './outgoing.policy';

const P = (
  userId: string,
  roles: Role[],
  unitIds: string[],
  clearance: Principal['clearance'] = 'thuong',
  organId = 'o1',
): Principal => ({
  userId,
  organId,
  username: userId,
  fullName: userId,
  sysadmin: false,
  clearance,
  roles: new Set(roles),
  unitIds,
  via: 'session',
});
const doc = (over: Partial<DocFacts> = {}): DocFacts => ({
  organId: 'o1',
  drafterId: 'drafter',
  draftingUnitId: 'PC',
  signerId: 'signer',
  confidentiality: 'thuong',
  status: 'in_review',
  routeActorIds: ['head', 'office', 'signer'],
  activeActorIds: ['head'],
  recipientUnitIds: ['TCCB'],
  ...over,
});

describe('outgoing policy', () => {
  it('drafter, route actors, unit head and signer see a draft; an unrelated specialist and other organs do not', () => {
    expect(canSee(P('drafter', ['specialist'], ['PC']), doc())).toBe(true);
    expect(canSee(P('office', ['office_chief'], ['VP']), doc())).toBe(true);
    expect(canSee(P('head2', ['unit_leader'], ['PC']), doc())).toBe(true);
    expect(canSee(P('other', ['specialist'], ['PC']), doc())).toBe(false);
    expect(canSee(P('drafter', ['specialist'], ['PC'], 'thuong', 'o2'), doc())).toBe(false);
  });
  it('recipients see it only once issued; the clerk not before submission', () => {
    const r = P('r', ['specialist'], ['TCCB']);
    expect(canSee(r, doc())).toBe(false);
    expect(canSee(r, doc({ status: 'issued' }))).toBe(true);
    expect(canSee(r, doc({ status: 'recalled' }))).toBe(false);
    expect(canSee(P('vt', ['clerk'], ['VP']), doc({ status: 'draft' }))).toBe(false);
    expect(canSee(P('vt', ['clerk'], ['VP']), doc({ status: 'signed' }))).toBe(true);
  });
  it('confidential documents need the clearance unless the person is named on them', () => {
    const secret = doc({ confidentiality: 'toi_mat', status: 'signed' });
    expect(canSee(P('vt', ['clerk'], ['VP'], 'mat'), secret)).toBe(false);
    expect(canSee(P('vt', ['clerk'], ['VP'], 'toi_mat'), secret)).toBe(true);
    expect(canSee(P('head', ['unit_leader'], ['PC']), secret)).toBe(true);
  });
  it('actions follow the status and the person', () => {
    expect(allowedActions(P('head', ['unit_leader'], ['PC']), doc())).toEqual(
      expect.arrayContaining(['act', 'adjust_route']),
    );
    expect(allowedActions(P('office', ['office_chief'], ['VP']), doc())).not.toContain('act');
    expect(allowedActions(P('drafter', ['specialist'], ['PC']), doc({ status: 'draft' }))).toEqual(
      expect.arrayContaining(['submit', 'upload', 'edit']),
    );
    expect(allowedActions(P('vt', ['clerk'], ['VP']), doc({ status: 'signed' }))).toEqual(
      expect.arrayContaining(['issue', 'cancel_number']),
    );
    expect(allowedActions(P('vt', ['clerk'], ['VP']), doc({ status: 'issued' }))).toEqual(
      expect.arrayContaining(['copy', 'recall']),
    );
    expect(allowedActions(P('vt', ['clerk'], ['VP']), doc({ status: 'recalled' }))).toEqual(['view']);
    // A number reserved by a prepared token signature can be cancelled while the document is still open; without a number there is nothing to cancel.
    expect(allowedActions(P('vt', ['clerk'], ['VP']), doc({ status: 'in_review', numbered: true }))).toContain(
      'cancel_number',
    );
    expect(allowedActions(P('vt', ['clerk'], ['VP']), doc({ status: 'draft', numbered: true }))).toContain(
      'cancel_number',
    );
    expect(allowedActions(P('vt', ['clerk'], ['VP']), doc({ status: 'in_review' }))).not.toContain('cancel_number');
    expect(
      allowedActions(P('head', ['unit_leader'], ['PC']), doc({ status: 'in_review', numbered: true })),
    ).not.toContain('cancel_number');
  });
});
