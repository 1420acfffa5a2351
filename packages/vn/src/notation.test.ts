import { describe, expect, it } from 'vitest';
import { COPY_FORMS, DOC_TYPES, findDocType } from './doc-types';
import { formatDocNumber, formatNotation, formatNumberNotation, parseNumberNotation } from './notation';

describe('DOC_TYPES', () => {
  it('lists the 29 types of NĐ 30 with unique codes and abbreviations', () => {
    expect(DOC_TYPES).toHaveLength(29);
    expect(new Set(DOC_TYPES.map((t) => t.code)).size).toBe(29);
    const abbrs = DOC_TYPES.flatMap((t) => (t.abbr ? [t.abbr] : []));
    expect(abbrs).toHaveLength(27);
    expect(new Set(abbrs).size).toBe(27);
  });

  it('keeps abbreviations exactly as written (case matters)', () => {
    expect(findDocType('quy_dinh')?.abbr).toBe('QyĐ');
    expect(findDocType('chuong_trinh')?.abbr).toBe('CTr');
    expect(findDocType('to_trinh')?.abbr).toBe('TTr');
    expect(findDocType('QĐ')?.name).toBe('Quyết định (cá biệt)');
    expect(findDocType('CT')?.name).toBe('Chỉ thị');
    expect(findDocType('CTr')?.name).toBe('Chương trình');
    expect(findDocType('qđ')).toBeUndefined();
    expect(findDocType('cong_van')?.abbr).toBeNull();
    expect(findDocType('thu_cong')?.abbr).toBeNull();
  });

  it('has the copy forms SY, TrS, SL', () => {
    expect(COPY_FORMS.map((t) => t.abbr)).toEqual(['SY', 'TrS', 'SL']);
    expect(findDocType('TrS')?.name).toBe('Bản trích sao');
  });
});

describe('formatDocNumber', () => {
  it('writes a leading zero under 10 only', () => {
    expect(formatDocNumber(5)).toBe('05');
    expect(formatDocNumber(10)).toBe('10');
    expect(formatDocNumber(1234)).toBe('1234');
  });

  it('rejects zero, negatives and fractions', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) {
      expect(() => formatDocNumber(n)).toThrow(expect.objectContaining({ code: 'vn.doc_number_invalid' }));
    }
  });
});

describe('formatNotation and formatNumberNotation', () => {
  it('writes <type>-<organ>, and <organ>-<unit> for a công văn', () => {
    expect(formatNotation({ typeAbbr: 'QĐ', organAbbr: 'BNV' })).toBe('QĐ-BNV');
    expect(formatNotation({ typeAbbr: 'TTr', organAbbr: 'UBND', unitAbbr: 'VP' })).toBe('TTr-UBND');
    expect(formatNotation({ typeAbbr: null, organAbbr: 'BNV', unitAbbr: 'VP' })).toBe('BNV-VP');
    expect(formatNumberNotation(5, 'QĐ-BNV')).toBe('05/QĐ-BNV');
    expect(formatNumberNotation(12, formatNotation({ organAbbr: 'BNV', unitAbbr: 'VP' }))).toBe('12/BNV-VP');
  });

  it('requires the unit for a công văn and rejects spaces or separators inside a group', () => {
    expect(() => formatNotation({ organAbbr: 'BNV' })).toThrow(
      expect.objectContaining({ code: 'vn.notation_unit_required' }),
    );
    expect(() => formatNotation({ typeAbbr: 'Q Đ', organAbbr: 'BNV' })).toThrow(
      expect.objectContaining({ code: 'vn.notation_invalid' }),
    );
    expect(() => formatNotation({ typeAbbr: 'QĐ', organAbbr: 'B/NV' })).toThrow(
      expect.objectContaining({ code: 'vn.notation_invalid' }),
    );
    expect(() => formatNumberNotation(1, 'QĐ BNV')).toThrow(expect.objectContaining({ code: 'vn.notation_invalid' }));
  });

  it('normalises decomposed input and the eth typed for Đ', () => {
    expect(formatNotation({ typeAbbr: '\u00D0A', organAbbr: 'BNV' })).toBe('ĐA-BNV');
    expect(formatNumberNotation(3, 'QĐ-BNV'.normalize('NFD'))).toBe('03/QĐ-BNV');
  });
});

describe('parseNumberNotation', () => {
  it('reads a typed document', () => {
    expect(parseNumberNotation('05/QĐ-BNV')).toEqual({
      number: 5,
      numberText: '05',
      notation: 'QĐ-BNV',
      groups: ['QĐ', 'BNV'],
      typeAbbr: 'QĐ',
      organAbbr: 'BNV',
      unitAbbr: null,
    });
  });

  it('reads a công văn and a copy', () => {
    expect(parseNumberNotation('7816/VPCP-TTĐT')).toMatchObject({
      number: 7816,
      typeAbbr: null,
      organAbbr: 'VPCP',
      unitAbbr: 'TTĐT',
    });
    expect(parseNumberNotation('05/SY-UBND')).toMatchObject({ typeAbbr: 'SY', organAbbr: 'UBND' });
  });

  it('tolerates spaces around the separators and round-trips with formatNumberNotation', () => {
    const p = parseNumberNotation(' 12 / TTr - UBND ');
    expect(p).toMatchObject({ number: 12, notation: 'TTr-UBND', typeAbbr: 'TTr' });
    expect(formatNumberNotation(p!.number, p!.notation)).toBe('12/TTr-UBND');
  });

  it('returns null for what is not number/notation', () => {
    for (const bad of ['QĐ-BNV', '05/QĐ', 'abc/QĐ-BNV', '0/QĐ-BNV', '05/QĐ--BNV', '', '05/Q Đ-BNV']) {
      expect(parseNumberNotation(bad)).toBeNull();
    }
  });
});
