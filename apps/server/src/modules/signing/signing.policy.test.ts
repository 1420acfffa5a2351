import { describe, expect, it } from 'vitest';
import { canReadReport, canSignFile, ownsSession } from './signing.policy';

const me = { organId: 'o1', userId: 'u1' };

describe('signing policy', () => {
  it('reports: the file organ and the uploader only', () => {
    expect(canReadReport(me, { organ_id: 'o1', uploaded_by: 'u2' })).toBe(true);
    expect(canReadReport(me, { organ_id: 'o2', uploaded_by: 'u1' })).toBe(true);
    expect(canReadReport(me, { organ_id: 'o2', uploaded_by: 'u2' })).toBe(false);
    expect(canReadReport(me, { organ_id: 'o2', uploaded_by: null })).toBe(false);
  });
  it('sessions belong to their user in their organ', () => {
    expect(ownsSession(me, { organ_id: 'o1', user_id: 'u1' })).toBe(true);
    expect(ownsSession(me, { organ_id: 'o1', user_id: 'u2' })).toBe(false);
    expect(ownsSession(me, { organ_id: 'o2', user_id: 'u1' })).toBe(false);
  });
  it('signing a file: its organ only', () => {
    expect(canSignFile(me, { organ_id: 'o1', uploaded_by: null })).toBe(true);
    expect(canSignFile(me, { organ_id: 'o2', uploaded_by: 'u1' })).toBe(false);
  });
});
