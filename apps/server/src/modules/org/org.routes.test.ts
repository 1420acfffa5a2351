import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';

let sys: TestSystem;
let adminA: Client;
let adminB: Client;
beforeAll(async () => {
  sys = await createTestSystem();
  adminA = await sys.login('quantri');
  adminB = await sys.login('snv.quantri');
});
afterAll(async () => sys.stop());

const unitId = async (c: Client, name: string) =>
  ((await c.get('/api/admin/units')).json() as { id: string; name: string }[]).find((u) => u.name === name)!.id;
const positionId = async (c: Client, name: string) =>
  ((await c.get('/api/admin/positions')).json() as { id: string; name: string }[]).find((p) => p.name === name)!.id;

describe('organisation administration', () => {
  it('lists the demo organ with its units, nested rooms included', async () => {
    const units = (await adminA.get('/api/admin/units')).json() as {
      id: string;
      parentId: string | null;
      name: string;
    }[];
    const names = units.map((u) => u.name);
    for (const n of [
      'Văn phòng Bộ',
      'Vụ Tổ chức cán bộ',
      'Vụ Pháp chế',
      'Vụ Chính quyền địa phương',
      'Cục Văn thư và Lưu trữ nhà nước',
    ])
      expect(names).toContain(n);
    const cuc = units.find((u) => u.name === 'Cục Văn thư và Lưu trữ nhà nước')!;
    expect(units.filter((u) => u.parentId === cuc.id)).toHaveLength(2);
  });

  it('creates a unit and a user who can then log in with the role given; each step is audited', async () => {
    const parent = await unitId(adminA, 'Vụ Pháp chế');
    const u = await adminA.post('/api/admin/units', {
      parentId: parent,
      name: 'Phòng  Kiểm tra văn bản',
      abbr: 'KTVB',
    });
    expect(u.statusCode).toBe(200);
    expect(u.json().name).toBe('Phòng Kiểm tra văn bản');
    const pos = await positionId(adminA, 'Chuyên viên');
    const created = await adminA.post('/api/admin/users', {
      username: 'cv.ktvb',
      fullName: 'Trương Văn Kiểm',
      password: 'KiemTra2026',
      unitId: u.json().id,
      positionId: pos,
      roles: ['specialist'],
    });
    expect(created.statusCode).toBe(200);
    expect(created.json().memberships[0]).toMatchObject({
      unitName: 'Phòng Kiểm tra văn bản',
      positionName: 'Chuyên viên',
      roles: ['specialist'],
    });
    const me = (await (await sys.login('cv.ktvb', 'KiemTra2026')).get('/api/auth/me')).json();
    expect(me.menu).toEqual(['incoming', 'outgoing', 'workfiles', 'calendar']);
    const actions = (await adminA.get('/api/admin/audit?action=org.'))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['org.unit.create', 'org.user.create']));
  });

  it('refuses bad input with stable codes and leaves nothing behind', async () => {
    const pos = await positionId(adminA, 'Chuyên viên');
    const unit = await unitId(adminA, 'Vụ Pháp chế');
    const taken = await adminA.post('/api/admin/users', {
      username: 'vanthu',
      fullName: 'Trùng',
      password: 'TrungTen2026',
      unitId: unit,
      positionId: pos,
      roles: ['clerk'],
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('org.username_taken');
    const weak = await adminA.post('/api/admin/users', {
      username: 'yeu.mk',
      fullName: 'Yếu',
      password: '123',
      unitId: unit,
      positionId: pos,
      roles: [],
    });
    expect(weak.json().code).toBe('auth.weak_password');
    const badRole = await adminA.post('/api/admin/users', {
      username: 'sai.vaitro',
      fullName: 'Sai',
      password: 'SaiVaiTro2026',
      unitId: unit,
      positionId: pos,
      roles: ['emperor'],
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().code).toBe('validation.failed');
    const missing = await adminA.post('/api/admin/units', { parentId: null, abbr: 'X' });
    expect(missing.json().code).toBe('validation.failed');
    expect(missing.json().message).toMatch(/name/);
    const n = await sys.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', 'in', ['yeu.mk', 'sai.vaitro'])
      .execute();
    expect(n).toHaveLength(0);
    const nonEmpty = await adminA.del(`/api/admin/units/${unit}`);
    expect(nonEmpty.statusCode).toBe(409);
    expect(nonEmpty.json().code).toBe('org.unit_not_empty');
  });

  it('refuses a unit cycle', async () => {
    const cuc = await unitId(adminA, 'Cục Văn thư và Lưu trữ nhà nước');
    const room = await unitId(adminA, 'Phòng Nghiệp vụ văn thư');
    const r = await adminA.patch(`/api/admin/units/${cuc}`, { parentId: room });
    expect(r.json().code).toBe('org.unit_cycle');
  });

  it('non-admin roles may read the directory but not change it', async () => {
    const cv = await sys.login('chuyenvien.pc');
    expect((await cv.get('/api/admin/units')).statusCode).toBe(200);
    const r = await cv.post('/api/admin/units', { parentId: null, name: 'Vụ mới', abbr: 'VM' });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('auth.forbidden');
    expect((await cv.get('/api/admin/audit')).statusCode).toBe(403);
  });

  it('after a change of post the user has the rights of the new post only (Ađ)', async () => {
    const users = (await adminA.get('/api/admin/users?q=chuyenvien.tccb')).json();
    const vp = await unitId(adminA, 'Văn phòng Bộ');
    const vt = await positionId(adminA, 'Văn thư');
    const before = await sys.login('chuyenvien.tccb');
    expect((await before.get('/api/auth/me')).json().roles).toEqual(['specialist']);
    const moved = await adminA.post(`/api/admin/users/${users[0].id}/transfer`, {
      unitId: vp,
      positionId: vt,
      roles: ['clerk'],
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().memberships).toHaveLength(1);
    // the existing session sees the new rights at once
    const me = (await before.get('/api/auth/me')).json();
    expect(me.roles).toEqual(['clerk']);
    expect(me.menu).toContain('archive');
    expect(me.memberships[0].unitName).toBe('Văn phòng Bộ');
    const history = await sys.deps.db
      .selectFrom('memberships')
      .select(['ended_at'])
      .where('user_id', '=', users[0].id)
      .execute();
    expect(history.filter((h) => h.ended_at !== null)).toHaveLength(1);
  });

  it('a second post (kiêm nhiệm) adds its roles; ending it removes them', async () => {
    const user = (await adminA.get('/api/admin/users?q=vutruong.tccb')).json()[0];
    const vp = await unitId(adminA, 'Văn phòng Bộ');
    const pos = await positionId(adminA, 'Phó Chánh Văn phòng');
    const m = await adminA.post(`/api/admin/users/${user.id}/memberships`, {
      unitId: vp,
      positionId: pos,
      roles: ['office_chief'],
      primary: false,
    });
    expect(m.statusCode).toBe(200);
    expect(m.json()).toMatchObject({
      unitName: 'Văn phòng Bộ',
      positionName: 'Phó Chánh Văn phòng',
      roles: ['office_chief'],
      primary: false,
    });
    const c = await sys.login('vutruong.tccb');
    expect((await c.get('/api/auth/me')).json().roles.sort()).toEqual(['office_chief', 'unit_leader']);
    expect((await adminA.del(`/api/admin/memberships/${m.json().id}`)).statusCode).toBe(204);
    expect((await c.get('/api/auth/me')).json().roles).toEqual(['unit_leader']);
  });

  it('manages the external organ directory with code validation', async () => {
    const ok = await adminA.post('/api/admin/external-organs', { code: '000.00.00.G18', name: 'Bộ Y tế' });
    expect(ok.statusCode).toBe(200);
    const dup = await adminA.post('/api/admin/external-organs', { code: '000.00.00.G18', name: 'Bộ Y tế' });
    expect(dup.json().code).toBe('org.external_exists');
    const bad = await adminA.post('/api/admin/external-organs', { code: 'khong-hop-le', name: 'Sai mã' });
    expect(bad.json().code).toBe('org.bad_organ_code');
    const list = (await adminA.get('/api/admin/external-organs?q=y tế')).json();
    expect(list.map((o: { code: string }) => o.code)).toEqual(['000.00.00.G18']);
  });

  it('only a sysadmin creates organs, with a validated code', async () => {
    expect(
      (
        await adminA.post('/api/admin/organs', {
          code: '000.00.00.G10',
          name: 'Bộ Nông nghiệp và Môi trường',
          abbr: 'BNNMT',
        })
      ).statusCode,
    ).toBe(403);
    const sa = await sys.login('sysadmin');
    const bad = await sa.post('/api/admin/organs', { code: '00.00.G10', name: 'Sai', abbr: 'S' });
    expect(bad.json().code).toBe('org.bad_organ_code');
    const ok = await sa.post('/api/admin/organs', {
      code: '000.00.00.G10',
      name: 'Bộ Nông nghiệp và Môi trường',
      abbr: 'BNNMT',
    });
    expect(ok.statusCode).toBe(200);
    const organs = (await sa.get('/api/admin/organs')).json().map((o: { code: string }) => o.code);
    expect(organs).toEqual(['000.00.00.G09', '000.00.00.G10', '000.00.12.H29']);
    expect((await adminA.get('/api/admin/organs')).json()).toHaveLength(1);
    // a sysadmin works in another organ by choosing it
    const units = await sa.get(`/api/admin/units?organId=${ok.json().id}`);
    expect(units.json()).toEqual([]);
  });
});

describe('tenant isolation: every organ-B item is a 404 to organ A', () => {
  it('by id, on every admin endpoint, whatever the role', async () => {
    const bUnit = (await adminB.get('/api/admin/units')).json()[0].id as string;
    const bUser = (await adminB.get('/api/admin/users')).json()[0];
    const bPos = (await adminB.get('/api/admin/positions')).json()[0].id as string;
    const bExt = (await adminB.get('/api/admin/external-organs')).json()[0].id as string;
    const bOverride = (
      await adminB.post('/api/admin/calendar/overrides', { date: '2026-12-26', kind: 'work', note: 'Làm bù' })
    ).json().id as string;
    const file = await adminB.request('POST', '/api/files', multipart('a.pdf', Buffer.from('%PDF-1.4\n%%EOF\n')), {
      'content-type': 'multipart/form-data; boundary=XyZ',
    });
    expect(file.statusCode).toBe(200);
    const bFile = file.json().id as string;
    const aUnit = (await adminA.get('/api/admin/units')).json()[0].id as string;
    const aPos = (await adminA.get('/api/admin/positions')).json()[0].id as string;

    const calls = (
      c: Client,
      ids: { unit: string; user: string; membership: string; ext: string; override: string; file: string },
    ) => [
      c.patch(`/api/admin/units/${ids.unit}`, { name: 'Đổi tên' }),
      c.del(`/api/admin/units/${ids.unit}`),
      c.get(`/api/admin/users/${ids.user}`),
      c.patch(`/api/admin/users/${ids.user}`, { fullName: 'Đổi tên' }),
      c.post(`/api/admin/users/${ids.user}/password`, { password: 'DoiMatKhau2026' }),
      c.post(`/api/admin/users/${ids.user}/unlock`),
      c.post(`/api/admin/users/${ids.user}/transfer`, { unitId: aUnit, positionId: aPos, roles: ['admin'] }),
      c.post(`/api/admin/users/${ids.user}/memberships`, {
        unitId: ids.unit,
        positionId: bPos,
        roles: ['admin'],
        primary: false,
      }),
      c.del(`/api/admin/memberships/${ids.membership}`),
      c.patch(`/api/admin/external-organs/${ids.ext}`, { name: 'Đổi' }),
      c.del(`/api/admin/external-organs/${ids.ext}`),
      c.del(`/api/admin/calendar/overrides/${ids.override}`),
      c.get(`/api/files/${ids.file}`),
    ];
    const bIds = {
      unit: bUnit,
      user: bUser.id,
      membership: bUser.memberships[0].id,
      ext: bExt,
      override: bOverride,
      file: bFile,
    };
    const nobody = '00000000-0000-4000-8000-000000000000';
    const madeUp = { unit: nobody, user: nobody, membership: nobody, ext: nobody, override: nobody, file: nobody };
    for (const who of ['quantri', 'vanthu', 'thutruong', 'chuyenvien.pc']) {
      const c = await sys.login(who);
      const onB = await Promise.all(calls(c, bIds));
      const onNothing = await Promise.all(calls(c, madeUp));
      for (const [i, r] of onB.entries()) {
        // an organ-B item answers exactly like an item that does not exist
        expect([i, r.statusCode, r.json().code]).toEqual([i, onNothing[i]!.statusCode, onNothing[i]!.json().code]);
        if (who === 'quantri') expect([i, r.statusCode]).toEqual([i, 404]);
        else expect([403, 404]).toContain(r.statusCode);
        expect(r.body).not.toContain('Sở Nội vụ');
      }
    }
    // organ-B data is unchanged
    const still = (await adminB.get(`/api/admin/users/${bUser.id}`)).json();
    expect(still.fullName).toBe(bUser.fullName);
    expect(still.memberships).toHaveLength(1);
    expect((await adminB.get('/api/admin/units')).json().map((u: { id: string }) => u.id)).toContain(bUnit);
  });

  it('lists never show another organ’s items', async () => {
    const users = (await adminA.get('/api/admin/users')).json().map((u: { username: string }) => u.username);
    expect(users.some((u: string) => u.startsWith('snv.'))).toBe(false);
    const audit = (await adminA.get('/api/admin/audit?pageSize=200')).json();
    expect(JSON.stringify(audit)).not.toContain('Sở Nội vụ');
  });
});

function multipart(name: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from('\r\n--XyZ--\r\n'),
  ]);
}
