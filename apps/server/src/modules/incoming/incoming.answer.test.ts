import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { demoIds, type Ids } from '../outgoing/outgoing.testkit';
import { meta, register } from './incoming.testkit';

/** An incoming document completed "answered by" an outgoing one: the search of issued outgoing documents and the link. */
let sys: TestSystem;
let bnv: Ids;
let snv: Ids;
beforeAll(async () => {
  sys = await createTestSystem();
  bnv = await demoIds(sys);
  snv = await demoIds(sys, '000.00.12.H29');
});
afterAll(async () => sys?.stop());

let seq = 0;
/** An outgoing document written straight to the table (the route and signing are tested in the outgoing module). */
async function outgoing(
  ids: Ids,
  over: {
    subject: string;
    status?: string;
    confidentiality?: string;
    unit?: string;
    drafter?: string;
    daysAgo?: number;
  },
) {
  const n = ++seq;
  const issued = (over.status ?? 'issued') === 'issued';
  const at = new Date(Date.now() - (over.daysAgo ?? 0) * 86_400_000 - n * 1000);
  const unitAbbr = over.unit ?? Object.keys(ids.units).find((u) => u === 'PC' || u === 'TCBC')!;
  const notation = `${ids === snv ? 'SNV' : 'BNV'}-${unitAbbr}`;
  const row = await sys.deps.db
    .insertInto('outgoing_docs')
    .values({
      organ_id: ids.organId,
      drafting_unit_id: ids.units[unitAbbr]!,
      drafter_id: ids.users[over.drafter ?? (ids === snv ? 'snv.chuyenvien' : 'chuyenvien.pc')]!,
      doc_type: 'cong_van',
      subject: over.subject,
      status: over.status ?? 'issued',
      confidentiality: over.confidentiality ?? 'thuong',
      signer_id: null,
      answers_incoming_id: null,
      advisory_body: null,
      return_to_ord: null,
      register_id: null,
      year: issued ? 2026 : null,
      number: issued ? 100 + n : null,
      notation: issued ? notation : null,
      number_notation: issued ? `${100 + n}/${notation}` : null,
      issued_date: issued ? at.toISOString().slice(0, 10) : null,
      issued_at: issued ? at : null,
      signed_at: null,
      signed_by: null,
      sign_rank: null,
      final_file_id: null,
      signed_file_id: null,
      sealed_file_id: null,
      issued_by: null,
      recalled_at: null,
      recall_kind: null,
      recall_reason: null,
    })
    .returning(['id', 'number_notation'])
    .executeTakeFirstOrThrow();
  return { id: row.id, numberNotation: row.number_notation };
}

type Hit = { id: string; numberNotation: string; subject: string; issuedDate: string | null; docTypeName: string };
const search = async (c: Client, q: string) => {
  const r = await c.get(`/api/outgoing/issued/search?q=${encodeURIComponent(q)}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Hit[];
};

/** An incoming document led by Vụ Pháp chế, ready for its head to complete. */
async function ledByPc(number: string): Promise<string> {
  const clerk = await sys.login('vanthu');
  const reg = await register(
    clerk,
    meta({ number, subject: `Đề nghị góp ý quy chế ${number}`, presentTo: { userId: bnv.users['thutruong'] } }),
  );
  expect(reg.statusCode, reg.body).toBe(200);
  const id = reg.json().id as string;
  const tt = await sys.login('thutruong');
  expect(
    (
      await tt.post(`/api/incoming/${id}/assign`, {
        direction: 'Vụ Pháp chế trả lời',
        lead: { unitId: bnv.units['PC'] },
      })
    ).statusCode,
  ).toBe(200);
  return id;
}

describe('issued outgoing documents for the "answered by" picker', () => {
  it('finds by subject with or without diacritics and by number/notation, newest first, issued ones of the organ only', async () => {
    const older = await outgoing(bnv, { subject: 'V/v góp ý dự thảo Quy chế công tác văn thư', daysAgo: 3 });
    const newer = await outgoing(bnv, { subject: 'V/v GÓP Ý dự thảo quy chế lưu trữ', daysAgo: 1 });
    await outgoing(bnv, { subject: 'V/v góp ý dự thảo quy chế (dự thảo)', status: 'draft' });
    await outgoing(bnv, { subject: 'V/v góp ý quy chế đang trình', status: 'in_review' });
    await outgoing(snv, { subject: 'V/v góp ý dự thảo quy chế của Sở' });
    const vt = await sys.login('vanthu');
    for (const q of ['góp ý dự thảo quy chế', 'gop y du thao quy che', 'GOP Y DU THAO', 'Góp Ý']) {
      expect(
        (await search(vt, q)).map((h) => h.id),
        q,
      ).toEqual([newer.id, older.id]);
    }
    expect((await search(vt, 'cong tac van thu')).map((h) => h.id)).toEqual([older.id]);
    const byNumber = await search(vt, older.numberNotation!.toLowerCase());
    expect(byNumber.map((h) => h.id)).toEqual([older.id]);
    expect(byNumber[0]).toMatchObject({
      numberNotation: older.numberNotation,
      subject: 'V/v góp ý dự thảo Quy chế công tác văn thư',
      docTypeName: 'Công văn',
    });
    expect(byNumber[0]!.issuedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await search(vt, older.numberNotation!.split('/')[0]!)).map((h) => h.id)).toContain(older.id);
    // No query: the newest issued documents, at most 20.
    for (let i = 0; i < 21; i++) await outgoing(bnv, { subject: `Thông báo số ${i}`, daysAgo: 0 });
    const latest = await search(vt, '');
    expect(latest).toHaveLength(20);
    expect(latest.every((h) => h.subject.startsWith('Thông báo số'))).toBe(true);
    // A wildcard in the query is text, not a pattern.
    expect(await search(vt, '%')).toEqual([]);
  });

  it('a confidential document is found only by those outgoing lets see it', async () => {
    const secret = await outgoing(bnv, {
      subject: 'V/v phương án nhân sự mật',
      confidentiality: 'mat',
      drafter: 'chuyenvien.tccb',
      unit: 'PC',
    });
    expect((await search(await sys.login('vanthu'), 'phuong an nhan su')).map((h) => h.id)).toEqual([secret.id]);
    // The head of the drafting unit is not cleared for secrets: absent, as if it did not exist.
    expect(await search(await sys.login('vutruong.pc'), 'phuong an nhan su')).toEqual([]);
    expect(await search(await sys.login('chuyenvien.pc'), 'phuong an nhan su')).toEqual([]);
  });
});

describe('completing with the outgoing document that answers it', () => {
  it("links an issued document of the organ the user may see; a draft, another organ's or a hidden one → incoming.answer_not_found and nothing changes", async () => {
    const id = await ledByPc('501');
    const head = await sys.login('vutruong.pc');
    const draft = await outgoing(bnv, { subject: 'V/v trả lời (dự thảo)', status: 'draft' });
    const other = await outgoing(snv, { subject: 'V/v trả lời của Sở' });
    const hidden = await outgoing(bnv, {
      subject: 'V/v trả lời mật',
      confidentiality: 'mat',
      drafter: 'chuyenvien.tccb',
    });
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const answerOutgoingId of [draft.id, other.id, hidden.id, missing]) {
      const r = await head.post(`/api/incoming/${id}/complete`, { note: 'Đã trả lời', answerOutgoingId });
      expect(r.statusCode, answerOutgoingId).toBe(400);
      expect(r.json()).toMatchObject({ code: 'incoming.answer_not_found' });
      const d = (await head.get(`/api/incoming/${id}`)).json();
      expect(d).toMatchObject({ status: 'in_progress', answerOutgoingId: null, answerRef: null, completedAt: null });
      expect(d.trace.map((t: { action: string }) => t.action)).not.toContain('completed');
    }

    const answer = await outgoing(bnv, { subject: 'V/v trả lời góp ý quy chế' });
    const ok = await head.post(`/api/incoming/${id}/complete`, {
      note: 'Đã có văn bản trả lời.',
      answerOutgoingId: answer.id,
      answerRef: 'bị thay bằng số của văn bản đi',
    });
    expect(ok.statusCode, ok.body).toBe(204);
    const done = (await (await sys.login('vanthu')).get(`/api/incoming/${id}`)).json();
    expect(done).toMatchObject({
      status: 'done',
      answerOutgoingId: answer.id,
      answerRef: answer.numberNotation,
      completionNote: 'Đã có văn bản trả lời.',
    });
    expect(done.trace.at(-1)).toMatchObject({
      action: 'completed',
      details: { answerOutgoingId: answer.id, answerRef: answer.numberNotation },
    });
  });

  it('an answer outside the system stays free text', async () => {
    const id = await ledByPc('502');
    const head = await sys.login('vutruong.pc');
    expect(
      (await head.post(`/api/incoming/${id}/complete`, { note: '', answerOutgoingId: null, answerRef: ' 15/UBND-VP ' }))
        .statusCode,
    ).toBe(204);
    expect((await head.get(`/api/incoming/${id}`)).json()).toMatchObject({
      status: 'done',
      answerOutgoingId: null,
      answerRef: '15/UBND-VP',
    });
  });
});
