import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { AppError } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password';
import type { Principal } from './principal';
import { isRole, menuFor, type Role } from './roles';
import { checkTotp, newTotpSecret, otpauthUrl } from './totp';

export const SESSION_COOKIE = 'vanthu_sid';
const sha256 = (s: string) => createHash('sha256').update(s).digest();
const newToken = () => randomBytes(32).toString('base64url');

const invalidCredentials = () =>
  new AppError('auth.invalid_credentials', 401, 'Tên đăng nhập hoặc mật khẩu không đúng.');

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
}

export async function login(
  deps: Deps,
  input: { username: string; password: string; totp?: string },
  info: RequestInfo,
): Promise<{ token: string; principal: Principal }> {
  const { db, config } = deps;
  const now = deps.now();
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['username']), '=', input.username.trim().toLowerCase()))
    .executeTakeFirst();
  if (!user || !user.active) {
    await verifyPassword(await dummyHash(), input.password);
    throw invalidCredentials();
  }
  const actor: Actor = { userId: user.id, name: user.full_name, organId: user.organ_id, ...info };
  // Claim one attempt before the password is checked, in one statement: parallel wrong logins can never get more
  // password checks than the limit (the attempt that reaches the limit locks the account; a right password unlocks it below).
  const lockUntil = new Date(now.getTime() + config.loginLockMs);
  const claimed = await sql<{ failed_logins: number }>`
    UPDATE users SET
      failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1 ELSE failed_logins + 1 END,
      locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= ${now} THEN 1 ELSE failed_logins + 1 END) >= ${config.loginMaxFailures}
        THEN ${lockUntil}::timestamptz ELSE NULL END
    WHERE id = ${user.id} AND (locked_until IS NULL OR locked_until <= ${now})
    RETURNING failed_logins`.execute(db);
  const attempt = claimed.rows[0];
  if (!attempt) {
    const row = await db.selectFrom('users').select('locked_until').where('id', '=', user.id).executeTakeFirst();
    const until = row?.locked_until && row.locked_until > now ? row.locked_until : lockUntil;
    throw new AppError(
      'auth.locked',
      423,
      `Tài khoản tạm khóa do nhập sai nhiều lần. Thử lại sau ${Math.ceil((until.getTime() - now.getTime()) / 60_000)} phút hoặc liên hệ quản trị.`,
    );
  }
  const ok = await verifyPassword(user.password_hash, input.password);
  if (!ok) {
    const lock = attempt.failed_logins >= config.loginMaxFailures;
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, actor, {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: user.id,
        summary: lock ? 'Khóa tài khoản sau nhiều lần đăng nhập sai' : 'Đăng nhập sai mật khẩu',
      });
    });
    throw invalidCredentials();
  }
  let totpStepUsed: number | null = null;
  if (user.totp_enabled && user.totp_secret) {
    // The password was right: the claimed attempt is given back before the second factor is asked.
    await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    if (!input.totp)
      throw new AppError('auth.totp_required', 401, 'Nhập mã xác thực hai lớp (TOTP) từ ứng dụng xác thực.');
    const step = checkTotp(user.totp_secret, input.totp, now.getTime());
    if (step === null || (user.totp_last_step !== null && step <= Number(user.totp_last_step))) {
      throw new AppError('auth.totp_invalid', 401, 'Mã xác thực không đúng hoặc đã được dùng.');
    }
    totpStepUsed = step;
  }
  const token = newToken();
  const csrf = newToken();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, ...(totpStepUsed !== null ? { totp_last_step: totpStepUsed } : {}) })
      .where('id', '=', user.id)
      .execute();
    await trx
      .insertInto('sessions')
      .values({
        id_hash: sha256(token),
        user_id: user.id,
        organ_id: user.organ_id,
        csrf_token: csrf,
        ip: info.ip,
        user_agent: info.userAgent?.slice(0, 300) ?? null,
        created_at: now,
        last_seen_at: now,
        expires_at: new Date(now.getTime() + config.sessionTtlMs),
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      summary: 'Đăng nhập',
    });
  });
  const principal = await loadPrincipal(db, user.id, 'session');
  if (!principal) throw invalidCredentials();
  return { token, principal: { ...principal, sessionIdHash: sha256(token), csrfToken: csrf } };
}

/** The user's row and active memberships, in one statement (this runs on every request). */
const principalColumns = (db: DbOrTrx) =>
  db
    .selectFrom('users as u')
    .select(['u.id', 'u.organ_id', 'u.username', 'u.full_name', 'u.sysadmin', 'u.clearance', 'u.active'])
    .select(
      sql<
        { unit_id: string; roles: string[] }[]
      >`coalesce((SELECT json_agg(json_build_object('unit_id', m.unit_id, 'roles', m.roles)) FROM memberships m WHERE m.user_id = u.id AND m.ended_at IS NULL), '[]')`.as(
        'ms',
      ),
    );

type PrincipalRow = {
  id: string;
  organ_id: string;
  username: string;
  full_name: string;
  sysadmin: boolean;
  clearance: string;
  active: boolean;
  ms: { unit_id: string; roles: string[] }[];
};

function toPrincipal(user: PrincipalRow, via: Principal['via']): Principal | null {
  if (!user.active) return null;
  const roles = new Set<Role>();
  for (const m of user.ms) for (const r of m.roles) if (isRole(r)) roles.add(r);
  return {
    userId: user.id,
    organId: user.organ_id,
    username: user.username,
    fullName: user.full_name,
    sysadmin: user.sysadmin,
    clearance: user.clearance as Principal['clearance'],
    roles,
    unitIds: user.ms.map((m) => m.unit_id),
    via,
  };
}

/** Builds the principal from the user row and their active memberships: rights follow the current post (Ađ). */
export async function loadPrincipal(db: DbOrTrx, userId: string, via: Principal['via']): Promise<Principal | null> {
  const user = await principalColumns(db).where('u.id', '=', userId).executeTakeFirst();
  return user ? toPrincipal(user, via) : null;
}

/** Resolves a cookie session; slides last_seen_at; enforces absolute and idle expiry. One statement in the common case. */
export async function principalFromSession(deps: Deps, token: string): Promise<Principal | null> {
  const now = deps.now();
  const idHash = sha256(token);
  const s = await principalColumns(deps.db)
    .innerJoin('sessions as s', 's.user_id', 'u.id')
    .select(['s.expires_at', 's.last_seen_at', 's.csrf_token'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!s) return null;
  if (s.expires_at <= now || now.getTime() - s.last_seen_at.getTime() > deps.config.sessionIdleMs) {
    await deps.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return null;
  }
  if (now.getTime() - s.last_seen_at.getTime() > 60_000) {
    await deps.db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  const p = toPrincipal(s, 'session');
  return p && { ...p, sessionIdHash: idHash, csrfToken: s.csrf_token };
}

export async function principalFromApiToken(deps: Deps, token: string): Promise<Principal | null> {
  const t = await deps.db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!t) return null;
  const now = deps.now();
  if (!t.last_used_at || now.getTime() - t.last_used_at.getTime() > 60_000) {
    await deps.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
  }
  return loadPrincipal(deps.db, t.user_id, 'token');
}

/** Revokes every API token of a user (logout everywhere, password change, admin password reset): a token never outlives them. */
export async function revokeAllApiTokens(trx: DbOrTrx, userId: string, now: Date): Promise<number> {
  const r = await trx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function logout(deps: Deps, p: Principal, actor: Actor, everywhere: boolean): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    if (everywhere) {
      await trx.deleteFrom('sessions').where('user_id', '=', p.userId).execute();
      await revokeAllApiTokens(trx, p.userId, deps.now());
    } else if (p.sessionIdHash) await trx.deleteFrom('sessions').where('id_hash', '=', p.sessionIdHash).execute();
    await recordAudit(trx, actor, {
      action: everywhere ? 'auth.logout_all' : 'auth.logout',
      entityType: 'user',
      entityId: p.userId,
      summary: everywhere ? 'Đăng xuất mọi thiết bị' : 'Đăng xuất',
    });
  });
}

export async function changePassword(
  deps: Deps,
  p: Principal,
  actor: Actor,
  current: string,
  next: string,
): Promise<void> {
  const user = await deps.db
    .selectFrom('users')
    .select(['password_hash'])
    .where('id', '=', p.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current)))
    throw new AppError('auth.wrong_password', 400, 'Mật khẩu hiện tại không đúng.');
  const problem = passwordProblem(next);
  if (problem) throw new AppError('auth.weak_password', 400, problem);
  const password_hash = await hashPassword(next);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash, updated_at: deps.now() }).where('id', '=', p.userId).execute();
    // Other sessions end when the password changes; this one stays.
    let del = trx.deleteFrom('sessions').where('user_id', '=', p.userId);
    if (p.sessionIdHash) del = del.where('id_hash', '!=', p.sessionIdHash);
    await del.execute();
    await revokeAllApiTokens(trx, p.userId, deps.now());
    await recordAudit(trx, actor, {
      action: 'auth.password_change',
      entityType: 'user',
      entityId: p.userId,
      summary: 'Đổi mật khẩu',
    });
  });
}

export async function totpSetup(deps: Deps, p: Principal): Promise<{ secret: string; otpauthUrl: string }> {
  const secret = newTotpSecret();
  await deps.db
    .updateTable('users')
    .set({ totp_secret: secret })
    .where('id', '=', p.userId)
    .where('totp_enabled', '=', false)
    .execute();
  const u = await deps.db
    .selectFrom('users')
    .select(['totp_enabled'])
    .where('id', '=', p.userId)
    .executeTakeFirstOrThrow();
  if (u.totp_enabled) throw new AppError('auth.totp_already_enabled', 409, 'Xác thực hai lớp đã được bật.');
  return { secret, otpauthUrl: otpauthUrl(secret, p.username) };
}

export async function totpEnable(deps: Deps, p: Principal, actor: Actor, code: string): Promise<void> {
  const u = await deps.db
    .selectFrom('users')
    .select(['totp_secret', 'totp_enabled'])
    .where('id', '=', p.userId)
    .executeTakeFirstOrThrow();
  if (!u.totp_secret || u.totp_enabled)
    throw new AppError('auth.totp_not_pending', 409, 'Chưa khởi tạo xác thực hai lớp, hoặc đã bật rồi.');
  const step = checkTotp(u.totp_secret, code, deps.now().getTime());
  if (step === null) throw new AppError('auth.totp_invalid', 400, 'Mã xác thực không đúng.');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_enabled: true, totp_last_step: step })
      .where('id', '=', p.userId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'auth.totp_enable',
      entityType: 'user',
      entityId: p.userId,
      summary: 'Bật xác thực hai lớp',
    });
  });
}

export async function totpDisable(deps: Deps, p: Principal, actor: Actor, password: string): Promise<void> {
  const u = await deps.db
    .selectFrom('users')
    .select(['password_hash'])
    .where('id', '=', p.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(u.password_hash, password)))
    throw new AppError('auth.wrong_password', 400, 'Mật khẩu không đúng.');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_enabled: false, totp_secret: null, totp_last_step: null })
      .where('id', '=', p.userId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'auth.totp_disable',
      entityType: 'user',
      entityId: p.userId,
      summary: 'Tắt xác thực hai lớp',
    });
  });
}

export async function createApiToken(deps: Deps, p: Principal, actor: Actor, name: string) {
  const token = `vt_${newToken()}`;
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_tokens')
      .values({ user_id: p.userId, organ_id: p.organId, name, token_hash: sha256(token) })
      .returning(['id', 'name', 'created_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'auth.token_create',
      entityType: 'api_token',
      entityId: row.id,
      summary: `Tạo mã truy cập API "${name}"`,
    });
    return { id: row.id, name: row.name, token, createdAt: row.created_at.toISOString() };
  });
}

export async function listApiTokens(deps: Deps, p: Principal) {
  const rows = await deps.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', p.userId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  }));
}

export async function revokeApiToken(deps: Deps, p: Principal, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: deps.now() })
      .where('id', '=', id)
      .where('user_id', '=', p.userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new AppError('auth.token_not_found', 404, 'Không tìm thấy mã truy cập.');
    await recordAudit(trx, actor, {
      action: 'auth.token_revoke',
      entityType: 'api_token',
      entityId: id,
      summary: 'Thu hồi mã truy cập API',
    });
  });
}

export async function describeMe(db: DbOrTrx, p: Principal) {
  const user = await db
    .selectFrom('users')
    .select(['email', 'totp_enabled'])
    .where('id', '=', p.userId)
    .executeTakeFirstOrThrow();
  const organ = await db
    .selectFrom('organs')
    .select(['id', 'code', 'name', 'abbr'])
    .where('id', '=', p.organId)
    .executeTakeFirstOrThrow();
  const memberships = await db
    .selectFrom('memberships as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .innerJoin('positions as p', 'p.id', 'm.position_id')
    .select([
      'm.id',
      'm.unit_id',
      'u.name as unit_name',
      'm.position_id',
      'p.name as position_name',
      'm.roles',
      'm.is_primary',
    ])
    .where('m.user_id', '=', p.userId)
    .where('m.ended_at', 'is', null)
    .orderBy('m.is_primary', 'desc')
    .execute();
  return {
    id: p.userId,
    username: p.username,
    fullName: p.fullName,
    email: user.email,
    organ,
    memberships: memberships.map((m) => ({
      id: m.id,
      unitId: m.unit_id,
      unitName: m.unit_name,
      positionId: m.position_id,
      positionName: m.position_name,
      roles: m.roles,
      primary: m.is_primary,
    })),
    roles: [...p.roles],
    permissions: [...p.roles].flatMap((r) => [`role:${r}`]),
    menu: menuFor(p.roles, p.sysadmin),
    csrfToken: p.csrfToken ?? null,
    totpEnabled: user.totp_enabled,
    sysadmin: p.sysadmin,
  };
}
