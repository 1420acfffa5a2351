import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayVN } from '@vanthu/vn';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { organCalendar } from '../calendar';
import { JobWorker } from '../jobs';
import { onIncomingStatus, type IncomingStatusEvent } from './incoming.events';
import { runReminders } from './incoming.jobs';
import { registerElectronic } from './incoming.service';
import { meta, register, tinyPdf } from './incoming.testkit';

let sys: TestSystem;
let clerk: Client;
let admin: Client;
const ids: Record<string, string> = {};
const units: Record<string, string> = {};
beforeAll(async () => {
  sys = await createTestSystem();
  clerk = await sys.login('vanthu');
  admin = await sys.login('quantri');
  for (const u of (await admin.get('/api/admin/users')).json() as { id: string; username: string }[])
    ids[u.username] = u.id;
  for (const u of (await admin.get('/api/admin/units')).json() as { id: string; name: string }[]) units[u.name] = u.id;
});
afterAll(async () => sys.stop());

const box = async (c: Client, name: string) =>
  (await c.get(`/api/incoming?box=${name}&pageSize=100`)).json().items as {
    id: string;
    overdue: boolean;
    deadline: string | null;
  }[];
const doc = async (c: Client, id: string) => (await c.get(`/api/incoming/${id}`)).json();

describe('direction, assignment and handling', () => {
  it('runs the whole journey with trace, status events, notifications and lists', async () => {
    const events: IncomingStatusEvent[] = [];
    const off = onIncomingStatus(async (e) => void events.push(e));
    const reg = await register(
      clerk,
      meta({
        number: '310',
        notation: 'BTP-VP',
        subject: 'Về việc rà soát văn bản quy phạm pháp luật',
        presentTo: { userId: ids['thutruong'] },
      }),
    );
    expect(reg.statusCode).toBe(200);
    const id = reg.json().id as string;
    const tt = await sys.login('thutruong');
    expect((await box(tt, 'todo')).map((i) => i.id)).toContain(id);
    expect((await doc(tt, id)).can).toMatchObject({ assign: true, complete: false, register: false });
    const cv = await sys.login('chuyenvien.pc');
    expect((await cv.get(`/api/incoming/${id}`)).statusCode).toBe(404);

    const a = await tt.post(`/api/incoming/${id}/assign`, {
      direction: 'Giao Vụ Pháp chế chủ trì, Vụ TCCB phối hợp, báo cáo trước hạn.',
      lead: { unitId: units['Vụ Pháp chế'] },
      coordinate: [{ unitId: units['Vụ Tổ chức cán bộ'] }],
      info: [{ userId: ids['chanhvp'] }],
      deadline: { workingDays: 5 },
    });
    expect(a.statusCode).toBe(200);
    const expected = (
      await organCalendar(
        sys.deps.db,
        (await doc(tt, id)).assignments[0]
          ? (
              await sys.deps.db
                .selectFrom('organs')
                .select('id')
                .where('code', '=', '000.00.00.G09')
                .executeTakeFirstOrThrow()
            ).id
          : '',
      )
    ).addWorkingDays(todayVN(), 5);
    expect(a.json().deadline).toBe(expected);
    expect((await box(tt, 'done')).map((i) => i.id)).toContain(id);

    const vpc = await sys.login('vutruong.pc');
    const todo = await box(vpc, 'todo');
    expect(todo.find((i) => i.id === id)?.deadline).toBe(expected);
    expect((await doc(vpc, id)).can).toMatchObject({ reassign: true, complete: true, return: true });
    expect((await vpc.get('/api/incoming/counts')).json().todo).toBeGreaterThanOrEqual(1);
    const note = (await vpc.get('/api/notifications')).json();
    expect(note.items[0]).toMatchObject({ title: 'Được giao chủ trì xử lý văn bản', link: `/incoming/doc/${id}` });
    expect(note.unread).toBeGreaterThan(0);
    const chanh = await sys.login('chanhvp');
    expect((await box(chanh, 'info')).map((i) => i.id)).toContain(id);

    expect(
      (
        await vpc.post(`/api/incoming/${id}/reassign`, {
          direction: 'Đồng chí Chuyên chủ trì',
          lead: ids['chuyenvien.pc'],
        })
      ).statusCode,
    ).toBe(204);
    const outsider = await vpc.post(`/api/incoming/${id}/reassign`, {
      direction: 'x',
      coordinate: [ids['chuyenvien.tccb']],
    });
    expect(outsider.statusCode).toBe(400);
    expect(outsider.json().code).toBe('incoming.bad_assignee');
    expect((await box(vpc, 'doing')).map((i) => i.id)).toContain(id);
    expect((await box(cv, 'todo')).map((i) => i.id)).toContain(id);

    const tccb = await sys.login('vutruong.tccb');
    expect((await doc(tccb, id)).can).toMatchObject({ contribute: true, complete: false });
    expect(
      (await tccb.post(`/api/incoming/${id}/contribute`, { note: 'Vụ TCCB thống nhất nội dung.' })).statusCode,
    ).toBe(204);

    expect((await cv.post(`/api/incoming/${id}/progress`, { note: 'Đã rà soát 12/20 văn bản.' })).statusCode).toBe(204);
    expect((await box(cv, 'doing')).map((i) => i.id)).toContain(id);
    expect(
      (
        await cv.post(`/api/incoming/${id}/complete`, {
          note: 'Đã rà soát xong, có văn bản đi trả lời.',
          answerRef: '15/BNV-PC',
        })
      ).statusCode,
    ).toBe(204);
    expect((await box(cv, 'done')).map((i) => i.id)).toContain(id);
    expect((await box(vpc, 'doing')).map((i) => i.id)).not.toContain(id);

    const final = await doc(clerk, id);
    expect(final.status).toBe('done');
    expect(final.answerRef).toBe('15/BNV-PC');
    expect(final.trace.map((t: { action: string }) => t.action)).toEqual([
      'registered',
      'presented',
      'assigned',
      'reassigned',
      'contributed',
      'progress',
      'completed',
    ]);
    expect(final.trace[2]).toMatchObject({
      actorName: 'Vũ Chiến Thắng',
      note: 'Giao Vụ Pháp chế chủ trì, Vụ TCCB phối hợp, báo cáo trước hạn.',
    });
    expect(final.trace[2].details).toMatchObject({
      lead: ['Vụ Pháp chế'],
      coordinate: ['Vụ Tổ chức cán bộ'],
      info: ['Đỗ Văn Chánh'],
      deadline: expected,
    });
    expect(
      final.assignments.filter((x: { state: string }) => x.state === 'pending' || x.state === 'in_progress'),
    ).toEqual([]);

    await new JobWorker(sys.deps.db, sys.deps.jobs).runOnce();
    off();
    // A paper document has no sender to tell: no edXML status events (an electronic one: see below and exchange.e2e).
    expect(events.filter((e) => e.documentId === id)).toEqual([]);
  });

  it('returns a document up with a reason, and the clerk can send one back to its sender', async () => {
    const reg = await register(
      clerk,
      meta({ number: '311', subject: 'Đề nghị cung cấp số liệu biên chế', presentTo: { userId: ids['thutruong'] } }),
    );
    const id = reg.json().id as string;
    const tt = await sys.login('thutruong');
    await tt.post(`/api/incoming/${id}/assign`, {
      direction: 'Vụ TCCB xử lý',
      lead: { unitId: units['Vụ Tổ chức cán bộ'] },
      deadline: { date: todayVN() },
    });
    const tccb = await sys.login('vutruong.tccb');
    const bad = await tccb.post(`/api/incoming/${id}/return`, { reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(
      (await tccb.post(`/api/incoming/${id}/return`, { reason: 'Không thuộc chức năng của Vụ.' })).statusCode,
    ).toBe(204);
    const d = await doc(clerk, id);
    expect(d.status).toBe('pending_assignment');
    expect(d.trace.at(-1)).toMatchObject({ action: 'returned', note: 'Không thuộc chức năng của Vụ.' });
    expect((await box(tt, 'todo')).map((i) => i.id)).toContain(id);
    // The leader sends it back to the clerk, who returns it to the sender.
    expect(
      (await tt.post(`/api/incoming/${id}/return`, { reason: 'Đề nghị văn thư trả lại nơi gửi.' })).statusCode,
    ).toBe(204);
    expect((await doc(clerk, id)).can.reject).toBe(true);
    expect((await clerk.post(`/api/incoming/${id}/reject`, { reason: 'Gửi nhầm cơ quan.' })).statusCode).toBe(204);
    const r = await doc(clerk, id);
    expect(r).toMatchObject({ status: 'returned', returnedReason: 'Gửi nhầm cơ quan.' });
    const jobs = await sys.deps.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'incoming.status_changed')
      .execute();
    expect(jobs.some((j) => (j.payload as IncomingStatusEvent).documentId === id)).toBe(false);
  });

  it('registers an electronic document through the service entry point: waiting, then numbered by the clerk', async () => {
    const organ = await sys.deps.db
      .selectFrom('organs')
      .select('id')
      .where('code', '=', '000.00.00.G09')
      .executeTakeFirstOrThrow();
    const put = await sys.deps.blobs.put((await import('node:stream')).Readable.from([tinyPdf(2)]), {
      maxBytes: 1e6,
      allowed: ['pdf'],
    });
    const m = (await import('./incoming.schemas')).parseMeta(
      meta({ number: '99', notation: 'SNV-VP', issuingOrganName: 'Sở Nội vụ', subject: 'Văn bản điện tử liên thông' }),
    );
    const { id } = await registerElectronic(
      sys.deps,
      organ.id,
      {
        meta: m,
        files: [{ put, name: 'vb.pdf' }],
        source: {
          kind: 'edxml',
          senderOrganId: '000.00.12.H29',
          senderOrganName: 'Sở Nội vụ',
          documentId: 'DOC-99',
          packageId: 'PKG-1',
        },
      },
      { userId: null, name: 'Trục liên thông', organId: organ.id },
    );
    expect((await box(clerk, 'pending_registration')).map((i) => i.id)).toContain(id);
    expect((await clerk.get('/api/incoming/counts')).json().pendingRegistration).toBe(1);
    const d = await doc(clerk, id);
    expect(d).toMatchObject({
      status: 'pending_registration',
      source: 'edxml',
      arrivalNumber: null,
      pageCount: 2,
      documentIdentifier: 'DOC-99',
    });
    expect(d.sourceInfo).toMatchObject({ senderOrganId: '000.00.12.H29', packageId: 'PKG-1' });
    // The sender's metadata is not the clerk's to change (only a mail's is completed at registration).
    const locked = await clerk.post(`/api/incoming/${id}/register`, { meta: { number: '100' } });
    expect(locked.statusCode).toBe(400);
    expect(locked.json().code).toBe('incoming.meta_locked');
    const r = await clerk.post(`/api/incoming/${id}/register`, {});
    expect(r.statusCode).toBe(200);
    expect(r.json().arrivalNumber).toBeGreaterThan(0);
    expect((await doc(clerk, id)).trace.map((t: { action: string }) => t.action)).toEqual(['received', 'registered']);
    // Status events go to the sender: registered (03), then assigned (04), in progress (05), done (06).
    const events: IncomingStatusEvent[] = [];
    const off = onIncomingStatus(async (e) => void events.push(e));
    const tt = await sys.login('thutruong');
    expect((await clerk.post(`/api/incoming/${id}/present`, { userId: ids['thutruong'] })).statusCode).toBe(204);
    expect(
      (
        await tt.post(`/api/incoming/${id}/assign`, {
          direction: 'Văn phòng xử lý.',
          lead: { userId: ids['chanhvp'] },
          coordinate: [],
          info: [],
          deadline: { workingDays: 3 },
        })
      ).statusCode,
    ).toBe(200);
    const vp = await sys.login('chanhvp');
    expect((await vp.post(`/api/incoming/${id}/progress`, { note: 'Đang rà soát.' })).statusCode).toBe(204);
    expect((await vp.post(`/api/incoming/${id}/complete`, { note: 'Đã xử lý.' })).statusCode).toBe(204);
    while ((await new JobWorker(sys.deps.db, sys.deps.jobs).runOnce()) > 0) {
      /* drain */
    }
    off();
    expect(
      events
        .filter((e) => e.documentId === id)
        .map((e) => e.code)
        .sort(),
    ).toEqual(['03', '04', '05', '06']); // the queue does not promise an order
    // The sender revokes it: it is returned with the reason, once.
    const { withdrawElectronic } = await import('./incoming.service');
    const actor = { userId: null, name: 'Trục liên thông', organId: organ.id };
    expect(await withdrawElectronic(sys.deps, organ.id, id, 'Ban hành nhầm', actor)).toEqual({ changed: true });
    expect(await withdrawElectronic(sys.deps, organ.id, id, 'Ban hành nhầm', actor)).toEqual({ changed: false });
    expect(await doc(clerk, id)).toMatchObject({
      status: 'returned',
      returnedReason: 'Nơi gửi thu hồi: Ban hành nhầm',
    });
    // A package naming a type the organ does not list is kept as a công văn.
    const put2 = await sys.deps.blobs.put((await import('node:stream')).Readable.from([tinyPdf(1)]), {
      maxBytes: 1e6,
      allowed: ['pdf'],
    });
    const odd = await registerElectronic(
      sys.deps,
      organ.id,
      {
        meta: { ...m, docTypeCode: 'khong_co', number: '100' },
        files: [{ put: put2, name: 'x.pdf' }],
        source: { kind: 'edxml', senderOrganId: '000.00.12.H29', documentId: 'DOC-100', packageId: 'PKG-2' },
      },
      actor,
    );
    expect((await doc(clerk, odd.id)).typeName).toBe('Công văn');
    // The same package fetched again (a crash before the hub was acknowledged), twice at once: still one document.
    const again = async () => {
      const p3 = await sys.deps.blobs.put((await import('node:stream')).Readable.from([tinyPdf(1)]), {
        maxBytes: 1e6,
        allowed: ['pdf'],
      });
      return registerElectronic(
        sys.deps,
        organ.id,
        {
          meta: { ...m, number: '100' },
          files: [{ put: p3, name: 'x.pdf' }],
          source: { kind: 'edxml', senderOrganId: '000.00.12.H29', documentId: 'DOC-100', packageId: 'PKG-2' },
        },
        actor,
      );
    };
    const [a, b] = await Promise.all([again(), again()]);
    expect([a.id, b.id]).toEqual([odd.id, odd.id]);
    expect([a.alreadyReceived, b.alreadyReceived]).toEqual([true, true]);
    const rows = await sys.deps.db
      .selectFrom('incoming_documents')
      .select('id')
      .where('organ_id', '=', organ.id)
      .where('document_identifier', '=', 'DOC-100')
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('deadlines, reminders and reports', () => {
  it('lists an overdue document for its assignee, reminds once a day, and counts it in the handling report', async () => {
    const reg = await register(
      clerk,
      meta({ number: '400', subject: 'Báo cáo quá hạn thử nghiệm', presentTo: { userId: ids['thutruong'] } }),
    );
    const id = reg.json().id as string;
    const tt = await sys.login('thutruong');
    const past = new Date(Date.now() - 10 * 86400_000).toISOString().slice(0, 10);
    await tt.post(`/api/incoming/${id}/assign`, {
      direction: 'Xử lý gấp',
      lead: { userId: ids['chuyenvien.tccb'] },
      deadline: { date: past },
    });
    const cv = await sys.login('chuyenvien.tccb');
    const overdue = await box(cv, 'overdue');
    expect(overdue.find((i) => i.id === id)).toMatchObject({ overdue: true, deadline: past });
    expect((await cv.get('/api/incoming/counts')).json().overdue).toBe(1);
    const n1 = await runReminders(sys.deps);
    const n2 = await runReminders(sys.deps);
    expect(n1).toBeGreaterThanOrEqual(1);
    expect(n2).toBe(0);
    expect(
      (await cv.get('/api/notifications')).json().items.filter((x: { kind: string }) => x.kind === 'incoming.overdue'),
    ).toHaveLength(1);
    const rep = (
      await clerk.get(`/api/incoming/reports/handling?from=${todayVN().slice(0, 4)}-01-01&to=${todayVN()}`)
    ).json();
    const tccbRow = rep.rows.find((r: { unitName: string }) => r.unitName === 'Vụ Tổ chức cán bộ');
    expect(tccbRow.overdue).toBeGreaterThanOrEqual(1);
    const pcRow = rep.rows.find((r: { unitName: string }) => r.unitName === 'Vụ Pháp chế');
    expect(pcRow).toMatchObject({ received: 1, doneOnTime: 1, doneLate: 0, overdue: 0 });
  });

  it('exports the register as a PDF with the 10 columns and Vietnamese text, and as an XLSX with the same rows (acceptance 6)', async () => {
    const from = `${todayVN().slice(0, 4)}-01-01`;
    const to = todayVN();
    const pdf = await clerk.get(`/api/incoming/register.pdf?from=${from}&to=${to}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'so-den-'));
    fs.writeFileSync(path.join(dir, 'so.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'so.pdf'), '-'], { encoding: 'utf8' });
    for (const h of [
      'Ngày đến',
      'Số đến',
      'Tác giả',
      'Số, ký hiệu',
      'Ngày tháng',
      'Tên loại và trích yếu',
      'Đơn vị/người nhận',
      'Ngày chuyển',
      'Ký nhận',
      'Ghi chú',
    ])
      expect(text.replace(/\s+/g, ' ')).toContain(h.split(' ')[0]);
    const flat = execFileSync('pdftotext', [path.join(dir, 'so.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const h of [
      'Ngày đến',
      'Số đến',
      'Tác giả',
      'Số, ký',
      'Ngày tháng',
      'Tên loại và trích',
      'Đơn vị/người',
      'Ngày chuyển',
      'Ký nhận',
      'Ghi chú',
    ])
      expect(flat).toContain(h);
    expect(flat).toContain('SỔ ĐĂNG KÝ VĂN BẢN ĐẾN');
    expect(flat).toContain('Về việc rà soát văn bản quy phạm pháp');
    expect(flat).toContain('Bộ Tư pháp');
    fs.rmSync(dir, { recursive: true, force: true });

    const x = await clerk.get(`/api/incoming/register.xlsx?from=${from}&to=${to}`);
    expect(x.statusCode).toBe(200);
    const zip = unzipSync(new Uint8Array(x.rawPayload));
    const sheet = strFromU8(zip['xl/worksheets/sheet1.xml']!);
    const rows = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map((m) =>
      [...m[2]!.matchAll(/<t xml:space="preserve">(.*?)<\/t>/g)].map((t) => t[1]!),
    );
    expect(rows[2]).toEqual([
      'Ngày đến',
      'Số đến',
      'Tác giả',
      'Số, ký hiệu',
      'Ngày tháng',
      'Tên loại và trích yếu',
      'Đơn vị/người nhận',
      'Ngày chuyển',
      'Ký nhận',
      'Ghi chú',
    ]);
    const data = rows.slice(3);
    const registered = await sys.deps.db
      .selectFrom('incoming_documents')
      .select(['arrival_number', 'subject'])
      .where('arrival_date', '>=', from)
      .where('conf_rank', '=', 0)
      .where('status', '!=', 'pending_registration')
      .orderBy('arrival_number')
      .execute();
    expect(data.map((r) => Number(r[1]))).toEqual(registered.map((r) => r.arrival_number));
    const journey = data.find((r) => r[5]!.includes('rà soát văn bản quy phạm'))!;
    expect(journey[2]).toBe('Bộ Tư pháp');
    expect(journey[3]).toBe('310/BTP-VP');
    expect(journey[6]).toBe('Vụ Pháp chế');
    expect(pdf.rawPayload.length).toBeGreaterThan(1000);
  });
});
