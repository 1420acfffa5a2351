import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync, strToU8, unzipSync, strFromU8 } from 'fflate';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { meta, register, tinyPdf } from '../incoming/incoming.testkit';
import { demoIds, upload } from '../outgoing/outgoing.testkit';
import { JobWorker } from '../jobs';
import { MARK_END, MARK_START, parseQuery } from './index';

let sys: TestSystem;
let clerk: Client;
let specialist: Client;
const ids: Record<string, string> = {};

interface Hit {
  kind: string;
  id: string;
  title: string;
  titleHl: string;
  numberNotation: string;
  snippet: string;
  snippetPage: number | null;
  score: number;
  docDate: string | null;
}
interface Res {
  items: Hit[];
  total: number;
  facets: Record<string, { value: string; label: string; count: number }[]> | null;
}

async function incoming(key: string, over: Record<string, unknown>, files?: Parameters<typeof register>[2]) {
  const r = await register(clerk, meta({ number: String(100 + Object.keys(ids).length), ...over }), files);
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  ids[key] = (r.json() as { id: string }).id;
}
const find = async (c: Client, qs: string) => {
  const r = await c.get(`/api/search?${qs}`);
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  return r.json() as Res;
};
const q = (s: string, extra = '') => find(clerk, `q=${encodeURIComponent(s)}&kind=incoming${extra}`);
const idsOf = (r: Res) => r.items.map((h) => h.id);

/** A one-page PDF whose text layer is `lines` (pdfkit with a Vietnamese font: pdftotext reads it back). */
async function textPdf(pages: string[][]): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const { SERIF_FONTS } = await import('../../lib/fonts');
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.font(SERIF_FONTS[0]);
    pages.forEach((lines, i) => {
      if (i) doc.addPage();
      for (const l of lines) doc.text(l);
    });
    doc.end();
  });
}
function docx(paragraphs: string[]): Buffer {
  const body = paragraphs
    .map((p) => `<w:p><w:r><w:t>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`)
    .join('');
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      'word/document.xml': strToU8(
        `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
      ),
    }),
  );
}

beforeAll(async () => {
  sys = await createTestSystem();
  clerk = await sys.login('vanthu');
  specialist = await sys.login('chuyenvien.pc');
  // Subjects from the demo office seed (real Vietnamese of the field).
  await incoming('kh_vanthu', {
    subject: 'Kế hoạch kiểm tra công tác văn thư, lưu trữ năm 2027',
    docTypeCode: 'ke_hoach',
    number: '45',
    notation: 'KH-BNV',
    issuingOrganName: 'Bộ Nội vụ',
    issuedDate: '2026-02-10',
  });
  await incoming('qd_bnv', {
    subject: 'Quyết định về việc kiện toàn tổ chức bộ máy các đơn vị sự nghiệp công lập',
    docTypeCode: 'quyet_dinh',
    number: '123',
    notation: 'QĐ-BNV',
    issuingOrganName: 'Bộ Nội vụ',
    issuedDate: '2026-03-01',
  });
  await incoming('btc', {
    subject: 'V/v đề nghị cung cấp số liệu tinh giản biên chế quý IV',
    number: '77',
    notation: 'BTC-TCCB',
    issuingOrganName: 'Bộ Tài chính',
    issuedDate: '2025-11-20',
  });
  await incoming('hoa', {
    subject: 'Về việc hòa giải ở cơ sở',
    number: '9',
    notation: 'UBND-VP',
    issuingOrganName: 'Ủy ban nhân dân tỉnh Hà Giang',
    issuedDate: '2026-01-05',
  });
  await incoming('hoa_plain', {
    subject: 'Về việc hoa giai o co so (bản gõ không dấu)',
    number: '10',
    notation: 'UBND-VP',
    issuingOrganName: 'Ủy ban nhân dân tỉnh Hà Giang',
    issuedDate: '2026-01-06',
  });
  await incoming('order', {
    subject: 'Thực hiện chế độ báo cáo thống kê ngành nội vụ',
    number: '11',
    notation: 'TTCP-VP',
    issuingOrganName: 'Thanh tra Chính phủ',
    issuedDate: '2026-01-07',
  });
  await incoming('subject_kiem', {
    subject: 'Cử cán bộ tham gia đoàn kiểm tra công tác cải cách hành chính',
    number: '12',
    notation: 'VPCP-KSTT',
    issuingOrganName: 'Văn phòng Chính phủ',
    issuedDate: '2026-04-01',
  });
  await incoming(
    'body_kiem',
    {
      subject: 'Tổ chức hội nghị tập huấn nghiệp vụ lưu trữ',
      number: '13',
      notation: 'VPCP-TH',
      issuingOrganName: 'Văn phòng Chính phủ',
      issuedDate: '2026-04-02',
    },
    [
      {
        name: 'files',
        filename: 'scan.pdf',
        type: 'application/pdf',
        content: await textPdf([
          ['Trang một: giới thiệu hội nghị.'],
          ['Trang hai: nội dung về cải cách hành chính và đoàn kiểm tra.'],
        ]),
      },
    ],
  );
  await incoming(
    'docx',
    {
      subject: 'Góp ý dự thảo Nghị định quy định về công tác văn thư',
      number: '14',
      notation: 'BTP-PLDSKT',
      issuingOrganName: 'Bộ Tư pháp',
      issuedDate: '2026-04-03',
    },
    [{ name: 'files', filename: 'scan.pdf', type: 'application/pdf', content: tinyPdf() }],
  );
  await incoming('mat', {
    subject: 'Kế hoạch bảo vệ bí mật nhà nước năm 2027',
    number: '15',
    notation: 'KH-BCA',
    issuingOrganName: 'Bộ Công an',
    confidentiality: 'mat',
    issuedDate: '2026-04-04',
  });
  // A DOCX draft of an outgoing document (drafter: the specialist of Vụ Pháp chế).
  const d = docx(['Điều 1. Phạm vi điều chỉnh: quản lý tài liệu lưu trữ điện tử.', 'Điều 2. Đối tượng áp dụng.']);
  const oids = await demoIds(sys);
  const o = await specialist.post('/api/outgoing', {
    docType: 'cong_van',
    subject: 'V/v góp ý dự thảo Thông tư hướng dẫn',
    signerId: oids.users['thutruong'],
    recipients: [{ kind: 'internal', unitId: oids.units['TCCB'] }],
  });
  if (o.statusCode !== 200) throw new Error(o.body);
  ids.docx2 = (o.json() as { id: string }).id;
  const up = await upload(
    specialist,
    ids.docx2,
    d,
    'du-thao.docx',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  if (up.statusCode !== 200) throw new Error(up.body);
  // The extraction jobs queued by the index triggers run here as the worker would.
  const w = new JobWorker(sys.deps.db, sys.deps.jobs);
  while ((await w.runOnce()) > 0) {
    /* drain */
  }
}, 60_000);
afterAll(async () => sys.stop());

describe('query parsing', () => {
  it('words in any order, all required; quotes for a phrase; prefix on the last word while typing; no operator gets through', () => {
    expect(parseQuery('ke hoach van thu').tsquery).toBe('ke & hoach & van & thu:*');
    expect(parseQuery('ke hoach van thu ').tsquery).toBe('ke & hoach & van & thu');
    expect(parseQuery('"ke hoach" 2027').tsquery).toBe('(ke <-> hoach) & 2027:*');
    expect(parseQuery('123/QĐ').tsquery).toBe('(123 <-> qđ:*)');
    expect(parseQuery("a & b | !c:* ('d')").tsquery).toBe('a & b & c & d:*');
    expect(parseQuery('   ').tsquery).toBeNull();
    expect(parseQuery('&|!()').tsquery).toBeNull();
  });
});

describe('matching Vietnamese the way people type', () => {
  it('finds every word in any order, with or without diacritics, upper or lower case', async () => {
    for (const s of ['ke hoach van thu', 'van thu ke hoach', 'KẾ HOẠCH văn thư', 'kiem tra 2027', '2027 kiểm tra']) {
      expect(idsOf(await q(s)), s).toContain(ids.kh_vanthu);
    }
    // One word missing → not found.
    expect(idsOf(await q('ke hoach van thu ngoai giao '))).not.toContain(ids.kh_vanthu);
  });

  it('đ folds to d; a prefix of the last word matches while typing', async () => {
    expect(idsOf(await q('quyet dinh kien toan'))).toContain(ids.qd_bnv);
    expect(idsOf(await q('Quyết đ'))).toContain(ids.qd_bnv);
    expect(idsOf(await q('don vi su ngh'))).toContain(ids.qd_bnv);
    expect(idsOf(await q('don vi su ngh '))).not.toContain(ids.qd_bnv);
  });

  it('a notation is found by its number, its code without diacritics, and number/code', async () => {
    for (const s of ['123', 'qd-bnv', 'QĐ-BNV', '123/QĐ', '123/qd-bnv'])
      expect(idsOf(await q(s)), s).toContain(ids.qd_bnv);
    expect(idsOf(await q('124/QĐ '))).not.toContain(ids.qd_bnv);
  });

  it('quotes require the words together and in order', async () => {
    expect(idsOf(await q('"bo may to chuc"'))).not.toContain(ids.qd_bnv);
    expect(idsOf(await q('"to chuc bo may"'))).toContain(ids.qd_bnv);
  });

  it('ranking: exact diacritics first, notation and subject above body text', async () => {
    const r = await q('hòa giải ');
    expect(idsOf(r).slice(0, 2)).toEqual([ids.hoa, ids.hoa_plain]);
    const plain = await q('hoa giai ');
    expect(idsOf(plain)).toEqual(expect.arrayContaining([ids.hoa, ids.hoa_plain]));
    // "đoàn kiểm tra" is in the subject of one and only in the body (page 2) of the other.
    const k = await q('doan kiem tra ');
    expect(idsOf(k).indexOf(ids.subject_kiem!)).toBeLessThan(idsOf(k).indexOf(ids.body_kiem!));
    expect(idsOf(k)).toContain(ids.body_kiem);
  });

  it('full text of PDFs (with the page of the snippet) and DOCX; highlighted snippets', async () => {
    const k = await q('doan kiem tra ');
    const body = k.items.find((h) => h.id === ids.body_kiem)!;
    expect(body.snippet).toContain(`${MARK_START}kiểm${MARK_END}`);
    expect(body.snippetPage).toBe(2);
    const title = k.items.find((h) => h.id === ids.subject_kiem)!;
    expect(title.titleHl).toContain(
      `${MARK_START}đoàn${MARK_END} ${MARK_START}kiểm${MARK_END} ${MARK_START}tra${MARK_END}`,
    );
    const d = await find(specialist, `q=${encodeURIComponent('tai lieu luu tru dien tu')}`);
    expect(idsOf(d)).toEqual([ids.docx2]);
    // The clerk does not see a draft that has not left its unit.
    expect(idsOf(await find(clerk, `q=${encodeURIComponent('tai lieu luu tru dien tu')}`))).toEqual([]);
    expect(d.items[0]!.snippet).toContain(`${MARK_START}điện${MARK_END}`);
  });

  it('filters: type, date range dd/mm/yyyy, issuing organ, year; facets count the same set; sort by subject in Vietnamese order', async () => {
    const all = await q('');
    expect(all.total).toBe(10); // the Mật one is visible to the clerk (cleared Tối mật)
    const kinds = all.facets!.kind;
    expect(kinds).toEqual([{ value: 'incoming', label: 'Văn bản đến', count: 10 }]);
    const range = await q('', '&from=01%2F01%2F2026&to=31%2F03%2F2026&sort=date_asc');
    expect(range.items.map((h) => h.docDate)).toEqual(range.items.map((h) => h.docDate).sort());
    expect(range.items.every((h) => h.docDate! >= '2026-01-01' && h.docDate! <= '2026-03-31')).toBe(true);
    const bnv = await q('', '&organName=' + encodeURIComponent('Bộ Nội vụ'));
    expect(new Set(idsOf(bnv))).toEqual(new Set([ids.kh_vanthu, ids.qd_bnv]));
    const y = await q('', '&year=2025');
    expect(idsOf(y)).toEqual([ids.btc]);
    const byTitle = await q('', '&sort=title&pageSize=100');
    const titles = byTitle.items.map((h) => h.title);
    const { viSort } = await import('@vanthu/vn');
    expect(titles).toEqual(viSort(titles));
  });

  it('pickers match without diacritics and by any word of the name', async () => {
    const pick = async (kind: string, s: string) =>
      ((await clerk.get(`/api/search/pick?kind=${kind}&q=${encodeURIComponent(s)}`)).json() as { name: string }[]).map(
        (x) => x.name,
      );
    expect(await pick('unit', 'phap che')).toContain('Vụ Pháp chế');
    expect(await pick('unit', 'che phap')).toContain('Vụ Pháp chế');
    const types = await pick('doc_type', 'quyet');
    expect(types[0]).toMatch(/^Quyết định/);
    expect(types.every((n) => /quyết/i.test(n))).toBe(true);
    expect(types).toEqual(['Quyết định (cá biệt)', 'Nghị quyết (cá biệt)']);
    expect(await pick('person', 'thi thu')).toContain('Trần Thị Thư');
    expect(await pick('unit', 'zzz')).toEqual([]);
  });
});

describe('related documents', () => {
  it('lists documents sharing subject words, same organ first; not the document itself; 404 for one the caller cannot open', async () => {
    const r = await clerk.get(`/api/search/similar?kind=incoming&id=${ids.hoa}`);
    expect(r.statusCode).toBe(200);
    const xs = r.json() as { id: string }[];
    expect(xs[0]!.id).toBe(ids.hoa_plain);
    expect(xs.map((x) => x.id)).not.toContain(ids.hoa);
    expect((await specialist.get(`/api/search/similar?kind=incoming&id=${ids.hoa}`)).statusCode).toBe(404);
  });
});

describe('bad input answers 400 with a code, never 500', () => {
  it.each([
    ['q=' + 'a'.repeat(300), 'search.query_too_long'],
    ['from=31%2F02%2F2026', 'search.date_invalid'],
    ['from=01%2F04%2F2026&to=01%2F03%2F2026', 'search.range_invalid'],
    ['kind=secret', 'validation.failed'],
    ['unitId=not-a-uuid', 'validation.failed'],
    ['page=0', 'validation.failed'],
    ['sort=drop', 'validation.failed'],
  ])('%s → %s', async (qs, code) => {
    const r = await clerk.get(`/api/search?${qs}`);
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe(code);
    expect(r.json().message).toMatch(/[àáảãạăâđêôơư]/i);
  });
  it('odd characters and operators are searched as words, not errors', async () => {
    for (const s of ["'; DROP TABLE search_items; --", '!!!', '(a | b', 'a:*:*', '\\', '%_%', '""', '"unclosed']) {
      const r = await clerk.get(`/api/search?q=${encodeURIComponent(s)}`);
      expect(r.statusCode, s).toBe(200);
    }
    expect((await sys.anon().get('/api/search?q=a')).statusCode).toBe(401);
  });
});

describe('saved searches and export', () => {
  it('saves, lists, reopens, refuses a duplicate name, deletes; each user sees only their own', async () => {
    const s = await clerk.post('/api/search/saved', {
      name: 'Kế hoạch 2027',
      params: { q: 'ke hoach 2027', kind: 'incoming' },
    });
    expect(s.statusCode).toBe(200);
    expect((await clerk.post('/api/search/saved', { name: 'Kế hoạch 2027', params: {} })).json().code).toBe(
      'search.saved_exists',
    );
    const list = (await clerk.get('/api/search/saved')).json() as { id: string; params: { q: string } }[];
    expect(list.map((x) => x.params.q)).toEqual(['ke hoach 2027']);
    expect((await specialist.get('/api/search/saved')).json()).toEqual([]);
    expect((await specialist.del(`/api/search/saved/${list[0]!.id}`)).statusCode).toBe(404);
    expect((await clerk.del(`/api/search/saved/${list[0]!.id}`)).statusCode).toBe(204);
  });

  it('exports the hits to XLSX (rows equal the hits, chosen columns) and PDF', async () => {
    const hits = await q('van thu ');
    const r = await clerk.get(
      `/api/search/export.xlsx?q=${encodeURIComponent('van thu ')}&kind=incoming&columns=numberNotation,title`,
    );
    expect(r.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(r.rawPayload));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const cells = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map((m) =>
      [...m[2]!.matchAll(/<t xml:space="preserve">(.*?)<\/t>/g)].map((x) => x[1]!),
    );
    const dataRows = cells.slice(cells.findIndex((c) => c[0] === 'Số, ký hiệu') + 1);
    expect(dataRows).toEqual(hits.items.map((h) => [h.numberNotation, h.title]));
    const pdf = await clerk.get(`/api/search/export.pdf?q=${encodeURIComponent('van thu')}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
