import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import type { AdminDocType, AdminRegister } from './admin.api';
import {
  compareDocTypes,
  compareRegisters,
  fieldError,
  isLastGeneral,
  limitNames,
  nextSortOrder,
  suggestDocTypeCode,
  DOC_TYPE_CODE,
} from './registers.model';

let n = 0;
const reg = (over: Partial<AdminRegister>): AdminRegister => ({
  id: `r${n++}`,
  kind: 'incoming',
  code: 'X',
  name: 'Sổ',
  confidential: false,
  docTypeCodes: null,
  active: true,
  sortOrder: 0,
  ...over,
});
const type = (code: string, name: string): AdminDocType => ({ id: code, code, name, abbr: null, active: true });

describe('register order', () => {
  it('groups by kind (đến, đi, bản sao), then sort order, then name in Vietnamese order', () => {
    const list = [
      reg({ kind: 'copy', name: 'Sổ bản sao' }),
      reg({ kind: 'outgoing', name: 'Sổ văn bản đi' }),
      reg({ kind: 'incoming', sortOrder: 5, name: 'Sổ giấy mời đến' }),
      reg({ kind: 'incoming', sortOrder: 1, name: 'Sổ đơn thư' }),
      reg({ kind: 'incoming', sortOrder: 1, name: 'Sổ Đảng' }),
      reg({ kind: 'incoming', sortOrder: 1, name: 'Sổ dân nguyện' }),
    ];
    // d < đ in Vietnamese order (a plain code-point sort puts Đ after every Latin letter).
    expect([...list].sort(compareRegisters).map((r) => r.name)).toEqual([
      'Sổ dân nguyện',
      'Sổ Đảng',
      'Sổ đơn thư',
      'Sổ giấy mời đến',
      'Sổ văn bản đi',
      'Sổ bản sao',
    ]);
  });

  it('sorts document types by name in Vietnamese order', () => {
    const list = [
      type('to_trinh', 'Tờ trình'),
      type('dieu_le', 'Điều lệ'),
      type('de_an', 'Đề án'),
      type('bao_cao', 'Báo cáo'),
      type('du_an', 'Dự án'),
    ];
    expect(list.sort(compareDocTypes).map((t) => t.name)).toEqual(['Báo cáo', 'Dự án', 'Đề án', 'Điều lệ', 'Tờ trình']);
  });

  it('puts a new register after the last of its kind', () => {
    const all = [
      reg({ kind: 'incoming', sortOrder: 0 }),
      reg({ kind: 'incoming', sortOrder: 7 }),
      reg({ kind: 'outgoing', sortOrder: 20 }),
    ];
    expect(nextSortOrder('incoming', all)).toBe(8);
    expect(nextSortOrder('copy', all)).toBe(0);
  });
});

describe('deactivating a register', () => {
  it('warns only for the last active general register of its kind and confidentiality', () => {
    const den = reg({ code: 'DEN' });
    const denMat = reg({ code: 'DEN-MAT', confidential: true });
    const gm = reg({ code: 'DEN-GM', docTypeCodes: ['giay_moi'] });
    const di = reg({ kind: 'outgoing', code: 'DI' });
    const all = [den, denMat, gm, di];
    expect(isLastGeneral(den, all)).toBe(true);
    expect(isLastGeneral(denMat, all)).toBe(true);
    expect(isLastGeneral(gm, all)).toBe(false); // a limited register: its documents fall back to DEN
    const den2 = reg({ code: 'DEN-2', docTypeCodes: [] });
    expect(isLastGeneral(den, [...all, den2])).toBe(false); // [] takes every type like null
    expect(isLastGeneral(den, [...all, { ...den2, active: false }])).toBe(true);
    expect(isLastGeneral({ ...den, active: false }, all)).toBe(false);
  });
});

describe('labels and codes', () => {
  it('names the types a register is limited to, or null for every type', () => {
    const types = [type('giay_moi', 'Giấy mời'), type('cong_van', 'Công văn')];
    expect(limitNames({ docTypeCodes: null }, types)).toBeNull();
    expect(limitNames({ docTypeCodes: [] }, types)).toBeNull();
    expect(limitNames({ docTypeCodes: ['giay_moi', 'cong_van', 'da_xoa'] }, types)).toEqual([
      'Công văn',
      'da_xoa',
      'Giấy mời',
    ]);
  });

  it('suggests a code the server accepts from a Vietnamese name', () => {
    expect(suggestDocTypeCode('Pháp lệnh')).toBe('phap_lenh');
    expect(suggestDocTypeCode('  Tờ trình (nội bộ) ')).toBe('to_trinh_noi_bo');
    expect(suggestDocTypeCode('Đơn đề nghị')).toBe('don_de_nghi');
    expect(suggestDocTypeCode('***')).toBe('');
    const long = suggestDocTypeCode('Văn bản '.repeat(20));
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long).toMatch(DOC_TYPE_CODE);
  });

  it('puts a taken code on the code field with what to do', () => {
    const e = new ApiError(409, 'registers.code_taken', 'Mã sổ "DEN" đã được dùng.');
    expect(fieldError(e)).toEqual({ name: 'code', errors: ['Mã sổ "DEN" đã được dùng. Nhập mã khác.'] });
    expect(fieldError(new ApiError(409, 'registers.doc_type_taken', 'Mã loại văn bản "luat" đã có.'))?.name).toBe(
      'code',
    );
    expect(fieldError(new ApiError(404, 'registers.not_found', 'Không tìm thấy sổ văn bản.'))).toBeNull();
    expect(fieldError(new Error('x'))).toBeNull();
  });
});
