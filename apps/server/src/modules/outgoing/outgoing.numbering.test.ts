import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { listRegisters } from '../registers';
import { createRegister } from '../registers';
import { ensureOutgoingRegisters, numberDocument, vnYear } from './outgoing.numbering';
import { demoIds, draft, type Ids } from './outgoing.testkit';

let sys: TestSystem;
let ids: Ids;
beforeAll(async () => {
  sys = await createTestSystem();
  ids = await demoIds(sys);
  await ensureOutgoingRegisters(sys.deps, ids.organId);
});
afterAll(async () => sys?.stop());

/** Inserts signed-ready documents directly (the route is tested elsewhere); numbering is what is measured here. */
async function docs(
  n: number,
  over: { doc_type?: string; confidentiality?: string; unit?: string } = {},
): Promise<string[]> {
  const rows = await sys.deps.db
    .insertInto('outgoing_docs')
    .values(
      Array.from({ length: n }, (_, i) => ({
        organ_id: ids.organId,
        drafting_unit_id: ids.units[over.unit ?? 'PC']!,
        drafter_id: ids.users['chuyenvien.pc']!,
        doc_type: over.doc_type ?? 'cong_van',
        subject: `Văn bản ${i + 1}`,
        confidentiality: over.confidentiality ?? 'thuong',
        signer_id: ids.users['thutruong']!,
        answers_incoming_id: null,
        advisory_body: null,
        return_to_ord: null,
        register_id: null,
        year: null,
        number: null,
        notation: null,
        number_notation: null,
        signed_at: null,
        signed_by: null,
        sign_rank: null,
        final_file_id: null,
        signed_file_id: null,
        sealed_file_id: null,
        issued_at: null,
        issued_by: null,
        recalled_at: null,
        recall_kind: null,
        recall_reason: null,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

const numberOne = (id: string) =>
  sys.deps.db.transaction().execute((trx) => numberDocument(trx, sys.deps, ids.organId, id, null));

describe('numbering', () => {
  it('200 documents numbered in parallel from one register get 1..200 exactly', async () => {
    const list = await docs(200);
    const results = await Promise.all(list.map(numberOne));
    const numbers = results.map((r) => r.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.registerId)).size).toBe(1);
    const stored = await sys.deps.db
      .selectFrom('outgoing_numbers')
      .select('number')
      .where('register_id', '=', results[0]!.registerId)
      .where('year', '=', vnYear(new Date()))
      .execute();
    expect(stored.map((r) => r.number).sort((a, b) => a - b)).toEqual(numbers);
    expect(results.find((r) => r.number === 7)!.numberNotation).toBe('07/BNV-PC');
  });

  it('formats Quyết định, Tờ trình, công văn and confidential documents, each register with its own sequence', async () => {
    // A register of its own for Quyết định (admin-configurable through the registers module).
    await createRegister(sys.deps, { userId: null, name: 'test', organId: ids.organId }, ids.organId, {
      kind: 'outgoing',
      code: 'QD',
      name: 'Sổ quyết định',
      confidential: false,
      docTypeCodes: ['quyet_dinh'],
    });
    const [qd1, qd2] = await docs(2, { doc_type: 'quyet_dinh' });
    const [ttr] = await docs(1, { doc_type: 'to_trinh' });
    const [cv] = await docs(1, { doc_type: 'cong_van', unit: 'TCCB' });
    const [secret1, secret2] = await docs(2, { doc_type: 'quyet_dinh', confidentiality: 'mat' });
    expect((await numberOne(qd1!)).numberNotation).toBe('01/QĐ-BNV');
    expect((await numberOne(qd2!)).numberNotation).toBe('02/QĐ-BNV');
    // The shared register continues after the 200 above.
    expect((await numberOne(ttr!)).numberNotation).toBe('201/TTr-BNV');
    expect((await numberOne(cv!)).numberNotation).toBe('202/BNV-TCCB');
    const s1 = await numberOne(secret1!);
    const s2 = await numberOne(secret2!);
    expect([s1.numberNotation, s2.numberNotation]).toEqual(['01/QĐ-BNV', '02/QĐ-BNV']);
    const regs = new Set([
      s1.registerId,
      (
        await sys.deps.db
          .selectFrom('outgoing_docs')
          .select('register_id')
          .where('id', '=', qd1!)
          .executeTakeFirstOrThrow()
      ).register_id,
    ]);
    expect(regs.size).toBe(2);
    const secretReg = await sys.deps.db
      .selectFrom('registers')
      .select(['confidential', 'code'])
      .where('id', '=', s1.registerId)
      .executeTakeFirstOrThrow();
    expect(secretReg.confidential).toBe(true);
  });

  it('a document is numbered once; a rolled-back transaction gives the number back (no gap)', async () => {
    const [a, b] = await docs(2, { doc_type: 'bao_cao' });
    const first = await numberOne(a!);
    await expect(numberOne(a!)).rejects.toMatchObject({ code: 'outgoing.already_numbered' });
    await expect(
      sys.deps.db.transaction().execute(async (trx) => {
        await numberDocument(trx, sys.deps, ids.organId, b!, null);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await numberOne(b!)).number).toBe(first.number + 1);
  });
});

describe("document types from the organ's table", () => {
  it('a type the admin creates (Pháp lệnh, PL) is drafted and numbered like a built-in one: 01/PL-BNV in its register', async () => {
    const admin = await sys.login('quantri');
    const type = await admin.post('/api/admin/doc-types', { code: 'phap_lenh', name: 'Pháp lệnh', abbr: 'PL' });
    expect(type.statusCode, type.body).toBe(200);
    expect(
      (
        await admin.post('/api/admin/registers', {
          kind: 'outgoing',
          code: 'PL',
          name: 'Sổ pháp lệnh',
          confidential: false,
          docTypeCodes: ['phap_lenh'],
        })
      ).statusCode,
    ).toBe(200);
    const id = await draft(await sys.login('chuyenvien.pc'), ids, {
      docType: 'phap_lenh',
      subject: 'Pháp lệnh sửa đổi',
    });
    const n = await numberOne(id);
    expect(n.numberNotation).toBe('01/PL-BNV');
    const view = (await (await sys.login('chuyenvien.pc')).get(`/api/outgoing/${id}`)).json() as {
      docTypeName: string;
      numberNotation: string;
    };
    expect(view).toMatchObject({ docTypeName: 'Pháp lệnh', numberNotation: '01/PL-BNV' });
    // The abbreviation is the organ's: changed by the admin, the next number uses it.
    expect((await admin.patch(`/api/admin/doc-types/${type.json().id}`, { abbr: 'PLệnh' })).statusCode).toBe(200);
    const [next] = await docs(1, { doc_type: 'phap_lenh' });
    expect((await numberOne(next!)).numberNotation).toBe('02/PLệnh-BNV');
  });

  it('an inactive type → outgoing.doc_type_inactive, an unknown one → outgoing.doc_type_invalid, for drafts and for numbering', async () => {
    const admin = await sys.login('quantri');
    const type = (
      await admin.post('/api/admin/doc-types', { code: 'sac_lenh', name: 'Sắc lệnh', abbr: 'SLh' })
    ).json() as { id: string };
    const [pending] = await docs(1, { doc_type: 'sac_lenh' });
    expect((await admin.patch(`/api/admin/doc-types/${type.id}`, { active: false })).json().active).toBe(false);
    await expect(numberOne(pending!)).rejects.toMatchObject({ code: 'outgoing.doc_type_inactive', status: 400 });
    expect(
      (
        await sys.deps.db
          .selectFrom('outgoing_docs')
          .select('number')
          .where('id', '=', pending!)
          .executeTakeFirstOrThrow()
      ).number,
    ).toBeNull();
    const cv = await sys.login('chuyenvien.pc');
    const inactive = await cv.post('/api/outgoing', {
      docType: 'sac_lenh',
      subject: 'X',
      signerId: ids.users['thutruong'],
    });
    expect([inactive.statusCode, inactive.json().code]).toEqual([400, 'outgoing.doc_type_inactive']);
    const unknown = await cv.post('/api/outgoing', {
      docType: 'khong_co',
      subject: 'X',
      signerId: ids.users['thutruong'],
    });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'outgoing.doc_type_invalid']);
    const [odd] = await docs(1, { doc_type: 'khong_co' });
    await expect(numberOne(odd!)).rejects.toMatchObject({ code: 'outgoing.doc_type_invalid' });
  });

  it("a built-in type missing from the organ's table still numbers with its NĐ 30 abbreviation", async () => {
    await sys.deps.db
      .deleteFrom('doc_types')
      .where('organ_id', '=', ids.organId)
      .where('code', '=', 'cong_dien')
      .execute();
    const [cd] = await docs(1, { doc_type: 'cong_dien' });
    expect((await numberOne(cd!)).numberNotation).toMatch(/^\d{2,}\/CĐ-BNV$/);
  });

  it('the outgoing registers exist before any outgoing use', async () => {
    const snv = await demoIds(sys, '000.00.12.H29');
    expect(
      (await listRegisters(sys.deps.db, snv.organId)).filter((r) => r.kind !== 'incoming').map((r) => r.code),
    ).toEqual(['SAO', 'DI', 'DI-MAT']);
  });
});
