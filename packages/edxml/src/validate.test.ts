import { describe, expect, it } from 'vitest';
import { buildEdoc, completeEdocMeta, type EdocMeta } from './build-edoc';
import type { ParsedStatus } from './types';
import { validateEdoc } from './validate-edoc';
import { validateStatus } from './validate-status';

function meta(over: Partial<EdocMeta['messageHeader']> = {}): EdocMeta {
  return {
    messageHeader: {
      from: { organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' },
      to: [{ organId: '000.00.00.H41' }, { organId: '000.00.00.H14' }],
      code: { codeNumber: '12', codeNotation: 'VPCP-TH' },
      subject: 'Về việc thử nghiệm',
      promulgationInfo: { place: 'Hà Nội', promulgationDate: '2024/01/02' },
      ...over,
    },
  };
}

const codes = (m: EdocMeta, strict = false): string[] =>
  validateEdoc({ header: completeEdocMeta(m, new Date('2024-01-02T01:00:00Z')) }, { strictOrganCodes: strict }).map(
    (i) => `${i.code} ${i.path}`,
  );

describe('validateEdoc', () => {
  it('accepts a complete header, strictly', () => {
    expect(codes(meta(), true)).toEqual([]);
  });

  it('reports missing required fields', () => {
    const m = meta({ to: [], code: { codeNumber: '', codeNotation: ' ' }, subject: '', documentId: '' });
    expect(codes(m)).toEqual([
      'edxml.required MessageHeader.To',
      'edxml.required MessageHeader.DocumentId',
      'edxml.required MessageHeader.Code.CodeNumber',
      'edxml.required MessageHeader.Code.CodeNotation',
      'edxml.required MessageHeader.Subject',
    ]);
  });

  it('reports values over their maximum length, counted in characters', () => {
    const m = meta({
      code: { codeNumber: '12345678901', codeNotation: 'Đ'.repeat(30) },
      subject: 'ư'.repeat(501),
      from: { organId: '000.00.00.G22', organName: 'x'.repeat(201), telephone: '0'.repeat(21) },
      toPlaces: ['n'.repeat(151)],
    });
    expect(codes(m)).toEqual([
      'edxml.too_long MessageHeader.From.OrganName',
      'edxml.too_long MessageHeader.From.Telephone',
      'edxml.too_long MessageHeader.Subject',
      'edxml.too_long MessageHeader.ToPlaces.Place[0]',
    ]);
  });

  it('CodeNumber: 11 characters for our packages, up to 50 from received ones (tolerant reader, strict writer)', () => {
    const withNumber = (n: string, strict: boolean): string[] => {
      const header = completeEdocMeta(meta(), new Date('2024-01-02T01:00:00Z'));
      header.messageHeader.code = { codeNumber: n, codeNotation: 'VPCP-TH' };
      return validateEdoc({ header }, { strictOrganCodes: strict }).map((i) => `${i.code} ${i.path}`);
    };
    expect(withNumber('20241203001234', false)).toEqual([]);
    expect(withNumber('20241203001234', true)).toEqual(['edxml.too_long MessageHeader.Code.CodeNumber']);
    expect(withNumber('12345678901', true)).toEqual([]);
    expect(withNumber('9'.repeat(51), false)).toEqual(['edxml.too_long MessageHeader.Code.CodeNumber']);
    expect(() => completeEdocMeta(meta({ code: { codeNumber: '123456789012', codeNotation: 'VPCP-TH' } }))).toThrow(
      expect.objectContaining({ code: 'edxml.bad_meta' }),
    );
    expect(() => buildEdoc(meta({ code: { codeNumber: 'ư'.repeat(12), codeNotation: 'VPCP-TH' } }))).toThrow(
      expect.objectContaining({ code: 'edxml.bad_meta' }),
    );
    expect(() => buildEdoc(meta({ code: { codeNumber: 'ư'.repeat(11), codeNotation: 'VPCP-TH' } }))).not.toThrow();
  });

  it('reports duplicate recipients', () => {
    expect(codes(meta({ to: [{ organId: '000.00.00.H41' }, { organId: '000.00.00.H41' }] }))).toEqual([
      'edxml.duplicate_recipient MessageHeader.To[1].OrganId',
    ]);
  });

  it('checks agency codes strictly for our packages and loosely for received ones', () => {
    const m = meta({ to: [{ organId: '28.22.H17' }, { organId: 'not a code' }] });
    expect(codes(m)).toEqual(['edxml.bad_organ_code MessageHeader.To[1].OrganId']);
    expect(codes(m, true)).toEqual([
      'edxml.bad_organ_code MessageHeader.To[0].OrganId',
      'edxml.bad_organ_code MessageHeader.To[1].OrganId',
    ]);
  });

  it('checks priority, dates and business document type', () => {
    const m = meta({
      otherInfo: { priority: 5, appendixes: [] },
      dueDate: '2024/02/30',
      promulgationInfo: { promulgationDate: '31/12/2024 ' },
    });
    m.traceHeaderList = {
      traceHeaders: [{ organId: '000.00.00.G22', timestamp: '2024/01/02' }],
      bussiness: { bussinessDocType: 4, replacementInfoList: [] },
    };
    expect(codes(m)).toEqual([
      'edxml.bad_date MessageHeader.PromulgationInfo.PromulgationDate',
      'edxml.bad_date MessageHeader.DueDate',
      'edxml.bad_priority MessageHeader.OtherInfo.Priority',
      'edxml.bad_date TraceHeaderList.TraceHeader[0].Timestamp',
      'edxml.bad_business_doc_type TraceHeaderList.Bussiness.BussinessDocType',
    ]);
  });

  it('requires the updated document for an update and the list for a replacement', () => {
    const upd = meta();
    upd.traceHeaderList = {
      traceHeaders: [{ organId: '000.00.00.G22', timestamp: '2024/01/02 08:00:00' }],
      bussiness: { bussinessDocType: 2, replacementInfoList: [] },
    };
    expect(codes(upd)).toEqual(['edxml.required TraceHeaderList.Bussiness.DocumentId']);
    upd.traceHeaderList.bussiness!.bussinessDocType = 3;
    expect(codes(upd)).toEqual(['edxml.required TraceHeaderList.Bussiness.ReplacementInfoList']);
  });

  it('reports unreadable numbers found while parsing', () => {
    const issues = validateEdoc({
      header: completeEdocMeta(meta()),
      fieldIssues: [{ code: 'edxml.bad_number', path: 'MessageHeader.OtherInfo.Priority', message: 'x' }],
    });
    expect(issues.map((i) => i.code)).toEqual(['edxml.bad_number']);
  });
});

describe('validateStatus', () => {
  const status = (over: Partial<ParsedStatus['status']> = {}): Pick<ParsedStatus, 'status'> => ({
    status: {
      from: { organId: '000.00.00.H41' },
      responseFor: {
        organId: '000.00.00.G22',
        documentId: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
        code: '7816/VPCP-TTĐT',
      },
      statusCode: '03',
      timestamp: '2024/01/02 08:00:00',
      ...over,
    },
  });
  const scodes = (s: Pick<ParsedStatus, 'status'>): string[] => validateStatus(s).map((i) => `${i.code} ${i.path}`);

  it('accepts every code of the table', () => {
    for (const c of ['01', '02', '03', '04', '05', '06', '13', '15', '16'])
      expect(scodes(status({ statusCode: c, description: 'lý do' }))).toEqual([]);
  });

  it('refuses unknown codes, bad timestamps and a retrieval request without reason', () => {
    expect(scodes(status({ statusCode: '07' }))).toEqual(['edxml.bad_status_code MessageHeader.StatusCode']);
    expect(scodes(status({ statusCode: '1' }))).toEqual(['edxml.bad_status_code MessageHeader.StatusCode']);
    expect(scodes(status({ timestamp: '2024/13/01 08:00:00' }))).toEqual(['edxml.bad_date MessageHeader.Timestamp']);
    expect(scodes(status({ statusCode: '13' }))).toEqual(['edxml.required MessageHeader.Description']);
    expect(scodes(status({ from: { organId: '' } }))).toEqual(['edxml.required MessageHeader.From.OrganId']);
  });
});
