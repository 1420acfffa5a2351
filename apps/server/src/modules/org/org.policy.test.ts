import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth';
import { ROLE_KEYS, type Role } from '../auth';
import { decideOrg, targetOrgan, type OrgAction } from './org.policy';

const A = 'organ-a';
const B = 'organ-b';
const who = (roles: Role[], opts: Partial<Principal> = {}): Principal => ({
  userId: 'u',
  organId: A,
  username: 'u',
  fullName: 'U',
  sysadmin: false,
  clearance: 'thuong',
  roles: new Set(roles),
  unitIds: [],
  via: 'session',
  ...opts,
});

const READS: OrgAction[] = ['organ.read', 'unit.read', 'position.read', 'user.read', 'external.read', 'calendar.read'];
const MANAGES: OrgAction[] = [
  'organ.update',
  'unit.manage',
  'position.manage',
  'user.manage',
  'external.manage',
  'calendar.manage',
];

describe('org policy: roles × actions in the own organ', () => {
  for (const role of ROLE_KEYS) {
    for (const action of [...READS, ...MANAGES, 'organ.create' as const]) {
      const expected =
        action === 'organ.create'
          ? 'forbidden'
          : role === 'admin'
            ? 'allow'
            : READS.includes(action)
              ? 'allow'
              : 'forbidden';
      it(`${role} → ${action}: ${expected}`, () => {
        expect(decideOrg(who([role]), action, A)).toBe(expected);
      });
    }
  }

  it('a user with no post (all memberships ended) can still only read the directory', () => {
    expect(decideOrg(who([]), 'unit.read', A)).toBe('allow');
    expect(decideOrg(who([]), 'user.manage', A)).toBe('forbidden');
  });
});

describe('org policy: other organs look as if they do not exist', () => {
  for (const role of ROLE_KEYS) {
    for (const action of [...READS, ...MANAGES]) {
      it(`${role} of A → ${action} on B: not_found`, () => {
        expect(decideOrg(who([role]), action, B)).toBe('not_found');
      });
    }
  }
});

describe('org policy: installation administrator', () => {
  it('may act in any organ and create organs', () => {
    const s = who([], { sysadmin: true });
    for (const action of [...READS, ...MANAGES, 'organ.create' as const]) expect(decideOrg(s, action, B)).toBe('allow');
  });
  it('only a sysadmin may choose the target organ', () => {
    expect(targetOrgan(who(['admin']), B)).toBe(A);
    expect(targetOrgan(who([], { sysadmin: true }), B)).toBe(B);
    expect(targetOrgan(who([], { sysadmin: true }))).toBe(A);
  });
});
