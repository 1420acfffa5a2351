import { validateOrganCode } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { AppError, badRequest, conflict } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import { hashPassword, passwordProblem } from '../auth';
import { revokeAllApiTokens } from '../auth';
import type { Principal } from '../auth';
import { isRole } from '../auth';
import { authorizeOrg } from './org.guard';

const nfc = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ');
const notFound = (what: string) => new AppError('org.not_found', 404, `Không tìm thấy ${what}.`);

function checkRoles(roles: string[]): string[] {
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length) throw badRequest('org.bad_role', `Vai trò không hợp lệ: ${bad.join(', ')}.`);
  return [...new Set(roles)];
}

// ---------- organs ----------
export async function listOrgans(deps: Deps, p: Principal) {
  let q = deps.db.selectFrom('organs').select(['id', 'code', 'name', 'abbr']).orderBy('code');
  if (!p.sysadmin) q = q.where('id', '=', p.organId);
  return q.execute();
}

export async function createOrgan(
  deps: Deps,
  p: Principal,
  actor: Actor,
  input: { code: string; name: string; abbr: string },
) {
  authorizeOrg(p, 'organ.create', p.organId);
  const code = input.code.trim();
  const v = validateOrganCode(code, { strict: true });
  if (!v.ok)
    throw badRequest(
      'org.bad_organ_code',
      `Mã định danh "${code}" không hợp lệ (dạng V1V2V3.Z1Z2.Y1Y2.MX1X2, ví dụ 000.00.00.G09).`,
    );
  return deps.db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('organs').select('id').where('code', '=', code).executeTakeFirst();
    if (exists) throw conflict('org.organ_code_taken', `Mã định danh ${code} đã được dùng.`);
    const row = await trx
      .insertInto('organs')
      .values({ code, name: nfc(input.name), abbr: nfc(input.abbr), address: null })
      .returning(['id', 'code', 'name', 'abbr'])
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      { ...actor, organId: row.id },
      {
        action: 'org.organ.create',
        entityType: 'organ',
        entityId: row.id,
        summary: `Tạo cơ quan ${row.name} (${row.code})`,
        after: row,
      },
    );
    return row;
  });
}

// ---------- units ----------
export async function listUnits(deps: Deps, p: Principal, organId: string) {
  authorizeOrg(p, 'unit.read', organId);
  const rows = await deps.db
    .selectFrom('units')
    .select(['id', 'parent_id', 'name', 'abbr', 'sort_order'])
    .where('organ_id', '=', organId)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, abbr: r.abbr, sortOrder: r.sort_order }));
}

async function unitInOrgan(db: DbOrTrx, organId: string, unitId: string) {
  const u = await db
    .selectFrom('units')
    .selectAll()
    .where('id', '=', unitId)
    .where('organ_id', '=', organId)
    .executeTakeFirst();
  if (!u) throw notFound('đơn vị');
  return u;
}

export async function createUnit(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  input: { parentId: string | null; name: string; abbr: string; sortOrder?: number },
) {
  authorizeOrg(p, 'unit.manage', organId);
  return deps.db.transaction().execute(async (trx) => {
    if (input.parentId) await unitInOrgan(trx, organId, input.parentId);
    const row = await trx
      .insertInto('units')
      .values({
        organ_id: organId,
        parent_id: input.parentId,
        name: nfc(input.name),
        abbr: nfc(input.abbr),
        sort_order: input.sortOrder ?? 0,
      })
      .returning(['id', 'parent_id', 'name', 'abbr', 'sort_order'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.unit.create',
      entityType: 'unit',
      entityId: row.id,
      summary: `Tạo đơn vị ${row.name}`,
      after: row,
    });
    return { id: row.id, parentId: row.parent_id, name: row.name, abbr: row.abbr, sortOrder: row.sort_order };
  });
}

export async function updateUnit(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  id: string,
  input: { name?: string; abbr?: string; parentId?: string | null; sortOrder?: number },
) {
  authorizeOrg(p, 'unit.manage', organId);
  return deps.db.transaction().execute(async (trx) => {
    const before = await unitInOrgan(trx, organId, id);
    if (input.parentId) {
      await unitInOrgan(trx, organId, input.parentId);
      // Refuse cycles: the new parent may not be the unit itself or one of its descendants.
      let cur: string | null = input.parentId;
      while (cur) {
        if (cur === id) throw badRequest('org.unit_cycle', 'Không thể chuyển đơn vị vào bên trong chính nó.');
        const row: { parent_id: string | null } | undefined = await trx
          .selectFrom('units')
          .select('parent_id')
          .where('id', '=', cur)
          .executeTakeFirst();
        cur = row?.parent_id ?? null;
      }
    }
    const row = await trx
      .updateTable('units')
      .set({
        ...(input.name !== undefined ? { name: nfc(input.name) } : {}),
        ...(input.abbr !== undefined ? { abbr: nfc(input.abbr) } : {}),
        ...(input.parentId !== undefined ? { parent_id: input.parentId } : {}),
        ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
      })
      .where('id', '=', id)
      .returning(['id', 'parent_id', 'name', 'abbr', 'sort_order'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.unit.update',
      entityType: 'unit',
      entityId: id,
      summary: `Sửa đơn vị ${row.name}`,
      before: { name: before.name, abbr: before.abbr, parentId: before.parent_id },
      after: { name: row.name, abbr: row.abbr, parentId: row.parent_id },
    });
    return { id: row.id, parentId: row.parent_id, name: row.name, abbr: row.abbr, sortOrder: row.sort_order };
  });
}

export async function deleteUnit(deps: Deps, p: Principal, actor: Actor, organId: string, id: string) {
  authorizeOrg(p, 'unit.manage', organId);
  await deps.db.transaction().execute(async (trx) => {
    const u = await unitInOrgan(trx, organId, id);
    const child = await trx.selectFrom('units').select('id').where('parent_id', '=', id).executeTakeFirst();
    const member = await trx.selectFrom('memberships').select('id').where('unit_id', '=', id).executeTakeFirst();
    if (child || member)
      throw conflict(
        'org.unit_not_empty',
        'Đơn vị còn đơn vị con hoặc người dùng (kể cả lịch sử công tác); không thể xóa.',
      );
    await trx.deleteFrom('units').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.unit.delete',
      entityType: 'unit',
      entityId: id,
      summary: `Xóa đơn vị ${u.name}`,
      before: { name: u.name, abbr: u.abbr },
    });
  });
}

// ---------- positions ----------
export async function listPositions(deps: Deps, p: Principal, organId: string) {
  authorizeOrg(p, 'position.read', organId);
  return deps.db
    .selectFrom('positions')
    .select(['id', 'name', 'rank'])
    .where('organ_id', '=', organId)
    .orderBy('rank')
    .orderBy('name')
    .execute();
}

export async function createPosition(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  input: { name: string; rank: number },
) {
  authorizeOrg(p, 'position.manage', organId);
  return deps.db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('positions')
      .select('id')
      .where('organ_id', '=', organId)
      .where('name', '=', nfc(input.name))
      .executeTakeFirst();
    if (dup) throw conflict('org.position_exists', 'Chức vụ này đã có.');
    const row = await trx
      .insertInto('positions')
      .values({ organ_id: organId, name: nfc(input.name), rank: input.rank })
      .returning(['id', 'name', 'rank'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.position.create',
      entityType: 'position',
      entityId: row.id,
      summary: `Tạo chức vụ ${row.name}`,
      after: row,
    });
    return row;
  });
}

// ---------- users ----------
export interface UserView {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  active: boolean;
  locked: boolean;
  totpEnabled: boolean;
  clearance: string;
  memberships: {
    id: string;
    unitId: string;
    unitName: string;
    positionId: string;
    positionName: string;
    roles: string[];
    primary: boolean;
  }[];
}

async function usersView(
  db: DbOrTrx,
  organId: string,
  now: Date,
  filter: { ids?: string[]; q?: string; unitId?: string },
): Promise<UserView[]> {
  let q = db
    .selectFrom('users')
    .select(['id', 'username', 'full_name', 'email', 'active', 'locked_until', 'totp_enabled', 'clearance'])
    .where('organ_id', '=', organId);
  if (filter.ids) q = q.where('id', 'in', filter.ids.length ? filter.ids : ['00000000-0000-0000-0000-000000000000']);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase()}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['username']), 'like', like), eb(eb.fn('lower', ['full_name']), 'like', like)]),
    );
  }
  if (filter.unitId)
    q = q.where(
      'id',
      'in',
      db.selectFrom('memberships').select('user_id').where('unit_id', '=', filter.unitId).where('ended_at', 'is', null),
    );
  const users = await q.orderBy('full_name').limit(500).execute();
  const ids = users.map((u) => u.id);
  const ms = ids.length
    ? await db
        .selectFrom('memberships as m')
        .innerJoin('units as u', 'u.id', 'm.unit_id')
        .innerJoin('positions as p', 'p.id', 'm.position_id')
        .select([
          'm.id',
          'm.user_id',
          'm.unit_id',
          'u.name as unit_name',
          'm.position_id',
          'p.name as position_name',
          'm.roles',
          'm.is_primary',
        ])
        .where('m.user_id', 'in', ids)
        .where('m.ended_at', 'is', null)
        .execute()
    : [];
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    fullName: u.full_name,
    email: u.email,
    active: u.active,
    locked: !!u.locked_until && u.locked_until > now,
    totpEnabled: u.totp_enabled,
    clearance: u.clearance,
    memberships: ms
      .filter((m) => m.user_id === u.id)
      .map((m) => ({
        id: m.id,
        unitId: m.unit_id,
        unitName: m.unit_name,
        positionId: m.position_id,
        positionName: m.position_name,
        roles: m.roles,
        primary: m.is_primary,
      })),
  }));
}

export async function listUsers(deps: Deps, p: Principal, organId: string, filter: { q?: string; unitId?: string }) {
  authorizeOrg(p, 'user.read', organId);
  return usersView(deps.db, organId, deps.now(), filter);
}

export async function getUser(deps: Deps, p: Principal, organId: string, id: string): Promise<UserView> {
  authorizeOrg(p, 'user.read', organId);
  const [u] = await usersView(deps.db, organId, deps.now(), { ids: [id] });
  if (!u) throw notFound('người dùng');
  return u;
}

async function postInOrgan(trx: DbOrTrx, organId: string, unitId: string, positionId: string) {
  await unitInOrgan(trx, organId, unitId);
  const pos = await trx
    .selectFrom('positions')
    .select('id')
    .where('id', '=', positionId)
    .where('organ_id', '=', organId)
    .executeTakeFirst();
  if (!pos) throw notFound('chức vụ');
}

export async function createUser(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  input: {
    username: string;
    fullName: string;
    email?: string | null;
    password: string;
    unitId: string;
    positionId: string;
    roles: string[];
    clearance?: string;
  },
) {
  authorizeOrg(p, 'user.manage', organId);
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,50}$/.test(username))
    throw badRequest(
      'org.bad_username',
      'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang (3–50 ký tự).',
    );
  const problem = passwordProblem(input.password);
  if (problem) throw badRequest('auth.weak_password', problem);
  const roles = checkRoles(input.roles);
  const password_hash = await hashPassword(input.password);
  const id = await deps.db.transaction().execute(async (trx) => {
    await postInOrgan(trx, organId, input.unitId, input.positionId);
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username))
      .executeTakeFirst();
    if (taken) throw conflict('org.username_taken', `Tên đăng nhập "${username}" đã được dùng.`);
    const u = await trx
      .insertInto('users')
      .values({
        organ_id: organId,
        username,
        full_name: nfc(input.fullName),
        email: input.email?.trim() || null,
        password_hash,
        clearance: input.clearance ?? 'thuong',
        totp_secret: null,
        locked_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('memberships')
      .values({
        organ_id: organId,
        user_id: u.id,
        unit_id: input.unitId,
        position_id: input.positionId,
        roles,
        is_primary: true,
        ended_at: null,
      })
      .execute();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.user.create',
      entityType: 'user',
      entityId: u.id,
      summary: `Tạo người dùng ${username}`,
      after: { username, fullName: nfc(input.fullName), unitId: input.unitId, positionId: input.positionId, roles },
    });
    return u.id;
  });
  return getUser(deps, p, organId, id);
}

export async function updateUser(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  id: string,
  input: { fullName?: string; email?: string | null; active?: boolean; clearance?: string },
) {
  authorizeOrg(p, 'user.manage', organId);
  await deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('users')
      .select(['full_name', 'email', 'active', 'clearance'])
      .where('id', '=', id)
      .where('organ_id', '=', organId)
      .executeTakeFirst();
    if (!before) throw notFound('người dùng');
    const set = {
      ...(input.fullName !== undefined ? { full_name: nfc(input.fullName) } : {}),
      ...(input.email !== undefined ? { email: input.email?.trim() || null } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.clearance !== undefined ? { clearance: input.clearance } : {}),
      updated_at: deps.now(),
    };
    await trx.updateTable('users').set(set).where('id', '=', id).execute();
    if (input.active === false) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.user.update',
      entityType: 'user',
      entityId: id,
      summary: 'Sửa thông tin người dùng',
      before,
      after: input,
    });
  });
  return getUser(deps, p, organId, id);
}

export async function resetPassword(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  id: string,
  password: string,
) {
  authorizeOrg(p, 'user.manage', organId);
  const problem = passwordProblem(password);
  if (problem) throw badRequest('auth.weak_password', problem);
  const password_hash = await hashPassword(password);
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('users')
      .set({ password_hash, failed_logins: 0, locked_until: null, updated_at: deps.now() })
      .where('id', '=', id)
      .where('organ_id', '=', organId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('người dùng');
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await revokeAllApiTokens(trx, id, deps.now());
    await recordAudit(trx, actor, {
      organId,
      action: 'org.user.password_reset',
      entityType: 'user',
      entityId: id,
      summary: 'Đặt lại mật khẩu',
    });
  });
}

export async function unlockUser(deps: Deps, p: Principal, actor: Actor, organId: string, id: string) {
  authorizeOrg(p, 'user.manage', organId);
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', id)
      .where('organ_id', '=', organId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound('người dùng');
    await recordAudit(trx, actor, {
      organId,
      action: 'org.user.unlock',
      entityType: 'user',
      entityId: id,
      summary: 'Mở khóa tài khoản',
    });
  });
}

export async function addMembership(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  userId: string,
  input: { unitId: string; positionId: string; roles: string[]; primary: boolean },
) {
  authorizeOrg(p, 'user.manage', organId);
  const roles = checkRoles(input.roles);
  const created = await deps.db.transaction().execute(async (trx) => {
    const u = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .where('organ_id', '=', organId)
      .executeTakeFirst();
    if (!u) throw notFound('người dùng');
    await postInOrgan(trx, organId, input.unitId, input.positionId);
    if (input.primary)
      await trx
        .updateTable('memberships')
        .set({ is_primary: false })
        .where('user_id', '=', userId)
        .where('ended_at', 'is', null)
        .execute();
    const m = await trx
      .insertInto('memberships')
      .values({
        organ_id: organId,
        user_id: userId,
        unit_id: input.unitId,
        position_id: input.positionId,
        roles,
        is_primary: input.primary,
        ended_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.membership.add',
      entityType: 'user',
      entityId: userId,
      summary: 'Thêm vị trí công tác',
      after: { membershipId: m.id, ...input, roles },
    });
    return m;
  });
  const user = await getUser(deps, p, organId, userId);
  return user.memberships.find((x) => x.id === created.id)!;
}

export async function endMembership(deps: Deps, p: Principal, actor: Actor, organId: string, membershipId: string) {
  authorizeOrg(p, 'user.manage', organId);
  await deps.db.transaction().execute(async (trx) => {
    const m = await trx
      .updateTable('memberships')
      .set({ ended_at: deps.now() })
      .where('id', '=', membershipId)
      .where('organ_id', '=', organId)
      .where('ended_at', 'is', null)
      .returning(['user_id', 'unit_id', 'roles'])
      .executeTakeFirst();
    if (!m) throw notFound('vị trí công tác');
    await recordAudit(trx, actor, {
      organId,
      action: 'org.membership.end',
      entityType: 'user',
      entityId: m.user_id,
      summary: 'Kết thúc vị trí công tác',
      before: { membershipId, unitId: m.unit_id, roles: m.roles },
    });
  });
}

/** Change of post (Ađ): every current post ends, the new one becomes the only one, and rights follow at once. */
export async function transferUser(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  userId: string,
  input: { unitId: string; positionId: string; roles: string[] },
) {
  authorizeOrg(p, 'user.manage', organId);
  const roles = checkRoles(input.roles);
  await deps.db.transaction().execute(async (trx) => {
    const u = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .where('organ_id', '=', organId)
      .executeTakeFirst();
    if (!u) throw notFound('người dùng');
    await postInOrgan(trx, organId, input.unitId, input.positionId);
    const ended = await trx
      .updateTable('memberships')
      .set({ ended_at: deps.now() })
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .returning(['unit_id', 'position_id', 'roles'])
      .execute();
    await trx
      .insertInto('memberships')
      .values({
        organ_id: organId,
        user_id: userId,
        unit_id: input.unitId,
        position_id: input.positionId,
        roles,
        is_primary: true,
        ended_at: null,
      })
      .execute();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.user.transfer',
      entityType: 'user',
      entityId: userId,
      summary: 'Điều chuyển công tác',
      before: ended,
      after: { ...input, roles },
    });
  });
  return getUser(deps, p, organId, userId);
}

// ---------- external organs (directory for exchange) ----------
export async function listExternalOrgans(deps: Deps, p: Principal, organId: string, q?: string) {
  authorizeOrg(p, 'external.read', organId);
  let query = deps.db
    .selectFrom('external_organs')
    .select(['id', 'code', 'name', 'email', 'phone', 'address'])
    .where('organ_id', '=', organId);
  if (q)
    query = query.where((eb) =>
      eb.or([eb('code', 'like', `%${q}%`), eb(eb.fn('lower', ['name']), 'like', `%${q.toLowerCase()}%`)]),
    );
  return query.orderBy('name').limit(1000).execute();
}

type ExternalInput = {
  code: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
};

export async function createExternalOrgan(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  input: ExternalInput,
) {
  authorizeOrg(p, 'external.manage', organId);
  const code = input.code.trim();
  if (!validateOrganCode(code, { strict: false }).ok)
    throw badRequest('org.bad_organ_code', `Mã định danh "${code}" không hợp lệ.`);
  return deps.db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('external_organs')
      .select('id')
      .where('organ_id', '=', organId)
      .where('code', '=', code)
      .executeTakeFirst();
    if (dup) throw conflict('org.external_exists', `Cơ quan mã ${code} đã có trong danh bạ.`);
    const row = await trx
      .insertInto('external_organs')
      .values({
        organ_id: organId,
        code,
        name: nfc(input.name),
        email: input.email ?? null,
        phone: input.phone ?? null,
        address: input.address ?? null,
      })
      .returning(['id', 'code', 'name', 'email', 'phone', 'address'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.external.create',
      entityType: 'external_organ',
      entityId: row.id,
      summary: `Thêm cơ quan ngoài ${row.name}`,
      after: row,
    });
    return row;
  });
}

export async function updateExternalOrgan(
  deps: Deps,
  p: Principal,
  actor: Actor,
  organId: string,
  id: string,
  input: Partial<ExternalInput>,
) {
  authorizeOrg(p, 'external.manage', organId);
  if (input.code !== undefined && !validateOrganCode(input.code.trim(), { strict: false }).ok)
    throw badRequest('org.bad_organ_code', `Mã định danh "${input.code}" không hợp lệ.`);
  return deps.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('external_organs')
      .select(['code', 'name', 'email', 'phone', 'address'])
      .where('id', '=', id)
      .where('organ_id', '=', organId)
      .executeTakeFirst();
    if (!before) throw notFound('cơ quan');
    const row = await trx
      .updateTable('external_organs')
      .set({
        ...input,
        ...(input.name ? { name: nfc(input.name) } : {}),
        ...(input.code ? { code: input.code.trim() } : {}),
      })
      .where('id', '=', id)
      .returning(['id', 'code', 'name', 'email', 'phone', 'address'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId,
      action: 'org.external.update',
      entityType: 'external_organ',
      entityId: id,
      summary: `Sửa cơ quan ngoài ${row.name}`,
      before,
      after: row,
    });
    return row;
  });
}

export async function deleteExternalOrgan(deps: Deps, p: Principal, actor: Actor, organId: string, id: string) {
  authorizeOrg(p, 'external.manage', organId);
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('external_organs')
      .where('id', '=', id)
      .where('organ_id', '=', organId)
      .returning(['code', 'name'])
      .executeTakeFirst();
    if (!row) throw notFound('cơ quan');
    await recordAudit(trx, actor, {
      organId,
      action: 'org.external.delete',
      entityType: 'external_organ',
      entityId: id,
      summary: `Xóa cơ quan ngoài ${row.name}`,
      before: row,
    });
  });
}
