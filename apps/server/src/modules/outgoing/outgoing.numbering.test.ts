import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { createRegister } from '../registers/registers.service';
import { ensureOutgoingRegisters, numberDocument, vnYear } from './outgoing.numbering';
import { demoIds, type Ids } from './outgoing.testkit';

let sys: TestSystem;
let ids: Ids;
beforeAll(async () => {
  sys = await createTestSystem();
  ids = await demoIds(sys);
  await ensureOutgoingRegisters(sys.deps, ids.organId);
});
afterAll(async () => sys?.stop());

/** Inserts signed-ready documents directly (the route is tested elsewhere); numbering is what is measured here. */
async function docs(n: number, over: { doc_type?: string; confidentiality?: string; unit?: string } = {}): Promise<string[]> {
  const rows = await sys.deps.db
    .insertInto('outgoing_docs')
    .values(Array.from({ length: n }, (_, i) => ({
      organ_id: ids.organId, drafting_unit_id: ids.units[over.unit ?? 'PC']!, drafter_id: ids.users['chuyenvien.pc']!, doc_type: over.doc_type ?? 'cong_van', subject: `Văn bản ${i + 1}`,
      confidentiality: over.confidentiality ?? 'thuong', signer_id: ids.users['thutruong']!, answers_incoming_id: null, advisory_body: null, return_to_ord: null, register_id: null, year: null, number: null,
      notation: null, number_notation: null, signed_at: null, signed_by: null, sign_rank: null, final_file_id: null, signed_file_id: null, sealed_file_id: null, issued_at: null, issued_by: null, recalled_at: null, recall_kind: null, recall_reason: null,
    })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

const numberOne = (id: string) => sys.deps.db.transaction().execute((trx) => numberDocument(trx, sys.deps, ids.organId, id, null));

describe('numbering', () => {
  it('200 documents numbered in parallel from one register get 1..200 exactly', async () => {
    const list = await docs(200);
    const results = await Promise.all(list.map(numberOne));
    const numbers = results.map((r) => r.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.registerId)).size).toBe(1);
    const stored = await sys.deps.db.selectFrom('outgoing_numbers').select('number').where('register_id', '=', results[0]!.registerId).where('year', '=', vnYear(new Date())).execute();
    expect(stored.map((r) => r.number).sort((a, b) => a - b)).toEqual(numbers);
    expect(results.find((r) => r.number === 7)!.numberNotation).toBe('07/BNV-PC');
  });

  it('formats Quyết định, Tờ trình, công văn and confidential documents, each register with its own sequence', async () => {
    // A register of its own for Quyết định (admin-configurable through the registers module).
    await createRegister(sys.deps, { userId: null, name: 'test', organId: ids.organId }, ids.organId, { kind: 'outgoing', code: 'QD', name: 'Sổ quyết định', confidential: false, docTypeCodes: ['quyet_dinh'] });
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
    const regs = new Set([s1.registerId, (await sys.deps.db.selectFrom('outgoing_docs').select('register_id').where('id', '=', qd1!).executeTakeFirstOrThrow()).register_id]);
    expect(regs.size).toBe(2);
    const secretReg = await sys.deps.db.selectFrom('registers').select(['confidential', 'code']).where('id', '=', s1.registerId).executeTakeFirstOrThrow();
    expect(secretReg.confidential).toBe(true);
  });

  it('a document is numbered once; a rolled-back transaction gives the number back (no gap)', async () => {
    const [a, b] = await docs(2, { doc_type: 'bao_cao' });
    const first = await numberOne(a!);
    await expect(numberOne(a!)).rejects.toMatchObject({ code: 'outgoing.already_numbered' });
    await expect(sys.deps.db.transaction().execute(async (trx) => {
      await numberDocument(trx, sys.deps, ids.organId, b!, null);
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    expect((await numberOne(b!)).number).toBe(first.number + 1);
  });
});
