import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEdxml } from './parse';
import { createMemorySink } from './sinks';
import { FIXTURES, fixturePath, sha256 } from './testing';
import type { ParsedEdoc, ParsedEdxml, ParsedStatus } from './types';
import { validateEdxml } from './validate';

async function parse(name: string): Promise<{ parsed: ParsedEdxml; files: Map<string, Buffer> }> {
  const mem = createMemorySink();
  const parsed = await parseEdxml(fixturePath(name), { attachmentSink: mem.sink });
  return { parsed, files: mem.files };
}

async function edoc(name: string): Promise<{ parsed: ParsedEdoc; files: Map<string, Buffer> }> {
  const r = await parse(name);
  if (r.parsed.kind !== 'edoc') throw new Error(`${name} is not an edoc`);
  return { parsed: r.parsed, files: r.files };
}

async function status(name: string): Promise<ParsedStatus> {
  const r = await parse(name);
  if (r.parsed.kind !== 'status') throw new Error(`${name} is not a status`);
  return r.parsed;
}

describe('official sample packages', () => {
  const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.edxml'));

  it('finds all 14 samples', () => {
    expect(names).toHaveLength(14);
  });

  it.each(names)('%s parses and is valid for a received package', async (name) => {
    const { parsed } = await parse(name);
    expect(parsed.kind).toBe(name.startsWith('status') ? 'status' : 'edoc');
    expect(validateEdxml(parsed)).toEqual([]);
  });

  it('edoc_new: stray "1212" before the prolog, header values, zipped attachment expanded', async () => {
    const { parsed, files } = await edoc('edoc_new.edxml');
    const mh = parsed.header.messageHeader;
    expect(parsed.warnings.map((w) => w.code)).toContain('edxml.stray_bytes');
    expect(mh.from.organId).toBe('002.00.20.H13');
    expect(mh.to.map((t) => t.organId)).toEqual(['28.22.H17']);
    expect(mh.to[0]!.organizationInCharge).toBe('UBND xã Hòa Sơn - UBND huyện Hòa Vang - Thành phố Đà Nẵng');
    expect(mh.code).toEqual({ codeNumber: '74fass22', codeNotation: 'VPCP-TTĐT' });
    expect(mh.documentId).toBe('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    expect(mh.subject.startsWith('V/v kết nối, liên thông')).toBe(true);
    expect(mh.promulgationInfo).toEqual({ place: 'Hà Nội', promulgationDate: '2019/01/16' });
    expect(mh.otherInfo?.priority).toBe(0);
    expect(mh.otherInfo?.direction).toBe(false);
    expect(mh.otherInfo?.appendixes).toHaveLength(1);
    expect(mh.toPlaces).toEqual(['Cac bo va co quan ngang bo', 'Uy ban nhan dan cac tinh, TP']);
    expect(parsed.header.traceHeaderList.bussiness?.bussinessDocType).toBe(0);
    expect(parsed.header.traceHeaderList.traceHeaders).toEqual([
      { organId: '000.00.00.G22', timestamp: '2018/09/28 00:00:00' },
    ]);
    expect(parsed.signatureXml).toContain('<X509Certificate>MIIFqTCCBJG</X509Certificate>');
    expect(parsed.manifest).toEqual([
      {
        contentId: '209',
        contentType: 'application/zip',
        description: '1896_QD-TTg_m_294779.doc',
        attachmentName: '1896_QD-TTg_m_294779.doc',
      },
    ]);
    const [att] = parsed.attachments;
    expect(att).toMatchObject({
      contentId: '209',
      name: '1896_QD-TTg_m_294779.doc',
      contentType: 'application/zip',
      size: 270823,
      zipped: true,
    });
    expect(att!.sha256).toBe('7ab7c43a02a3cf2cedd14ebf2545a37e7a1307e0091b4ba94c2ef1e842a763aa');
    expect(sha256(files.get('0')!)).toBe(att!.sha256);
    expect(files.get('0')!.subarray(0, 2).toString()).toBe('PK');
    expect(att!.entries).toEqual([
      {
        key: '0/0',
        name: '32da2890-1a55-4ccd-9ac9-cd0d98559e67.edxml',
        contentType: 'application/xml',
        size: 388347,
        sha256: '8385739ec4a4ed36d71eabcaead629641ffc5ffff3d487ff5c34d2f821c9f36e',
      },
    ]);
    expect(files.get('0/0')!.toString('utf8', 0, 5)).toBe('<?xml');
  });

  it('edoc_revocation: BussinessDocType 1, ResponseFor, three recipients', async () => {
    const { parsed } = await edoc('edoc_revocation.edxml');
    const mh = parsed.header.messageHeader;
    expect(mh.from.organId).toBe('000.00.00.G22');
    expect(mh.to.map((t) => t.organId)).toEqual(['000.00.00.H41', '000.00.00.H14', '000.00.00.G17']);
    expect(mh.code).toEqual({ codeNumber: '7816', codeNotation: 'VPCP-TTĐT' });
    expect(mh.responseFor).toEqual([
      {
        organId: '000.00.00.H14',
        code: '267/VPCP-TTĐT',
        promulgationDate: '2018/09/28',
        documentId: '000.00.04.G14,2012/08/06,267/VPCP-TTĐT',
      },
    ]);
    expect(parsed.header.traceHeaderList.bussiness).toMatchObject({
      bussinessDocType: 1,
      bussinessDocReason: 'Thu hồi văn bản điện tử',
      paper: 0,
    });
    expect(parsed.attachments[0]).toMatchObject({ name: '1896_QD-TTg_m_294779.doc', size: 270823, zipped: true });
  });

  it('edoc_update: BussinessDocType 2 with receiver changes', async () => {
    const { parsed } = await edoc('edoc_update.edxml');
    const b = parsed.header.traceHeaderList.bussiness!;
    expect(b.bussinessDocType).toBe(2);
    expect(b.documentId).toBe('000.00.00.G22,2014/02/30,7806/VPCP-TTĐT');
    expect(b.bussinessDocumentInfo).toEqual({
      documentInfo: 1,
      documentReceiver: 1,
      receiverList: [
        { organId: '000.00.00.H41', receiverType: 0 },
        { organId: '000.00.00.H14', receiverType: 1 },
      ],
    });
    expect(b.staffInfo?.staff).toBe('Nguyễn Thị Ngọc Trâm');
    expect(parsed.attachments[0]!.entries[0]!.name).toBe('3ed3cc90-1dcb-4382-9725-1de9cd899790.edxml');
  });

  it('edoc_replacement: BussinessDocType 3 with replacement list', async () => {
    const { parsed } = await edoc('edoc_replacement.edxml');
    const b = parsed.header.traceHeaderList.bussiness!;
    expect(b.bussinessDocType).toBe(3);
    expect(b.bussinessDocReason).toBe('Văn bản thay thế');
    expect(b.replacementInfoList).toHaveLength(2);
    expect(b.replacementInfoList[0]).toEqual({
      documentId: '000.00.00.G22,2014/01/30,7806/VPCP-TTĐT',
      organIdList: ['000.00.00.H41', '000.00.00.H14'],
    });
    expect(parsed.attachments[0]).toMatchObject({ contentId: '209', size: 270823 });
  });

  const statuses: [string, string, string, string][] = [
    ['status.edxml', '01', '000.00.00.H41', '000.00.00.G22'],
    ['status_inbox_01.edxml', '01', '000.00.00.H41', '000.00.00.G22'],
    ['status_rejection_02.edxml', '02', '000.00.00.H41', '000.00.00.G22'],
    ['status_acceptance_03.edxml', '03', '000.00.00.H41', '000.00.00.G22'],
    ['status_assignment_04.edxml', '04', '000.00.00.H41', '000.00.00.G22'],
    ['status_processing_05.edxml', '05', '000.00.00.H41', '000.00.00.G22'],
    ['status_finish_06.edxml', '06', '000.00.00.H41', '000.00.00.G22'],
    ['status_cancellation_13.edxml', '13', '000.00.00.G22', '000.00.00.H41'],
    ['status_change-acceptance_15.edxml', '15', '000.00.00.H41', '000.00.00.G22'],
    ['status_change-rejection_16.edxml', '16', '000.00.00.H41', '000.00.00.G22'],
  ];
  it.each(statuses)('%s: StatusCode %s from %s about a document of %s', async (name, code, from, about) => {
    const s = await status(name);
    expect(s.status.statusCode).toBe(code);
    expect(s.status.from.organId).toBe(from);
    expect(s.status.responseFor.organId).toBe(about);
    expect(s.status.responseFor.documentId).toBe('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT');
    expect(s.status.responseFor.code).toBe('7816/VPCP-TTĐT');
    expect(s.status.timestamp).toMatch(/^20(15\/09\/20 11:08:36|18\/09\/28 17:25:11)$/);
  });

  it('status_inbox_01: staff info and description', async () => {
    const s = await status('status_inbox_01.edxml');
    expect(s.status.staffInfo).toEqual({
      department: 'Phong hanh chinh',
      staff: 'Nguyen thi ngoc tram',
      email: 'ngoctram@nghean.vn',
      mobile: '84912000001',
    });
    expect(s.status.description?.startsWith('Văn thư - Phòng Văn thư - Lưu trữ: Đã đến')).toBe(true);
  });
});
