import { describe, expect, it } from 'vitest';
import {
  CONFIDENTIALITY,
  CONFIDENTIALITY_VALUES,
  URGENCY,
  compareConfidentiality,
  isClearedFor,
  isConfidentiality,
  isSecret,
  isUrgency,
  urgencyFromPriority,
  urgencyToPriority,
} from './levels';

describe('URGENCY', () => {
  it('has Vietnamese labels and the edXML priorities 0..4', () => {
    expect(Object.entries(URGENCY).map(([k, v]) => [k, v.label, v.priority])).toEqual([
      ['thuong', 'Thường', 0],
      ['khan', 'Khẩn', 1],
      ['thuong_khan', 'Thượng khẩn', 2],
      ['hoa_toc', 'Hỏa tốc', 3],
      ['hoa_toc_hen_gio', 'Hỏa tốc hẹn giờ', 4],
    ]);
  });

  it('maps edXML Priority both ways, rejecting unknown values', () => {
    expect(urgencyFromPriority(3)).toBe('hoa_toc');
    expect(urgencyFromPriority('4')).toBe('hoa_toc_hen_gio');
    expect(urgencyFromPriority(' 1 ')).toBe('khan');
    expect(urgencyFromPriority(5)).toBeNull();
    expect(urgencyFromPriority('')).toBeNull();
    expect(urgencyToPriority('thuong_khan')).toBe(2);
    expect(isUrgency('khan')).toBe(true);
    expect(isUrgency('toString')).toBe(false);
  });
});

describe('CONFIDENTIALITY', () => {
  it('has labels and stamps in rank order', () => {
    expect(CONFIDENTIALITY_VALUES.map((c) => CONFIDENTIALITY[c].label)).toEqual([
      'Thường',
      'Mật',
      'Tối mật',
      'Tuyệt mật',
    ]);
    expect(CONFIDENTIALITY.toi_mat.stamp).toBe('TỐI MẬT');
  });

  it('compares by rank, not by string', () => {
    expect(compareConfidentiality('tuyet_mat', 'toi_mat')).toBeGreaterThan(0);
    expect(compareConfidentiality('mat', 'toi_mat')).toBeLessThan(0);
    expect(isClearedFor('toi_mat', 'mat')).toBe(true);
    expect(isClearedFor('mat', 'tuyet_mat')).toBe(false);
    expect(isSecret('thuong')).toBe(false);
    expect(isSecret('mat')).toBe(true);
    expect(isConfidentiality('mat')).toBe(true);
    expect(isConfidentiality('MẬT')).toBe(false);
  });
});
