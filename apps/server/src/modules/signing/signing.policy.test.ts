import { describe, expect, it } from 'vitest';
import { ownsSession } from './signing.policy';

const me = { organId: 'o1', userId: 'u1' };

describe('signing policy', () => {
  it('sessions belong to their user in their organ', () => {
    expect(ownsSession(me, { organ_id: 'o1', user_id: 'u1' })).toBe(true);
    expect(ownsSession(me, { organ_id: 'o1', user_id: 'u2' })).toBe(false);
    expect(ownsSession(me, { organ_id: 'o2', user_id: 'u1' })).toBe(false);
  });
});
