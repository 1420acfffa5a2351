import { describe, expect, it } from 'vitest';
import { isOrganCode, validateOrganCode } from './organ-code';

describe('validateOrganCode strict (codes we create)', () => {
  it('accepts canonical codes and reports the level in use', () => {
    expect(validateOrganCode('000.00.00.G09', { strict: true })).toEqual({ ok: true, level: 1, letter: 'G' });
    expect(validateOrganCode('000.00.12.H29', { strict: true })).toEqual({ ok: true, level: 2, letter: 'H' });
    expect(validateOrganCode('000.05.12.H29', { strict: true })).toMatchObject({ ok: true, level: 3 });
    expect(validateOrganCode('101.05.12.H29', { strict: true })).toMatchObject({ ok: true, level: 4 });
  });

  it('rejects wrong shapes with vn.organ_code.format', () => {
    for (const bad of [
      '28.22.H17',
      '000.00.00.g09',
      '000.00.00.G9',
      '000.00.00.09G',
      '0000.00.00.G09',
      '000.00.00.G09.1',
      '000-00-00-G09',
      '000.0A.00.G09',
    ]) {
      expect(validateOrganCode(bad, { strict: true })).toMatchObject({ ok: false, error: 'vn.organ_code.format' });
    }
  });

  it('rejects a used level under an unused one, a zero level 1 and an empty code', () => {
    expect(validateOrganCode('000.05.00.G09', { strict: true })).toMatchObject({
      ok: false,
      error: 'vn.organ_code.level_gap',
    });
    expect(validateOrganCode('001.00.12.G09', { strict: true })).toMatchObject({
      ok: false,
      error: 'vn.organ_code.level_gap',
    });
    expect(validateOrganCode('000.00.00.G00', { strict: true })).toMatchObject({
      ok: false,
      error: 'vn.organ_code.level1_zero',
    });
    const empty = validateOrganCode('  ', { strict: true });
    expect(empty).toMatchObject({ ok: false, error: 'vn.organ_code.empty' });
    expect(!empty.ok && empty.message).toMatch(/mã định danh/i);
  });
});

describe('validateOrganCode loose (codes received from others)', () => {
  it('accepts non-canonical codes, aligning groups from the right', () => {
    expect(validateOrganCode('28.22.H17')).toEqual({ ok: true, level: 3, letter: 'H' });
    expect(validateOrganCode('000.00.00.G22')).toEqual({ ok: true, level: 1, letter: 'G' });
    expect(validateOrganCode('5.H17')).toMatchObject({ ok: true, level: 2 });
    expect(validateOrganCode('g22')).toEqual({ ok: true, level: 1, letter: 'G' });
  });

  it('still rejects what is not an agency code', () => {
    expect(isOrganCode('BNV')).toBe(false);
    expect(isOrganCode('1.2.3.4.G09')).toBe(false);
    expect(isOrganCode('000.00.00.G0')).toBe(false);
    expect(isOrganCode('a.00.00.G09')).toBe(false);
    expect(isOrganCode('000.00.00.G09')).toBe(true);
  });
});
