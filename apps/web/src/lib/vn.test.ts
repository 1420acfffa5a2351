import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, viCompare } from './vn';

describe('web date and order helpers', () => {
  it('shows local dates and instants as dd/mm/yyyy in Vietnam time', () => {
    expect(formatDate('2026-09-02')).toBe('02/09/2026');
    // 17:30 UTC on 31 Dec is already 1 Jan in Hà Nội.
    expect(formatDate('2025-12-31T17:30:00Z')).toBe('01/01/2026');
    expect(formatDateTime('2025-12-31T17:30:00Z')).toBe('01/01/2026 00:30');
  });

  it('shows nothing for empty or unreadable values instead of throwing', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate('không phải ngày')).toBe('');
    expect(formatDateTime('')).toBe('');
    expect(formatDateTime('2026-13-45T99:00')).toBe('');
  });

  it('sorts names in Vietnamese order (đ after d, ơ after ô)', () => {
    expect(['Đức', 'Dũng', 'An', 'Ơn', 'Ông'].sort(viCompare)).toEqual(['An', 'Dũng', 'Đức', 'Ông', 'Ơn']);
  });
});
