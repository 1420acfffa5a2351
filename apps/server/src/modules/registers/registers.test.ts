import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { meta, register } from '../incoming/incoming.testkit';
import { todayVN } from '@vanthu/vn';
import { listDocTypes } from './doctypes.service';
import { listRegisters, takeNumber } from './registers.service';

let sys: TestSystem;
let admin: Client;
beforeAll(async () => {
  sys = await createTestSystem();
  admin = await sys.login('quantri');
});
afterAll(async () => sys.stop());

describe('registers and document types', () => {
  it('an organ created later gets the default registers and document types on first use', async () => {
    const root = await sys.login('sysadmin');
    const o = await root.post('/api/admin/organs', { code: '000.00.15.H29', name: 'Sở Tư pháp', abbr: 'STP' });
    expect(o.statusCode).toBe(200);
    const regs = await listRegisters(sys.deps.db, o.json().id, 'incoming');
    expect(regs.map((r) => [r.code, r.confidential])).toEqual([
      ['DEN', false],
      ['DEN-MAT', true],
    ]);
    const types = await listDocTypes(sys.deps.db, o.json().id);
    expect(types.find((t) => t.code === 'quy_dinh')?.abbr).toBe('QyĐ');
    expect(types.some((t) => t.name === 'Nghị định')).toBe(true);
  });

  it("a new organ's admin list has the outgoing registers and the copy register from the start", async () => {
    const root = await sys.login('sysadmin');
    const o = await root.post('/api/admin/organs', { code: '000.00.16.H29', name: 'Sở Tài chính', abbr: 'STC' });
    expect(o.statusCode).toBe(200);
    const list = (await root.get(`/api/admin/registers?organId=${o.json().id}`)).json() as {
      kind: string;
      code: string;
      confidential: boolean;
      active: boolean;
      lastNumber: number;
    }[];
    expect(list.map((r) => [r.kind, r.code, r.confidential])).toEqual([
      ['copy', 'SAO', false],
      ['incoming', 'DEN', false],
      ['incoming', 'DEN-MAT', true],
      ['outgoing', 'DI', false],
      ['outgoing', 'DI-MAT', true],
    ]);
    expect(list.every((r) => r.active && r.lastNumber === 0)).toBe(true);
    // No audit noise or second copy when the outgoing module asks again.
    const { ensureOutgoingRegisters } = await import('../outgoing');
    await ensureOutgoingRegisters(sys.deps, o.json().id);
    expect(await listRegisters(sys.deps.db, o.json().id)).toHaveLength(5);
  });

  it('an organ created before the outgoing defaults gets the missing ones, never a second register where the admin set one up', async () => {
    const root = await sys.login('sysadmin');
    const organId = (
      await root.post('/api/admin/organs', { code: '000.00.17.H29', name: 'Sở Xây dựng', abbr: 'SXD' })
    ).json().id as string;
    // As an older organ: the incoming defaults, and a general outgoing register of the admin's own, nothing else.
    await sys.deps.db
      .insertInto('registers')
      .values([
        {
          organ_id: organId,
          kind: 'incoming',
          code: 'DEN',
          name: 'Sổ đăng ký văn bản đến',
          confidential: false,
          doc_type_codes: null,
        },
        {
          organ_id: organId,
          kind: 'incoming',
          code: 'DEN-MAT',
          name: 'Sổ đăng ký văn bản đến mật',
          confidential: true,
          doc_type_codes: null,
          active: false,
        },
        {
          organ_id: organId,
          kind: 'outgoing',
          code: 'VBDI',
          name: 'Sổ văn bản đi của Sở',
          confidential: false,
          doc_type_codes: null,
        },
      ])
      .execute();
    const list = (await root.get(`/api/admin/registers?organId=${organId}`)).json() as {
      kind: string;
      code: string;
      active: boolean;
    }[];
    expect(list.map((r) => `${r.kind}:${r.code}:${r.active ? 'on' : 'off'}`).sort()).toEqual([
      'copy:SAO:on',
      'incoming:DEN-MAT:off',
      'incoming:DEN:on',
      'outgoing:DI-MAT:on',
      'outgoing:VBDI:on',
    ]);
  });

  it('the admin adds a register limited to a type; documents of that type are numbered there, others stay in the general one', async () => {
    const created = await admin.post('/api/admin/registers', {
      kind: 'incoming',
      code: 'DEN-GM',
      name: 'Sổ giấy mời đến',
      confidential: false,
      docTypeCodes: ['giay_moi'],
    });
    expect(created.statusCode).toBe(200);
    expect(
      (await admin.post('/api/admin/registers', { kind: 'incoming', code: 'DEN-GM', name: 'Trùng mã' })).json().code,
    ).toBe('registers.code_taken');
    const clerk = await sys.login('vanthu');
    const inv = await register(clerk, meta({ docTypeCode: 'giay_moi', number: '12', notation: 'GM-BTP' }));
    expect(inv.json()).toMatchObject({ registerId: created.json().id, arrivalNumber: 1 });
    const letter = await register(clerk, meta({ number: '13' }));
    expect(letter.json().registerName).toBe('Sổ đăng ký văn bản đến');
    // A confidential document cannot be put in a general register by hand.
    const wrong = await register(
      clerk,
      meta({ number: '14', confidentiality: 'mat', registerId: letter.json().registerId }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('registers.confidentiality_mismatch');
    // Deactivated: back to the general register.
    expect((await admin.patch(`/api/admin/registers/${created.json().id}`, { active: false })).json().active).toBe(
      false,
    );
    const inv2 = await register(clerk, meta({ docTypeCode: 'giay_moi', number: '15', notation: 'GM-BTP' }));
    expect(inv2.json().registerName).toBe('Sổ đăng ký văn bản đến');
    expect((await clerk.post('/api/admin/registers', { kind: 'incoming', code: 'X', name: 'X' })).statusCode).toBe(403);
  });

  it('the admin adds a document type (Luật, Nghị định… are data)', async () => {
    const t = await admin.post('/api/admin/doc-types', { code: 'phap_lenh', name: 'Pháp lệnh', abbr: null });
    expect(t.statusCode).toBe(200);
    const clerk = await sys.login('vanthu');
    expect(((await clerk.get('/api/doc-types')).json() as { code: string }[]).some((x) => x.code === 'phap_lenh')).toBe(
      true,
    );
  });

  it("editing a document type that does not exist, or is another organ's, answers 404 registers.doc_type_not_found", async () => {
    const missing = await admin.patch('/api/admin/doc-types/00000000-0000-4000-8000-000000000000', {
      name: 'Không có',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('registers.doc_type_not_found');
    const snv = await sys.deps.db
      .selectFrom('organs')
      .select('id')
      .where('code', '=', '000.00.12.H29')
      .executeTakeFirstOrThrow();
    const theirs = (await listDocTypes(sys.deps.db, snv.id)).find((t) => t.code === 'giay_moi')!;
    const r = await admin.patch(`/api/admin/doc-types/${theirs.id}`, { name: 'Giấy mời họp' });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('registers.doc_type_not_found');
    expect((await listDocTypes(sys.deps.db, snv.id)).find((t) => t.id === theirs.id)?.name).toBe('Giấy mời');
    // An abbreviation must fit in a notation.
    const bad = await admin.post('/api/admin/doc-types', {
      code: 'nghi_quyet_lien_tich',
      name: 'Nghị quyết liên tịch',
      abbr: 'NQ-LT',
    });
    expect(bad.statusCode).toBe(400);
  });

  it('the admin listing carries the numbers given this year, confidential registers included, for the organ being administered', async () => {
    const organOf = async (code: string) =>
      (await sys.deps.db.selectFrom('organs').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    const bnv = await organOf('000.00.00.G09');
    const snv = await organOf('000.00.12.H29');
    const mat = (await listRegisters(sys.deps.db, bnv, 'incoming')).find((r) => r.code === 'DEN-MAT')!;
    const snvDen = (await listRegisters(sys.deps.db, snv, 'incoming')).find((r) => r.code === 'DEN')!;
    const year = Number(todayVN(new Date()).slice(0, 4));
    await sys.deps.db.transaction().execute(async (trx) => {
      await takeNumber(trx, mat.id, year);
      await takeNumber(trx, mat.id, year);
      await takeNumber(trx, mat.id, year - 1); // last year's numbers are not this year's
      await takeNumber(trx, snvDen.id, year);
    });
    type Row = { id: string; code: string; lastNumber: number };
    // quantri is not cleared for secrets: the working list hides the confidential register, the admin list shows it with its count.
    expect(((await admin.get('/api/registers')).json() as Row[]).some((r) => r.id === mat.id)).toBe(false);
    const own = (await admin.get('/api/admin/registers?kind=incoming')).json() as Row[];
    expect(own.find((r) => r.id === mat.id)?.lastNumber).toBe(2);
    expect(own.every((r) => typeof r.lastNumber === 'number')).toBe(true);
    // The system administrator administering the Sở sees the Sở's registers and counts, not the Bộ's.
    const root = await sys.login('sysadmin');
    const picked = (await root.get(`/api/admin/registers?organId=${snv}`)).json() as Row[];
    expect(picked.find((r) => r.id === snvDen.id)?.lastNumber).toBe(1);
    expect(picked.some((r) => r.id === mat.id)).toBe(false);
  });

  it('takeNumber gives back the number of a rolled-back transaction', async () => {
    const reg = (
      await listRegisters(
        sys.deps.db,
        (
          await sys.deps.db
            .selectFrom('organs')
            .select('id')
            .where('code', '=', '000.00.12.H29')
            .executeTakeFirstOrThrow()
        ).id,
        'incoming',
      )
    )[0]!;
    await expect(
      sys.deps.db.transaction().execute(async (trx) => {
        expect(await takeNumber(trx, reg.id, 2030)).toBe(1);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await sys.deps.db.transaction().execute((trx) => takeNumber(trx, reg.id, 2030))).toBe(1);
    expect(await sys.deps.db.transaction().execute((trx) => takeNumber(trx, reg.id, 2030))).toBe(2);
  });
});
