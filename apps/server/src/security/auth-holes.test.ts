/**
 * Issue 10, holes 3 and 4, performed as the attacker did: parallel bursts of wrong logins against the lock-out,
 * and API tokens kept after logout-all, a password change and an admin password reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test/factory';
import { DEMO_PASSWORD } from '../seed/demo';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_MINUTES: '15' });
});
afterAll(async () => sys.stop());

const passwordChecks = async (userId: string) =>
  (
    await sys.deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', userId)
      .where('action', 'in', ['auth.login_failed', 'auth.locked'])
      .execute()
  ).length;

describe('lock-out race (hole 3)', () => {
  it('5 bursts of 25 parallel wrong logins get no more password checks than the limit', async () => {
    const user = await sys.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'chuyenvien.tccb')
      .executeTakeFirstOrThrow();
    const statuses: number[] = [];
    for (let burst = 0; burst < 5; burst++) {
      const rs = await Promise.all(
        Array.from({ length: 25 }, () =>
          sys.anon().post('/api/auth/login', { username: 'chuyenvien.tccb', password: 'sai-mat-khau1' }),
        ),
      );
      statuses.push(...rs.map((r) => r.statusCode));
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 423)).toHaveLength(120);
    expect(await passwordChecks(user.id)).toBe(5);
    const locks = await sys.deps.db
      .selectFrom('audit_events')
      .select('id')
      .where('entity_id', '=', user.id)
      .where('action', '=', 'auth.locked')
      .execute();
    expect(locks).toHaveLength(1);
    // Locked even for the right password, until the lock expires.
    expect(
      (await sys.anon().post('/api/auth/login', { username: 'chuyenvien.tccb', password: DEMO_PASSWORD })).statusCode,
    ).toBe(423);
    sys.setNow(new Date(Date.now() + 16 * 60_000));
    try {
      expect(
        (await sys.anon().post('/api/auth/login', { username: 'chuyenvien.tccb', password: DEMO_PASSWORD })).statusCode,
      ).toBe(200);
      // After the lock the count starts again: one wrong login is one failure, not a new lock.
      expect(
        (await sys.anon().post('/api/auth/login', { username: 'chuyenvien.tccb', password: 'sai-mat-khau1' }))
          .statusCode,
      ).toBe(401);
      const row = await sys.deps.db
        .selectFrom('users')
        .select(['failed_logins', 'locked_until'])
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(row.failed_logins).toBe(1);
      expect(row.locked_until).toBeNull();
    } finally {
      sys.setNow(new Date());
    }
  });

  it('a parallel burst mixing the right password with wrong ones never checks more than the limit before the lock', async () => {
    const rs = await Promise.all(
      Array.from({ length: 25 }, () =>
        sys.anon().post('/api/auth/login', { username: 'chuyenvien.pc', password: 'sai-mat-khau1' }),
      ),
    );
    expect(rs.filter((r) => r.statusCode === 401).length).toBeLessThanOrEqual(5);
    expect(rs.filter((r) => r.statusCode === 423).length).toBeGreaterThanOrEqual(20);
  });
});

async function tokenClient(username: string) {
  const c = await sys.login(username);
  const created = (await c.post('/api/auth/tokens', { name: 'Tích hợp' })).json() as { token: string };
  const api = sys.anon();
  api.bearer = created.token;
  expect((await api.get('/api/auth/me')).statusCode).toBe(200);
  return { c, api };
}

describe('API tokens outlive the session (hole 4)', () => {
  it('logout-all revokes every API token of the user', async () => {
    const { c, api } = await tokenClient('vanthu');
    expect((await c.post('/api/auth/logout-all')).statusCode).toBe(204);
    expect((await api.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a password change revokes them', async () => {
    const { c, api } = await tokenClient('vutruong.pc');
    expect(
      (await c.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Mat-khau-moi@2026' }))
        .statusCode,
    ).toBe(204);
    expect((await api.get('/api/auth/me')).statusCode).toBe(401);
    // A token made after the change works.
    const fresh = (await c.post('/api/auth/tokens', { name: 'Sau khi đổi' })).json() as { token: string };
    const api2 = sys.anon();
    api2.bearer = fresh.token;
    expect((await api2.get('/api/auth/me')).statusCode).toBe(200);
  });

  it("an admin's password reset revokes them", async () => {
    const { api } = await tokenClient('vutruong.tccb');
    const admin = await sys.login('quantri');
    const users = (await admin.get('/api/admin/users?q=vutruong.tccb')).json() as { id: string; username: string }[];
    const u = users.find((x) => x.username === 'vutruong.tccb')!;
    expect((await admin.post(`/api/admin/users/${u.id}/password`, { password: 'Mat-khau-moi@2026' })).statusCode).toBe(
      204,
    );
    expect((await api.get('/api/auth/me')).statusCode).toBe(401);
  });
});
