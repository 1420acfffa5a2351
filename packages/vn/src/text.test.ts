import { describe, expect, it } from 'vitest';
import { foldKey, nfc } from './text';

describe('nfc', () => {
  it('composes decomposed input, trims and collapses whitespace', () => {
    const decomposed = 'Quy\u00EA\u0301t  \t đi\u0323nh\n';
    expect(decomposed).not.toBe(decomposed.normalize('NFC'));
    expect(nfc(`  ${decomposed}  `)).toBe('Quyết định');
  });

  it('treats non-breaking and zero-width spaces', () => {
    expect(nfc('Bộ\u00A0Nội\u200B vụ')).toBe('Bộ Nội vụ');
  });
});

describe('foldKey', () => {
  it('gives "Quyết định" and "quyet dinh" the same key', () => {
    expect(foldKey('Quyết định')).toBe('quyet dinh');
    expect(foldKey('quyet dinh')).toBe(foldKey('Quyết định'));
  });

  it('folds Đ/đ to d and strips every tone and vowel mark', () => {
    expect(foldKey('Đà Nẵng')).toBe('da nang');
    expect(foldKey('ĐƯỜNG Ổ GÀ ỨNG HỘ THƯỢNG KHẨN')).toBe('duong o ga ung ho thuong khan');
    expect(foldKey('ă â ê ô ơ ư ạ ả ã á à')).toBe('a a e o o u a a a a a');
  });

  it('handles NFD input and both tone-placement styles', () => {
    expect(foldKey('Đà Nẵng'.normalize('NFD'))).toBe('da nang');
    expect(foldKey('hoà thuận')).toBe(foldKey('hòa thuận'));
  });

  it('collapses whitespace and keeps punctuation and digits', () => {
    expect(foldKey('  Số  05/QĐ-BNV  ')).toBe('so 05/qd-bnv');
  });

  it('maps the eth (Ð) sometimes typed for Đ', () => {
    expect(foldKey('\u00D0ồng Nai')).toBe('dong nai');
  });
});
