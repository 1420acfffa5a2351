import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth';
import type { Role } from '../auth';
import { canExchange, type ExchangeAction } from './exchange.policy';

const p = (roles: Role[], sysadmin = false): Principal => ({
  userId: 'u',
  organId: 'o',
  username: 'x',
  fullName: 'X',
  sysadmin,
  clearance: 'thuong',
  roles: new Set(roles),
  unitIds: [],
  via: 'session',
});

describe('exchange policy', () => {
  const matrix: [Role[], ExchangeAction, boolean][] = [
    [['admin'], 'connector.manage', true],
    [['clerk'], 'connector.manage', false],
    [['clerk'], 'queue.read', true],
    [['clerk'], 'document.send', true],
    [['clerk'], 'document.handle', true],
    [['specialist'], 'queue.read', false],
    [['organ_leader'], 'document.send', false],
    [['unit_leader'], 'queue.retry', false],
  ];
  it.each(matrix)('%j may %s: %s', (roles, action, expected) => {
    expect(canExchange(p(roles), action)).toBe(expected);
  });
  it('a sysadmin may do everything', () => {
    expect(canExchange(p([], true), 'connector.manage')).toBe(true);
  });
});
