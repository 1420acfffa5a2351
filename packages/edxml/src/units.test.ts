import { describe, expect, it } from 'vitest';
import { Base64Decoder } from './base64';
import { parseEdxmlDate } from './dates';
import { makeDocumentId } from './document-id';
import { EdxmlError } from './errors';
import { isLooseOrganCode, isStrictOrganCode } from './organ-code';

function decodeAll(pieces: string[]): Buffer {
  const d = new Base64Decoder();
  return Buffer.concat([...pieces.map((p) => d.push(p)), d.end()]);
}

describe('Base64Decoder', () => {
  it('decodes across arbitrary splits, padding included', () => {
    const data = Buffer.from('edXML: văn bản điện tử');
    const enc = data.toString('base64');
    for (let cut = 0; cut <= enc.length; cut++) expect(decodeAll([enc.slice(0, cut), enc.slice(cut)])).toEqual(data);
    expect(decodeAll(enc.split(''))).toEqual(data);
  });

  it('tolerates missing final padding, refuses misplaced or excess padding', () => {
    expect(decodeAll(['YWI'])).toEqual(Buffer.from('ab'));
    const codeOf = (pieces: string[]): string | undefined => {
      try {
        decodeAll(pieces);
      } catch (e) {
        return e instanceof EdxmlError ? e.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(['YQ===='])).toBe('edxml.attachment_bad_base64');
    expect(codeOf(['YQ=', '=YQ=='])).toBe('edxml.attachment_bad_base64');
    expect(codeOf(['YWJj=', ''])).toBe('edxml.attachment_bad_base64');
    expect(codeOf(['YWJjZ'])).toBe('edxml.attachment_bad_base64');
    expect(codeOf(['YWJj-_'])).toBe('edxml.attachment_bad_base64');
  });
});

describe('dates', () => {
  it('reads the forms senders use and refuses impossible dates', () => {
    expect(parseEdxmlDate('2018/09/28')).toEqual({ year: 2018, month: 9, day: 28 });
    expect(parseEdxmlDate('28/09/2018 17:25')).toEqual({
      year: 2018,
      month: 9,
      day: 28,
      hour: 17,
      minute: 25,
      second: 0,
    });
    expect(parseEdxmlDate('2018-09-28T17:25:11')).toMatchObject({ hour: 17, second: 11 });
    expect(parseEdxmlDate('2014/02/30')).toBeNull();
    expect(parseEdxmlDate('2018/09/28 24:00:00')).toBeNull();
    expect(parseEdxmlDate('hôm qua')).toBeNull();
  });
});

describe('agency codes and document ids', () => {
  it('strict needs the 4-level canonical form; loose accepts what real senders use', () => {
    expect(isStrictOrganCode('000.00.00.G22')).toBe(true);
    expect(isStrictOrganCode('002.00.20.H13')).toBe(true);
    expect(isStrictOrganCode('28.22.H17')).toBe(false);
    expect(isStrictOrganCode('000.00.00.X22')).toBe(false);
    expect(isLooseOrganCode('28.22.H17')).toBe(true);
    expect(isLooseOrganCode('14.00.W00')).toBe(true);
    expect(isLooseOrganCode('G22')).toBe(false);
    expect(isLooseOrganCode('000.00.00.G22; DROP')).toBe(false);
  });

  it('makes the comma-form DocumentId', () => {
    expect(makeDocumentId('000.00.00.G22', '7816', 'VPCP-TTĐT', '30/09/2015')).toBe(
      '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
    );
    expect(makeDocumentId('000.00.00.G22', '1', 'X', new Date('2024-12-31T18:00:00Z'))).toBe(
      '000.00.00.G22,2025/01/01,1/X',
    );
  });
});
