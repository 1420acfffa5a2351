import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayVN } from '@vanthu/vn';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { meta, register, tinyPdf } from './incoming.testkit';

let sys: TestSystem;
let clerk: Client;
const MAX = 256 * 1024;
beforeAll(async () => {
  sys = await createTestSystem({ UPLOAD_MAX_BYTES: String(MAX) });
  clerk = await sys.login('vanthu');
});
afterAll(async () => sys.stop());

const count = async (table: 'incoming_documents' | 'files' | 'incoming_trace') =>
  Number(
    (
      await sys.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const lastNumbers = async () =>
  (
    await sys.deps.db
      .selectFrom('register_counters')
      .select(['register_id', 'year', 'last_number'])
      .orderBy('register_id')
      .orderBy('year')
      .execute()
  ).map((r) => `${r.register_id}:${r.year}:${r.last_number}`);
function blobFiles(): string[] {
  const root = path.join(sys.dataDir, 'blobs');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort();
}

describe('arrival numbers (acceptance 1)', () => {
  it('200 parallel registrations into one register get 1..200 exactly; a refused one takes no number; a new year starts at 1', async () => {
    const year = Number(todayVN().slice(0, 4));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        register(clerk, meta({ number: String(1000 + i), subject: `Văn bản thử song song số ${i}` })),
      ),
    );
    const bad = results.filter((r) => r.statusCode !== 200);
    expect(bad.map((r) => r.body)).toEqual([]);
    const numbers = results.map((r) => r.json().arrivalNumber as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.json().registerId)).size).toBe(1);
    expect(results.every((r) => r.json().arrivalYear === year)).toBe(true);

    const refused = await register(clerk, meta({ number: '9999', subject: '' }));
    expect(refused.statusCode).toBe(400);
    const next = await register(clerk, meta({ number: '9998' }));
    expect(next.json().arrivalNumber).toBe(201);

    // 2 January of the next year, Vietnam time: a new sequence.
    sys.setNow(new Date(`${year + 1}-01-02T02:00:00Z`));
    try {
      const c2 = await sys.login('vanthu');
      const first = await register(c2, meta({ number: '1', issuedDate: `${year}-12-30` }));
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ arrivalNumber: 1, arrivalYear: year + 1 });
      const second = await register(c2, meta({ number: '2', issuedDate: `${year}-12-30` }));
      expect(second.json().arrivalNumber).toBe(2);
    } finally {
      sys.setNow(null as unknown as Date);
    }
  });
});

describe('validation (acceptance 2)', () => {
  const snapshot = async () => ({
    docs: await count('incoming_documents'),
    files: await count('files'),
    counters: await lastNumbers(),
    blobs: blobFiles(),
  });

  it.each([['docTypeCode'], ['number'], ['notation'], ['issuedDate'], ['issuingOrganName'], ['subject']])(
    'refuses a registration without %s, with a Vietnamese message, storing nothing',
    async (field) => {
      const before = await snapshot();
      const m = meta();
      delete m[field];
      const r = await register(clerk, m);
      expect(r.statusCode).toBe(400);
      expect(r.json().code).toBe('validation.failed');
      const f = r.json().details.fields as { path: string; message: string }[];
      expect(f.map((x) => x.path)).toContain(field);
      expect(f.find((x) => x.path === field)!.message).toMatch(/^Chưa (nhập|chọn)/);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('refuses an arrival date in the future', async () => {
    const before = await snapshot();
    const tomorrow = new Date(Date.now() + 86400_000 * 2).toISOString().slice(0, 10);
    const r = await register(clerk, meta({ arrivalDate: tomorrow }));
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'incoming.arrival_in_future',
      message: 'Ngày đến không được sau ngày hôm nay.',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a file that is not a PDF or an image (by content, whatever its name)', async () => {
    const before = await snapshot();
    const r = await register(clerk, meta(), [
      {
        name: 'files',
        filename: 'scan.pdf',
        type: 'application/pdf',
        content: 'Đây không phải PDF mà là văn bản thuần.',
      },
    ]);
    expect(r.statusCode).toBe(415);
    expect(r.json().code).toBe('blobs.type_forbidden');
    expect(r.json().message).toMatch(/Loại tệp không được chấp nhận/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an oversize file, and a good file sent with it leaves nothing behind', async () => {
    const before = await snapshot();
    const r = await register(clerk, meta(), [
      { name: 'files', filename: 'ok.pdf', type: 'application/pdf', content: tinyPdf() },
      { name: 'files', filename: 'big.pdf', type: 'application/pdf', content: tinyPdf(1, MAX + 10) },
    ]);
    expect(r.statusCode).toBe(413);
    expect(r.json().code).toBe('blobs.too_large');
    expect(r.json().message).toMatch(/vượt quá dung lượng/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a registration without any file, and one from a non-clerk', async () => {
    const r = await register(clerk, meta(), []);
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('incoming.no_file');
    const cv = await sys.login('chuyenvien.pc');
    const r2 = await register(cv, meta({ number: '77' }));
    expect(r2.statusCode).toBe(403);
  });

  it('fills the automatic fields (F1g): page count from the PDF, type name, arrival date, issuing organ from the directory', async () => {
    const ext = (await clerk.get('/api/admin/external-organs')).json() as { id: string; name: string; code: string }[];
    const vpcp = ext.find((e) => e.name === 'Văn phòng Chính phủ')!;
    const r = await register(
      clerk,
      meta({
        number: '88',
        issuingOrganName: undefined,
        issuingOrganId: vpcp.id,
        docTypeCode: 'thong_bao',
        notation: 'TB-VPCP',
      }),
      [{ name: 'files', filename: 'ba-trang.pdf', content: tinyPdf(3) }],
    );
    expect(r.statusCode).toBe(200);
    const d = (await clerk.get(`/api/incoming/${r.json().id}`)).json();
    expect(d).toMatchObject({
      pageCount: 3,
      typeName: 'Thông báo',
      issuingOrganName: 'Văn phòng Chính phủ',
      issuingOrganCode: vpcp.code,
      arrivalDate: todayVN(),
      status: 'pending_assignment',
    });
    expect(d.files[0].name).toBe('ba-trang.pdf');
  });
});

describe('duplicates (acceptance 3)', () => {
  it('warns on the same issuing organ + number + notation + year, and registers after confirmation with the warning in the trace', async () => {
    const m = meta({
      number: '045',
      notation: 'UBND-VP',
      issuingOrganName: 'Ủy ban nhân dân tỉnh Hà Giang',
      subject: 'Về việc báo cáo tình hình tổ chức bộ máy',
    });
    const first = await register(clerk, m);
    expect(first.statusCode).toBe(200);
    // Same document typed slightly differently (no leading zero, no diacritics in the organ name).
    const again = await register(clerk, { ...m, number: '45', issuingOrganName: 'Uy ban nhan dan tinh Ha Giang' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('incoming.duplicate');
    expect(again.json().message).toMatch(/trùng/);
    expect(again.json().details.duplicates[0]).toMatchObject({
      id: first.json().id,
      arrivalNumber: first.json().arrivalNumber,
    });
    const confirmed = await register(clerk, { ...m, number: '45', confirmDuplicate: true });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().duplicateOf).toEqual([first.json().id]);
    expect(confirmed.json().arrivalNumber).toBe(first.json().arrivalNumber + 1);
    const d = (await clerk.get(`/api/incoming/${confirmed.json().id}`)).json();
    const warn = d.trace.find((t: { action: string }) => t.action === 'duplicate_confirmed');
    expect(warn.note).toContain(`số đến ${first.json().arrivalNumber}`);
    expect(warn.details.duplicateOf).toEqual([first.json().id]);
  });

  it('warns on the same document identifier', async () => {
    const a = await register(clerk, meta({ number: '501', documentIdentifier: '000.00.00.G15-2026-501' }));
    expect(a.statusCode).toBe(200);
    const b = await register(
      clerk,
      meta({ number: '502', notation: 'KHAC', documentIdentifier: '000.00.00.G15-2026-501' }),
    );
    expect(b.statusCode).toBe(409);
    expect(b.json().details.duplicates.map((x: { id: string }) => x.id)).toEqual([a.json().id]);
  });
});

describe('confidential documents (acceptance 4)', () => {
  it('numbers a Mật document in the confidential register and hides it from a clerk without the grant: 404 by id, absent from lists, search and counts', async () => {
    const regs = (await clerk.get('/api/registers?kind=incoming')).json() as {
      id: string;
      name: string;
      confidential: boolean;
    }[];
    const secretReg = regs.find((r) => r.confidential)!;
    const subject = 'Kế hoạch bảo vệ bí mật nhà nước năm 2027';
    const r = await register(clerk, meta({ number: '7', notation: 'KH-BCA', confidentiality: 'mat', subject }));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      registerId: secretReg.id,
      registerName: 'Sổ đăng ký văn bản đến mật',
      arrivalNumber: 1,
    });
    // A clerk of the same office without the grant.
    const admin = await sys.login('quantri');
    const units = (await admin.get('/api/admin/units')).json() as { id: string; name: string }[];
    const positions = (await admin.get('/api/admin/positions')).json() as { id: string; name: string }[];
    const created = await admin.post('/api/admin/users', {
      username: 'vanthu2',
      fullName: 'Lê Thị Hai',
      password: 'VanThu2@2026',
      unitId: units.find((u) => u.name === 'Văn phòng Bộ')!.id,
      positionId: positions.find((p) => p.name === 'Văn thư')!.id,
      roles: ['clerk'],
    });
    expect(created.statusCode).toBe(200);
    const clerk2 = await sys.login('vanthu2', 'VanThu2@2026');
    expect((await clerk2.get(`/api/incoming/${r.json().id}`)).statusCode).toBe(404);
    expect((await clerk2.get(`/api/incoming/${r.json().id}`)).json().code).toBe('incoming.not_found');
    expect((await clerk.get(`/api/incoming/${r.json().id}`)).statusCode).toBe(200);
    const ids = async (c: Client, url: string) =>
      ((await c.get(url)).json().items as { id: string }[]).map((i) => i.id);
    expect(await ids(clerk, '/api/incoming?box=register&pageSize=200&q=bi mat nha nuoc')).toContain(r.json().id);
    expect(await ids(clerk2, '/api/incoming?box=register&pageSize=200&q=bi mat nha nuoc')).not.toContain(r.json().id);
    expect(await ids(clerk2, '/api/incoming?box=search&q=' + encodeURIComponent(subject))).toEqual([]);
    expect(await ids(clerk2, `/api/incoming?box=register&registerId=${secretReg.id}`)).toEqual([]);
    expect(
      (
        await clerk2.get(
          `/api/incoming/${r.json().id}/files/${(await clerk.get(`/api/incoming/${r.json().id}`)).json().files[0].id}`,
        )
      ).statusCode,
    ).toBe(404);
    // The confidential register is not even listed to them, and its export is refused.
    expect(
      ((await clerk2.get('/api/registers?kind=incoming')).json() as { confidential: boolean }[]).some(
        (x) => x.confidential,
      ),
    ).toBe(false);
    expect(
      (await clerk2.get(`/api/incoming/register.pdf?registerId=${secretReg.id}&from=2026-01-01&to=2027-12-31`))
        .statusCode,
    ).toBe(403);
    // A leader cleared for secrets sees it once it is presented to them; a specialist cannot even be assigned it.
    const leaders = (await admin.get('/api/admin/users?q=thutruong')).json() as { id: string }[];
    const pres = await clerk.post(`/api/incoming/${r.json().id}/present`, { userId: leaders[0]!.id });
    expect(pres.statusCode).toBe(204);
    const tt = await sys.login('thutruong');
    expect(await ids(tt, '/api/incoming?box=todo')).toContain(r.json().id);
    const cvs = (await admin.get('/api/admin/users?q=chuyenvien.pc')).json() as { id: string }[];
    const asg = await tt.post(`/api/incoming/${r.json().id}/assign`, {
      direction: 'Giao xử lý',
      lead: { userId: cvs[0]!.id },
    });
    expect(asg.statusCode).toBe(400);
    expect(asg.json().code).toBe('incoming.assignee_not_cleared');
    const cv = await sys.login('chuyenvien.pc');
    expect((await cv.get(`/api/incoming/${r.json().id}`)).statusCode).toBe(404);
    const counts = (await cv.get('/api/incoming/counts')).json();
    expect(counts.todo).toBe(0);
  });

  it('refuses a clerk registering above their own clearance', async () => {
    const r = await register(clerk, meta({ number: '8', notation: 'KH-BQP', confidentiality: 'tuyet_mat' }));
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('incoming.clearance_exceeded');
  });
});
