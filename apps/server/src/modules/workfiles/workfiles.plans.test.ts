import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { demoIds } from '../outgoing/outgoing.testkit';

let sys: TestSystem;
let clerk: Client;
let ids: Awaited<ReturnType<typeof demoIds>>;
beforeAll(async () => {
  sys = await createTestSystem();
  clerk = await sys.login('vanthu');
  ids = await demoIds(sys);
});
afterAll(async () => sys.stop());

const pdfText = (buf: Buffer) => {
  const f = path.join(os.tmpdir(), `wf-${Date.now()}-${Math.random()}.pdf`);
  fs.writeFileSync(f, buf);
  try {
    return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(f);
  }
};

describe('file plan', () => {
  let plan2026: string;
  it('the văn thư drafts the 2026 plan, the head approves it; nobody else may', async () => {
    const created = await clerk.post('/api/workfiles/plans', { year: 2026 });
    expect(created.statusCode).toBe(200);
    plan2026 = created.json().id;
    const tree = {
      title: 'Danh mục hồ sơ năm 2026 của Bộ Nội vụ',
      numbering: 'plan',
      headings: [
        {
          label: 'I',
          title: 'Vụ Tổ chức cán bộ',
          unitId: ids.units['TCCB'],
          entries: [],
          children: [
            {
              label: '1',
              title: 'Công tác tổ chức',
              entries: [
                {
                  notation: '01.TCCB',
                  title: 'Hồ sơ bổ nhiệm lãnh đạo cấp vụ năm 2026',
                  retention: '70',
                  creatorUnitId: ids.units['TCCB'],
                },
                {
                  notation: '02.TCCB',
                  title: 'Báo cáo tổng kết năm công tác tổ chức cán bộ',
                  retention: 'permanent',
                  creatorUnitId: ids.units['TCCB'],
                },
              ],
            },
          ],
        },
        {
          label: 'II',
          title: 'Vụ Pháp chế',
          unitId: ids.units['PC'],
          children: [],
          entries: [
            {
              notation: '01.PC',
              title: 'Hồ sơ góp ý dự thảo văn bản quy phạm pháp luật',
              retention: '10',
              creatorUnitId: ids.units['PC'],
              docTypeCodes: ['cong_van'],
              unitIds: [ids.units['PC']],
            },
          ],
        },
      ],
    };
    const saved = await clerk.request('PUT', `/api/workfiles/plans/${plan2026}`, tree);
    expect(saved.statusCode).toBe(200);
    expect(saved.json().counts).toEqual({ entries: 3, permanent: 1, limited: 2 });
    expect(saved.json().headings[0].children[0].entries.map((e: { notation: string }) => e.notation)).toEqual([
      '01.TCCB',
      '02.TCCB',
    ]);
    const dupTree = {
      ...tree,
      headings: [{ ...tree.headings[1], entries: [...tree.headings[1]!.entries, ...tree.headings[1]!.entries] }],
    };
    expect((await clerk.request('PUT', `/api/workfiles/plans/${plan2026}`, dupTree)).json().code).toBe(
      'workfiles.plan_invalid',
    );
    const spec = await sys.login('chuyenvien.pc');
    expect((await spec.request('PUT', `/api/workfiles/plans/${plan2026}`, tree)).statusCode).toBe(403);
    expect((await clerk.post(`/api/workfiles/plans/${plan2026}/approve`, {})).json().code).toBe('workfiles.forbidden');
    // A file cannot be opened from a draft plan.
    const entryId = saved.json().headings[1].entries[0].id;
    expect((await spec.post('/api/workfiles', { planEntryId: entryId })).statusCode).toBe(404);
    const head = await sys.login('botruong');
    const ok = await head.post(`/api/workfiles/plans/${plan2026}/approve`, { decisionRef: 'Quyết định số 12/QĐ-BNV' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      status: 'approved',
      approvedByName: 'Phạm Thị Thanh Trà',
      decisionRef: 'Quyết định số 12/QĐ-BNV',
    });
    expect((await clerk.request('PUT', `/api/workfiles/plans/${plan2026}`, tree)).json().code).toBe(
      'workfiles.plan_approved',
    );
    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select('summary')
      .where('action', '=', 'workfiles.plan.approve')
      .executeTakeFirstOrThrow();
    expect(audit.summary).toContain('12/QĐ-BNV');
    // Opened from the plan: code, title and retention come from the entry.
    const file = await spec.post('/api/workfiles', { planEntryId: entryId, startDate: '2026-02-01' });
    expect(file.json()).toMatchObject({ code: '000.00.00.G09.2026.01.PC', retention: '10' });
  });

  it("the 2027 plan starts from 2026's; printable in the NĐ 30 layout with the counts", async () => {
    const r = await clerk.post('/api/workfiles/plans', { year: 2027, copyFromYear: 2026 });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      year: 2027,
      status: 'draft',
      title: 'Danh mục hồ sơ năm 2027 của Bộ Nội vụ',
      counts: { entries: 3, permanent: 1, limited: 2 },
      copiedFrom: plan2026,
    });
    expect((await clerk.post('/api/workfiles/plans', { year: 2027 })).json().code).toBe('workfiles.plan_exists');
    expect((await clerk.post('/api/workfiles/plans', { year: 2030, copyFromYear: 2029 })).json().code).toBe(
      'workfiles.plan_source_missing',
    );
    const pdf = await clerk.get(`/api/workfiles/plans/${plan2026}/print?format=pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('DANH MỤC HỒ SƠ NĂM 2026');
    expect(text).toContain('Hồ sơ bổ nhiệm lãnh đạo cấp vụ');
    expect(text).toContain('1 hồ sơ bảo quản vĩnh viễn; 2 hồ sơ bảo quản có thời hạn');
    const xlsx = await clerk.get(`/api/workfiles/plans/${plan2026}/print?format=xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it("retention is proposed from the schedule; O6 lists a unit's files of a year", async () => {
    const pr = (
      await clerk.get(`/api/workfiles/retention/propose?title=${encodeURIComponent('Báo cáo tổng kết năm 2026')}`)
    ).json();
    expect(pr).toMatchObject({ retention: 'permanent', label: 'Vĩnh viễn' });
    const f = await clerk.post('/api/workfiles', {
      title: 'Hồ sơ bổ nhiệm Phó Chánh Văn phòng',
      notation: '09.VP',
      startDate: '2026-04-01',
    });
    expect(f.json()).toMatchObject({ retention: '70', proposedBy: 'Hồ sơ bổ nhiệm cán bộ' });
    const o6 = await clerk.get(`/api/workfiles/list/print?year=2026&unitId=${ids.units['VP']}&format=pdf`);
    expect(o6.statusCode).toBe(200);
    const text = pdfText(o6.rawPayload);
    expect(text).toContain('000.00.00.G09.2026.09.VP');
    expect(text).toContain('Hồ sơ bổ nhiệm Phó Chánh Văn phòng');
    const spec = await sys.login('chuyenvien.tccb');
    expect((await spec.get(`/api/workfiles/list/print?year=2026&unitId=${ids.units['VP']}`)).statusCode).toBe(403);
  });
});
