import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { meta, multipart, register, tinyPdf } from '../incoming/incoming.testkit';
import { fileCode } from './index';

let sys: TestSystem;
let clerk: Client;
beforeAll(async () => {
  sys = await createTestSystem();
  clerk = await sys.login('vanthu');
});
afterAll(async () => sys.stop());

async function newFile(c: Client, notation: string, title = 'Hồ sơ về việc góp ý dự thảo Thông tư công tác văn thư') {
  const r = await c.post('/api/workfiles', { title, notation, retention: '10', startDate: '2026-03-01' });
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  return r.json() as { id: string; code: string };
}
async function uploadFile(c: Client, content = tinyPdf()) {
  const { body, contentType } = multipart([
    { name: 'file', filename: 'tai-lieu.pdf', type: 'application/pdf', content },
  ]);
  const r = await c.request('POST', '/api/files', body, { 'content-type': contentType });
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  return r.json() as { id: string };
}
async function incoming(over: Record<string, unknown> = {}) {
  const r = await register(clerk, meta({ number: String(Math.floor(Math.random() * 1e6)), ...over }));
  if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body}`);
  return (r.json() as { id: string }).id;
}

describe('work files', () => {
  it('file code = organ code + year + notation', async () => {
    expect(fileCode('000.00.00.G09', 2026, '01.TCCB')).toBe('000.00.00.G09.2026.01.TCCB');
    const f = await newFile(clerk, '01.VP');
    expect(f.code).toBe('000.00.00.G09.2026.01.VP');
    const again = await clerk.post('/api/workfiles', {
      title: 'Trùng ký hiệu',
      notation: '01.VP',
      startDate: '2026-05-01',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('workfiles.notation_taken');
    const bad = await clerk.post('/api/workfiles', {
      title: 'Ký hiệu sai',
      notation: '01 VP/x',
      startDate: '2026-05-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('workfiles.notation_invalid');
  });

  it('100 concurrent additions get ordinals 1..100 with no duplicate and no gap', async () => {
    const f = await newFile(clerk, '02.VP');
    const uploads = await Promise.all(Array.from({ length: 100 }, () => uploadFile(clerk)));
    const res = await Promise.all(
      uploads.map((u, i) =>
        clerk.post(`/api/workfiles/${f.id}/members`, {
          kind: 'upload',
          refId: u.id,
          upload: { subject: `Tài liệu ${i}`, docDate: '2026-03-05', pageCount: 1 },
        }),
      ),
    );
    expect(res.map((r) => r.statusCode).every((s) => s === 200)).toBe(true);
    const ordinals = res.map((r) => (r.json() as { ordinal: number }).ordinal).sort((a, b) => a - b);
    expect(ordinals).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const page = (await clerk.get(`/api/workfiles/${f.id}`)).json() as {
      memberCount: number;
      members: { ordinal: number; docCode: string }[];
    };
    expect(page.memberCount).toBe(100);
    expect(new Set(page.members.map((m) => m.ordinal)).size).toBe(100);
    expect(page.members.find((m) => m.ordinal === 7)?.docCode).toBe('000.00.00.G09.2026.02.VP.0000007');
    // Removing one closes the gap.
    const m7 = (await clerk.get(`/api/workfiles/${f.id}`))
      .json()
      .members.find((m: { ordinal: number }) => m.ordinal === 7);
    expect((await clerk.del(`/api/workfiles/${f.id}/members/${m7.id}`)).statusCode).toBe(204);
    const after = (await clerk.get(`/api/workfiles/${f.id}`)).json() as {
      memberCount: number;
      members: { ordinal: number }[];
    };
    expect(after.memberCount).toBe(99);
    expect(after.members.map((m) => m.ordinal).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 99 }, (_, i) => i + 1),
    );
  });

  it('a document in two files is stored once (referenced, not copied)', async () => {
    const docId = await incoming();
    const a = await newFile(clerk, '03.VP');
    const b = await newFile(clerk, '04.VP');
    const filesBefore = await sys.deps.db
      .selectFrom('files')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect((await clerk.post(`/api/workfiles/${a.id}/members`, { kind: 'incoming', refId: docId })).statusCode).toBe(
      200,
    );
    expect((await clerk.post(`/api/workfiles/${b.id}/members`, { kind: 'incoming', refId: docId })).statusCode).toBe(
      200,
    );
    const dup = await clerk.post(`/api/workfiles/${b.id}/members`, { kind: 'incoming', refId: docId });
    expect(dup.json().code).toBe('workfiles.already_member');
    const filesAfter = await sys.deps.db
      .selectFrom('files')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(filesAfter.n).toBe(filesBefore.n);
    const ma = (await clerk.get(`/api/workfiles/${a.id}`)).json().members[0];
    const mb = (await clerk.get(`/api/workfiles/${b.id}`)).json().members[0];
    expect(ma.refId).toBe(docId);
    expect(mb.refId).toBe(docId);
    expect(ma.fileIds).toEqual(mb.fileIds);
    const holders = (await clerk.get(`/api/workfiles/of-document?kind=incoming&refId=${docId}`)).json() as {
      code: string;
    }[];
    expect(holders.map((h) => h.code).sort()).toEqual([a.code, b.code].sort());
    // A document the caller may not see cannot be added.
    const pc = await sys.login('chuyenvien.pc');
    const own = await newFile(pc, '01.PC', 'Hồ sơ xây dựng văn bản quy phạm pháp luật năm 2026');
    const refused = await pc.post(`/api/workfiles/${own.id}/members`, { kind: 'incoming', refId: docId });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('workfiles.document_not_found');
  });

  it('per-file access: creator, unit and grants read; anyone else gets 404', async () => {
    const pc = await sys.login('chuyenvien.pc');
    const f = await newFile(pc, '02.PC', 'Hồ sơ thẩm định dự thảo Nghị định về văn thư');
    const head = await sys.login('vutruong.pc');
    const other = await sys.login('chuyenvien.tccb');
    expect((await head.get(`/api/workfiles/${f.id}`)).statusCode).toBe(200);
    const hidden = await other.get(`/api/workfiles/${f.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('workfiles.not_found');
    expect((await other.post(`/api/workfiles/${f.id}/close`)).statusCode).toBe(404);
    expect(
      ((await other.get('/api/workfiles?scope=mine')).json() as { items: { id: string }[] }).items.some(
        (i) => i.id === f.id,
      ),
    ).toBe(false);
    const ids = await sys.deps.db
      .selectFrom('users')
      .select(['id'])
      .where('username', '=', 'chuyenvien.tccb')
      .executeTakeFirstOrThrow();
    expect((await pc.request('PUT', `/api/workfiles/${f.id}/grants/${ids.id}`, { access: 'read' })).statusCode).toBe(
      200,
    );
    const granted = await other.get(`/api/workfiles/${f.id}`);
    expect(granted.statusCode).toBe(200);
    expect(granted.json().can).toMatchObject({ read: true, edit: false });
    expect((await other.patch(`/api/workfiles/${f.id}`, { title: 'Đổi tên' })).json().code).toBe('workfiles.forbidden');
    // Another organ's user: 404 as well.
    const snv = await sys.login('snv.chuyenvien');
    expect((await snv.get(`/api/workfiles/${f.id}`)).statusCode).toBe(404);
    // My files counts (F4đ).
    const mine = (await pc.get('/api/workfiles?scope=mine')).json() as { counts: { open: number; closed: number } };
    expect(mine.counts.open).toBeGreaterThanOrEqual(2);
  });

  it('closing refuses with each reason, then closes; reopening needs a reason and is audited', async () => {
    const f = await newFile(clerk, 'X.VP', 'Ngắn');
    const empty = await clerk.post(`/api/workfiles/${f.id}/close`);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().code).toBe('workfiles.close_refused');
    const codes0 = (empty.json().details.reasons as { code: string }[]).map((r) => r.code);
    expect(codes0).toEqual(expect.arrayContaining(['workfiles.close.empty', 'workfiles.close.title_missing']));
    // Same content twice, a member without page count, no retention, and a retention shorter than the schedule's.
    const pdf = tinyPdf();
    const u1 = await uploadFile(clerk, pdf);
    const u2 = await uploadFile(clerk, pdf);
    await clerk.post(`/api/workfiles/${f.id}/members`, {
      kind: 'upload',
      refId: u1.id,
      upload: { subject: 'Bản scan', docDate: '2026-03-02', organName: 'Bộ Nội vụ', pageCount: 1 },
    });
    await clerk.post(`/api/workfiles/${f.id}/members`, {
      kind: 'upload',
      refId: u2.id,
      upload: { subject: 'Bản scan lần 2', docDate: '2026-03-03', organName: '' },
    });
    await clerk.patch(`/api/workfiles/${f.id}`, { retention: null });
    const r1 = await clerk.post(`/api/workfiles/${f.id}/close`);
    const codes1 = (r1.json().details.reasons as { code: string }[]).map((r) => r.code).sort();
    expect(codes1).toEqual([
      'workfiles.close.duplicates',
      'workfiles.close.metadata_incomplete',
      'workfiles.close.retention_missing',
      'workfiles.close.title_missing',
    ]);
    await clerk.patch(`/api/workfiles/${f.id}`, {
      title: 'Báo cáo tổng kết năm 2026 của Văn phòng Bộ',
      retention: '10',
    });
    const r2 = await clerk.post(`/api/workfiles/${f.id}/close`);
    expect((r2.json().details.reasons as { code: string }[]).map((r) => r.code)).toContain(
      'workfiles.close.retention_short',
    );
    // Fix everything: remove the duplicate, permanent retention.
    const page = (await clerk.get(`/api/workfiles/${f.id}`)).json() as { members: { id: string; ordinal: number }[] };
    await clerk.del(`/api/workfiles/${f.id}/members/${page.members.find((m) => m.ordinal === 2)!.id}`);
    await clerk.patch(`/api/workfiles/${f.id}`, { retention: 'permanent' });
    const ok = await clerk.post(`/api/workfiles/${f.id}/close`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'closed', endDate: '2026-03-02' });
    expect(
      (
        await clerk.post(`/api/workfiles/${f.id}/members`, {
          kind: 'upload',
          refId: u2.id,
          upload: { subject: 'x', docDate: '2026-03-03' },
        })
      ).json().code,
    ).toBe('workfiles.closed');
    const noReason = await clerk.post(`/api/workfiles/${f.id}/reopen`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const re = await clerk.post(`/api/workfiles/${f.id}/reopen`, { reason: 'Bổ sung báo cáo quý IV' });
    expect(re.statusCode).toBe(200);
    expect(re.json().status).toBe('open');
    const ev = await sys.deps.db
      .selectFrom('audit_events')
      .select(['summary', 'actor_name'])
      .where('action', '=', 'workfiles.file.reopen')
      .where('entity_id', '=', f.id)
      .executeTakeFirstOrThrow();
    expect(ev.summary).toContain('Bổ sung báo cáo quý IV');
    expect(ev.actor_name).toBe('Trần Thị Thư');
    expect((re.json().history as { action: string }[]).map((h) => h.action)).toContain('workfiles.file.reopen');
  });

  it('a confidential member is invisible to a file reader without clearance', async () => {
    const f = await newFile(clerk, '05.VP');
    const open = await incoming({ subject: 'Công văn thường về lịch họp' });
    const secret = await incoming({ subject: 'Văn bản tối mật về nhân sự', confidentiality: 'toi_mat' });
    await clerk.post(`/api/workfiles/${f.id}/members`, { kind: 'incoming', refId: open });
    expect((await clerk.post(`/api/workfiles/${f.id}/members`, { kind: 'incoming', refId: secret })).statusCode).toBe(
      200,
    );
    expect((await clerk.get(`/api/workfiles/${f.id}`)).json().members).toHaveLength(2);
    // Chánh Văn phòng: same unit (reads the file), clearance Mật only.
    const chief = await sys.login('chanhvp');
    const seen = (await chief.get(`/api/workfiles/${f.id}`)).json() as {
      members: { subject: string; refId: string }[];
      hiddenMembers: number;
    };
    expect(seen.members.map((m) => m.refId)).toEqual([open]);
    expect(seen.hiddenMembers).toBe(1);
    expect(JSON.stringify(seen)).not.toContain('tối mật');
  });

  it('"Đưa vào hồ sơ": my open files found by typing without diacritics', async () => {
    await newFile(clerk, '06.VP', 'Hồ sơ tổ chức Hội nghị tổng kết công tác văn thư');
    const hits = (await clerk.get('/api/workfiles/pick?q=hoi nghi tong ket')).json() as {
      code: string;
      title: string;
    }[];
    expect(hits.map((h) => h.code)).toContain('000.00.00.G09.2026.06.VP');
    const none = (
      await (await sys.login('chuyenvien.tccb')).get('/api/workfiles/pick?q=hoi nghi tong ket')
    ).json() as unknown[];
    expect(none).toEqual([]);
  });
});
