import { describe, expect, it } from 'vitest';
import { viCompare, viSort } from './collation';

const ALPHABET = 'a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y'.split(' ');

describe('viCompare', () => {
  it('orders the Vietnamese alphabet a ă â b c d đ e ê … o ô ơ … u ư …', () => {
    const shuffled = [...ALPHABET].reverse();
    expect([...shuffled].sort(viCompare)).toEqual(ALPHABET);
  });

  it('orders tones ngang, huyền, hỏi, ngã, sắc, nặng', () => {
    expect(['bạ', 'bá', 'bã', 'bả', 'bà', 'ba'].sort(viCompare)).toEqual(['ba', 'bà', 'bả', 'bã', 'bá', 'bạ']);
  });

  it('treats tone marks as a secondary difference, letters ă/â/đ as primary', () => {
    // Tone secondary: the base letters decide first ("bác" before "bad").
    expect(viCompare('bác', 'bad')).toBeLessThan(0);
    // ă is a letter of its own: "ăn" sorts after every word in a…
    expect(viCompare('ăn', 'az')).toBeGreaterThan(0);
    expect(viCompare('đa', 'dz')).toBeGreaterThan(0);
    expect(viCompare('bà', 'ba')).toBeGreaterThan(0);
  });

  it('compares numbers by value and NFD equal to NFC', () => {
    expect(viCompare('Phòng 2', 'Phòng 10')).toBeLessThan(0);
    expect(viCompare('Nguyễn'.normalize('NFD'), 'Nguyễn')).toBe(0);
    expect(['b', null, 'a'].sort(viCompare)).toEqual([null, 'a', 'b']);
  });
});

describe('viSort', () => {
  it('sorts names in Vietnamese order without mutating the input', () => {
    const names = ['Đỗ', 'Dương', 'Ân', 'Anh', 'Ưng', 'Uyên', 'Ơn', 'Ông', 'Oanh'];
    const copy = [...names];
    expect(viSort(names)).toEqual(['Anh', 'Ân', 'Dương', 'Đỗ', 'Oanh', 'Ông', 'Ơn', 'Uyên', 'Ưng']);
    expect(names).toEqual(copy);
  });

  it('sorts by a key', () => {
    const people = [{ name: 'Đào' }, { name: 'Bùi' }, { name: 'Dung' }];
    expect(viSort(people, (p) => p.name).map((p) => p.name)).toEqual(['Bùi', 'Dung', 'Đào']);
  });
});
