import { describe, expect, it } from 'vitest';
import { ROLE_KEYS, type Principal, type Role } from '../auth';
import { AppError } from '../../http/errors';
import { auditOrgan, authorizeAuditRead } from './audit.policy';

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
const outcome = (p: Principal, organ: string) => {
  try {
    authorizeAuditRead(p, organ);
    return 'allow';
  } catch (e) {
    return (e as AppError).status === 404 ? 'not_found' : (e as AppError).status === 403 ? 'forbidden' : 'other';
  }
};

describe('audit policy: who reads an organ’s audit trail', () => {
  for (const role of ROLE_KEYS) {
    const expected = role === 'admin' ? 'allow' : 'forbidden';
    it(`${role} in the own organ → ${expected}; in another organ → not_found`, () => {
      expect(outcome(who([role]), A)).toBe(expected);
      expect(outcome(who([role]), B)).toBe('not_found');
    });
  }
  it('the sysadmin reads any organ, and only the sysadmin may name one', () => {
    expect(outcome(who([], { sysadmin: true }), B)).toBe('allow');
    expect(auditOrgan(who([], { sysadmin: true }), B)).toBe(B);
    expect(auditOrgan(who(['admin']), B)).toBe(A);
  });
});
