/**
 * Permission matrix over documents in every situation of the owners' policies (both organs): for every user,
 * what search finds is exactly what the owning module opens (GET /api/incoming/:id, /api/outgoing/:id answer
 * 200), and a Mật document never shows in hits, counts, facets or snippets for a user without clearance.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { meta, register } from '../incoming/incoming.testkit';
import { demoIds, draft, expect200, toSigned } from '../outgoing/outgoing.testkit';

let sys: TestSystem;
const USERS = [
  'vanthu',
  'botruong',
  'thutruong',
  'chanhvp',
  'vutruong.pc',
  'vutruong.tccb',
  'chuyenvien.pc',
  'chuyenvien.tccb',
  'cuctruong.vtlt',
  'quantri',
  'snv.vanthu',
  'snv.giamdoc',
  'snv.truongphong',
  'snv.chuyenvien',
];
const clients: Record<string, Client> = {};
let secretId: string;
const SECRET_SUBJECT = 'Phương án bảo vệ bí mật nhà nước về quy hoạch đặc khu';

interface Res {
  items: { kind: string; id: string; title: string; titleHl: string; snippet: string }[];
  total: number;
  facets: Record<string, { value: string; count: number }[]>;
}
async function all(c: Client, qs = ''): Promise<Res['items']> {
  const out: Res['items'] = [];
  for (let page = 1; ; page++) {
    const r = await c.get(`/api/search?kind=incoming,outgoing&pageSize=100&page=${page}&facets=0${qs}`);
    expect(r.statusCode).toBe(200);
    const j = r.json() as Res;
    out.push(...j.items);
    if (j.items.length < 100) return out;
  }
}

async function pool<T, R>(xs: T[], n: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(xs.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < xs.length) {
        const k = i++;
        out[k] = await f(xs[k]!);
      }
    }),
  );
  return out;
}

beforeAll(async () => {
  sys = await createTestSystem();
  for (const u of USERS) clients[u] = await sys.login(u);
  const ids = await demoIds(sys);
  const [clerk, minister, pcHead] = [clients['vanthu']!, clients['botruong']!, clients['vutruong.pc']!];
  let n = 500;
  const reg = async (c: Client, over: Record<string, unknown>) => {
    const r = await register(c, meta({ number: String(n++), ...over }));
    expect200(r);
    return (r.json() as { id: string }).id;
  };
  const ok = async (p: Promise<{ statusCode: number; body: string }>) => expect200(await p);
  // Incoming in every situation of the policy: only registered; presented; assigned to units with coordination and
  // information; handed inside a unit; confidential at each level; presented straight to a unit; another organ's.
  await reg(clerk, { subject: 'Đề nghị cung cấp số liệu tinh giản biên chế quý IV' });
  await reg(clerk, { subject: 'Tình hình an ninh nội bộ cơ quan', confidentiality: 'mat' });
  const presented = await reg(clerk, { subject: 'Góp ý dự thảo Nghị định quy định về công tác văn thư' });
  await ok(clerk.post(`/api/incoming/${presented}/present`, { userId: ids.users['thutruong'] }));
  const assigned = await reg(clerk, { subject: 'Kiện toàn tổ chức bộ máy các đơn vị sự nghiệp công lập' });
  await ok(clerk.post(`/api/incoming/${assigned}/present`, { userId: ids.users['botruong'] }));
  await ok(
    minister.post(`/api/incoming/${assigned}/assign`, {
      lead: { unitId: ids.units['PC'] },
      coordinate: [{ unitId: ids.units['TCCB'] }],
      info: [{ userId: ids.users['chanhvp'] }],
    }),
  );
  await ok(pcHead.post(`/api/incoming/${assigned}/reassign`, { lead: ids.users['chuyenvien.pc'] }));
  // Assigned to Vụ Pháp chế, then classified Mật (as if reclassified after assignment): its head and specialist hold
  // no clearance, so although on its assignments they must not find it.
  secretId = await reg(clerk, { subject: SECRET_SUBJECT });
  await ok(clerk.post(`/api/incoming/${secretId}/present`, { userId: ids.users['botruong'] }));
  await ok(
    minister.post(`/api/incoming/${secretId}/assign`, {
      lead: { unitId: ids.units['PC'] },
      coordinate: [{ unitId: ids.units['VP'] }],
    }),
  );
  await ok(pcHead.post(`/api/incoming/${secretId}/reassign`, { lead: ids.users['chuyenvien.pc'] }));
  await sql`UPDATE incoming_documents SET confidentiality = 'mat', conf_rank = 1 WHERE id = ${secretId}`.execute(
    sys.deps.db,
  );
  await sql`UPDATE incoming_assignments SET conf_rank = 1 WHERE document_id = ${secretId}`.execute(sys.deps.db);
  const topSecret = await reg(clerk, { subject: 'Kế hoạch phòng thủ dân sự', confidentiality: 'toi_mat' });
  await ok(clerk.post(`/api/incoming/${topSecret}/present`, { userId: ids.users['thutruong'] }));
  const toUnit = await reg(clerk, { subject: 'Tổ chức hội nghị tập huấn nghiệp vụ lưu trữ' });
  await ok(clerk.post(`/api/incoming/${toUnit}/present`, { unitId: ids.units['VTLTNN'] }));
  await reg(clients['snv.vanthu']!, { subject: 'Thẩm định đề án vị trí việc làm của Sở' });
  // Outgoing: a draft, a submitted one, a confidential one in review (its route actors see it without clearance),
  // a signed one, an issued one to an internal unit.
  const spec = clients['chuyenvien.pc']!;
  await draft(spec, ids, { subject: 'V/v rà soát văn bản quy phạm pháp luật lĩnh vực nội vụ' });
  const review = await draft(spec, ids, { subject: 'V/v xin ý kiến về phương án sắp xếp đơn vị hành chính cấp xã' });
  await ok(spec.post(`/api/outgoing/${review}/submit`));
  const secretOut = await draft(spec, ids, {
    subject: 'V/v bảo vệ bí mật nhà nước trong công tác văn thư',
    confidentiality: 'mat',
    recipients: [{ kind: 'internal', unitId: ids.units['TCCB'] }],
  });
  await ok(spec.post(`/api/outgoing/${secretOut}/submit`));
  const signed = await draft(spec, ids, { subject: 'Kế hoạch thi nâng ngạch công chức năm 2027' });
  await toSigned(sys, signed);
  const issued = await draft(spec, ids, { subject: 'Thông báo về tăng cường kỷ luật, kỷ cương hành chính' });
  await toSigned(sys, issued);
  await ok(clerk.post(`/api/outgoing/${issued}/issue`));
}, 60_000);
afterAll(async () => sys.stop());

describe('search shows exactly what the owner opens', () => {
  it('for every user of both organs: hits == documents the incoming/outgoing modules answer 200 for', async () => {
    const docs = [
      ...(await sys.deps.db.selectFrom('incoming_documents').select('id').execute()).map((r) => ({
        kind: 'incoming',
        id: r.id,
      })),
      ...(await sys.deps.db.selectFrom('outgoing_docs').select('id').execute()).map((r) => ({
        kind: 'outgoing',
        id: r.id,
      })),
    ];
    expect(docs.length).toBe(13);
    for (const u of USERS) {
      const c = clients[u]!;
      const found = new Set((await all(c)).map((h) => `${h.kind}:${h.id}`));
      const opens = await pool(docs, 8, async (d) =>
        (await c.get(`/api/${d.kind}/${d.id}`)).statusCode === 200 ? `${d.kind}:${d.id}` : null,
      );
      const opened = new Set(opens.filter((x): x is string => x !== null));
      expect([u, [...found].filter((x) => !opened.has(x))]).toEqual([u, []]);
      expect([u, [...opened].filter((x) => !found.has(x))]).toEqual([u, []]);
    }
  }, 30_000);

  it('a Mật document: not in hits, total, facets or snippets without clearance; found by the cleared clerk', async () => {
    const q = encodeURIComponent('bao ve bi mat dac khu');
    for (const u of ['vutruong.pc', 'chuyenvien.pc']) {
      const c = clients[u]!;
      expect((await c.get(`/api/incoming/${secretId}`)).statusCode).toBe(404);
      const r = (await c.get(`/api/search?q=${q}`)).json() as Res;
      expect(r.items).toEqual([]);
      expect(r.total).toBe(0);
      for (const values of Object.values(r.facets)) expect(values).toEqual([]);
      // Nor counted among the unit's documents, nor its words in any other hit's snippet.
      const unit = (await c.get('/api/search?kind=incoming&pageSize=100')).json() as Res;
      expect(unit.items.map((h) => h.id)).not.toContain(secretId);
      expect(unit.items.some((h) => h.title.includes('đặc khu') || h.snippet.includes('đặc khu'))).toBe(false);
      expect(unit.facets.kind!.reduce((n, f) => n + f.count, 0)).toBe(unit.total);
      expect(unit.total).toBe((await all(c)).filter((h) => h.kind === 'incoming').length);
    }
    const clerk = (await clients['vanthu']!.get(`/api/search?q=${q}`)).json() as Res;
    expect(clerk.items.map((h) => h.id)).toEqual([secretId]);
    expect(clerk.total).toBe(1);
    // Another organ's cleared clerk does not see it either.
    expect(((await clients['snv.vanthu']!.get(`/api/search?q=${q}`)).json() as Res).total).toBe(0);
  });

  it("a work file's documents only for those with access to the file; a grant opens them, its removal closes them", async () => {
    const spec = clients['chuyenvien.pc']!;
    const other = clients['chuyenvien.tccb']!;
    const f = (
      await spec.post('/api/workfiles', {
        title: 'Hồ sơ về việc xây dựng đề án sắp xếp đặc khu hành chính',
        notation: '99.PC',
        retention: '10',
        startDate: '2026-03-01',
      })
    ).json() as { id: string };
    const up = await import('../incoming/incoming.testkit');
    const { body, contentType } = up.multipart([
      { name: 'file', filename: 'tl.pdf', type: 'application/pdf', content: up.tinyPdf() },
    ]);
    const file = (await spec.request('POST', '/api/files', body, { 'content-type': contentType })).json() as {
      id: string;
    };
    const add = await spec.post(`/api/workfiles/${f.id}/members`, {
      kind: 'upload',
      refId: file.id,
      upload: {
        subject: 'Biên bản họp thẩm định phương án sáp nhập xã biên giới',
        docDate: '2026-03-05',
        pageCount: 1,
      },
    });
    expect(add.statusCode).toBe(200);
    const q = `/api/search?q=${encodeURIComponent('bien ban tham dinh sap nhap')}`;
    expect(((await spec.get(q)).json() as Res).items.map((h) => h.kind)).toEqual(['member']);
    expect(((await other.get(q)).json() as Res).total).toBe(0);
    const ids = await demoIds(sys);
    expect(
      (await spec.request('PUT', `/api/workfiles/${f.id}/grants/${ids.users['chuyenvien.tccb']}`, { access: 'read' }))
        .statusCode,
    ).toBe(200);
    expect(((await other.get(q)).json() as Res).total).toBe(1);
    expect((await other.get(`/api/workfiles/${f.id}`)).statusCode).toBe(200);
    expect(
      (await spec.request('PUT', `/api/workfiles/${f.id}/grants/${ids.users['chuyenvien.tccb']}`, { access: 'none' }))
        .statusCode,
    ).toBe(200);
    expect(((await other.get(q)).json() as Res).total).toBe(0);
    // The file itself follows the same rule.
    const fq = `/api/search?kind=workfile&q=${encodeURIComponent('de an sap xep dac khu')}`;
    expect(((await spec.get(fq)).json() as Res).total).toBe(1);
    expect(((await other.get(fq)).json() as Res).total).toBe(0);
  });
});
