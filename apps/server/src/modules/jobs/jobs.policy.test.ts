import { describe, expect, it } from 'vitest';
import { ROLE_KEYS, type Principal, type Role } from '../auth';
import { authorizeJobsManage } from './jobs.policy';

const who = (roles: Role[], sysadmin = false): Principal => ({
  userId: 'u',
  organId: 'a',
  username: 'u',
  fullName: 'U',
  sysadmin,
  clearance: 'thuong',
  roles: new Set(roles),
  unitIds: [],
  via: 'session',
});

describe('jobs policy', () => {
  for (const role of ROLE_KEYS) {
    it(`${role} ${role === 'admin' ? 'manages' : 'may not manage'} the organ's jobs`, () => {
      if (role === 'admin') expect(() => authorizeJobsManage(who([role]))).not.toThrow();
      else expect(() => authorizeJobsManage(who([role]))).toThrow(expect.objectContaining({ status: 403 }));
    });
  }
  it('the sysadmin manages them without an organ role', () => {
    expect(() => authorizeJobsManage(who([], true))).not.toThrow();
  });
});
