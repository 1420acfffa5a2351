import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { DEMO_PASSWORD } from '../../seed/demo';
import { base32Decode, base32Encode, checkTotp, totpAt, totpStep } from './totp';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem({
    LOGIN_MAX_FAILURES: '3',
    LOGIN_LOCK_MINUTES: '15',
    SESSION_TTL_HOURS: '8',
    SESSION_IDLE_MINUTES: '30',
  });
});
afterAll(async () => sys.stop());

describe('login', () => {
  it('accepts the right password and returns the user, menu and a CSRF token, setting an HttpOnly SameSite cookie', async () => {
    const c = sys.anon();
    const r = await c.post('/api/auth/login', { username: 'vanthu', password: DEMO_PASSWORD });
    expect(r.statusCode).toBe(200);
    const me = r.json();
    expect(me.username).toBe('vanthu');
    expect(me.organ.code).toBe('000.00.00.G09');
    expect(me.menu).toEqual(['incoming', 'outgoing', 'workfiles', 'archive', 'calendar', 'reports', 'onestop']);
    expect(me.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/vanthu_sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('refuses a wrong password with a stable code and does not reveal whether the user exists', async () => {
    const wrong = await sys.anon().post('/api/auth/login', { username: 'vanthu', password: 'sai-mat-khau1' });
    const unknown = await sys.anon().post('/api/auth/login', { username: 'khongton.tai', password: 'sai-mat-khau1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    expect(wrong.json().message).toMatch(/mật khẩu/);
  });

  it('locks the account after repeated failures, even for the right password, until the lock expires', async () => {
    const c = sys.anon();
    for (let i = 0; i < 3; i++)
      expect(
        (await c.post('/api/auth/login', { username: 'chuyenvien.tccb', password: 'sai-mat-khau1' })).statusCode,
      ).toBe(401);
    const locked = await c.post('/api/auth/login', { username: 'chuyenvien.tccb', password: DEMO_PASSWORD });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('auth.locked');
    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', '=', 'auth.locked')
      .execute();
    expect(audit.length).toBe(1);
    sys.setNow(new Date(Date.now() + 16 * 60_000));
    try {
      expect(
        (await c.post('/api/auth/login', { username: 'chuyenvien.tccb', password: DEMO_PASSWORD })).statusCode,
      ).toBe(200);
    } finally {
      sys.setNow(new Date());
    }
  });

  it('an admin can unlock a locked account', async () => {
    for (let i = 0; i < 3; i++)
      await sys.anon().post('/api/auth/login', { username: 'chuyenvien.pc', password: 'sai-mat-khau1' });
    expect(
      (await sys.anon().post('/api/auth/login', { username: 'chuyenvien.pc', password: DEMO_PASSWORD })).statusCode,
    ).toBe(423);
    const admin = await sys.login('quantri');
    const users = (await admin.get('/api/admin/users?q=chuyenvien.pc')).json();
    expect(users[0].locked).toBe(true);
    expect((await admin.post(`/api/admin/users/${users[0].id}/unlock`)).statusCode).toBe(204);
    expect(
      (await sys.anon().post('/api/auth/login', { username: 'chuyenvien.pc', password: DEMO_PASSWORD })).statusCode,
    ).toBe(200);
  });
});

describe('CSRF', () => {
  it('rejects a state-changing cookie request without the token, or with a wrong one, and changes nothing', async () => {
    const c = await sys.login('quantri');
    c.sendCsrf = false;
    const r = await c.post('/api/admin/positions', { name: 'Chức vụ CSRF', rank: 5 });
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('auth.csrf');
    const forged = await c.request(
      'POST',
      '/api/admin/positions',
      { name: 'Chức vụ CSRF', rank: 5 },
      { 'x-csrf-token': 'x'.repeat(43) },
    );
    expect(forged.statusCode).toBe(403);
    const rows = await sys.deps.db.selectFrom('positions').select('id').where('name', '=', 'Chức vụ CSRF').execute();
    expect(rows).toHaveLength(0);
    c.sendCsrf = true;
    expect((await c.post('/api/admin/positions', { name: 'Chức vụ CSRF', rank: 5 })).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('expires after the idle timeout and after the absolute lifetime', async () => {
    const c = await sys.login('botruong');
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    sys.setNow(new Date(Date.now() + 31 * 60_000));
    const idle = await c.get('/api/auth/me');
    sys.setNow(new Date());
    expect(idle.statusCode).toBe(401);
    expect(idle.json().code).toBe('auth.unauthenticated');
    // the expired session is gone for good
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);

    const d = await sys.login('botruong');
    const start = Date.now();
    // stay active every 20 minutes: idle never triggers, the 8 h lifetime does
    let last = 200;
    for (let m = 20; m <= 8 * 60 + 20; m += 20) {
      sys.setNow(new Date(start + m * 60_000));
      last = (await d.get('/api/auth/me')).statusCode;
      if (last !== 200) {
        expect(m).toBeGreaterThanOrEqual(8 * 60);
        break;
      }
    }
    sys.setNow(new Date());
    expect(last).toBe(401);
  });

  it('log out ends this session; log out everywhere ends all sessions of the user', async () => {
    const a = await sys.login('thutruong');
    const b = await sys.login('thutruong');
    const other = await sys.login('chanhvp');
    expect((await a.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/auth/me')).statusCode).toBe(200);
    const c = await sys.login('thutruong');
    expect((await c.post('/api/auth/logout-all')).statusCode).toBe(204);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
    expect((await other.get('/api/auth/me')).statusCode).toBe(200);
    const actions = (
      await sys.deps.db
        .selectFrom('audit_events')
        .select('action')
        .where('action', 'in', ['auth.logout', 'auth.logout_all'])
        .execute()
    ).map((r) => r.action);
    expect(actions.sort()).toEqual(['auth.logout', 'auth.logout_all']);
  });
});

describe('TOTP', () => {
  it('implements RFC 6238 (test vector) and base32', () => {
    // RFC 6238 appendix B, SHA-1, T = 59 s → 94287082 (8 digits); 6-digit form is the last 6.
    const secret = base32Encode(Buffer.from('12345678901234567890'));
    expect(totpAt(secret, totpStep(59_000))).toBe('287082');
    expect(base32Decode(secret).toString()).toBe('12345678901234567890');
    expect(checkTotp(secret, '287082', 59_000)).toBe(1);
    expect(checkTotp(secret, '000000', 59_000)).toBeNull();
  });

  it('enables a second factor; login then needs a valid, unused code', async () => {
    const c = await sys.login('vutruong.pc');
    const setup = (await c.post('/api/auth/totp/setup')).json();
    expect(setup.otpauthUrl).toContain('otpauth://totp/');
    expect((await c.post('/api/auth/totp/enable', { code: '000000' })).statusCode).toBe(400);
    // enable with the code of the previous 30 s step, so the next login uses a fresh step
    const prev = totpAt(setup.secret, totpStep(Date.now()) - 1);
    expect((await c.post('/api/auth/totp/enable', { code: prev })).statusCode).toBe(204);

    const noCode = await sys.anon().post('/api/auth/login', { username: 'vutruong.pc', password: DEMO_PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('auth.totp_required');
    const bad = await sys.anon().post('/api/auth/login', {
      username: 'vutruong.pc',
      password: DEMO_PASSWORD,
      totp: '123456' === totpAt(setup.secret, totpStep(Date.now())) ? '654321' : '123456',
    });
    expect(bad.json().code).toBe('auth.totp_invalid');
    const code = totpAt(setup.secret, totpStep(Date.now()));
    expect(
      (await sys.anon().post('/api/auth/login', { username: 'vutruong.pc', password: DEMO_PASSWORD, totp: code }))
        .statusCode,
    ).toBe(200);
    // the same code cannot be replayed
    const replay = await sys
      .anon()
      .post('/api/auth/login', { username: 'vutruong.pc', password: DEMO_PASSWORD, totp: code });
    expect(replay.json().code).toBe('auth.totp_invalid');
  });
});

describe('API tokens', () => {
  it('authenticates integrations without cookies or CSRF, and stops working once revoked', async () => {
    const c = await sys.login('quantri');
    const created = (await c.post('/api/auth/tokens', { name: 'Tích hợp một cửa' })).json();
    expect(created.token).toMatch(/^vt_/);
    const api = sys.anon();
    api.bearer = created.token;
    expect((await api.get('/api/auth/me')).json().username).toBe('quantri');
    const pos = await api.post('/api/admin/positions', { name: 'Chức vụ qua API', rank: 7 });
    expect(pos.statusCode).toBe(200);
    const listed = (await c.get('/api/auth/tokens')).json();
    expect(listed.map((t: { name: string }) => t.name)).toContain('Tích hợp một cửa');
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect((await c.del(`/api/auth/tokens/${created.id}`)).statusCode).toBe(204);
    const after = await api.get('/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.invalid_token');
  });

  it('rejects a made-up token', async () => {
    const api = sys.anon();
    api.bearer = 'vt_' + 'a'.repeat(43);
    expect((await api.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('are stored as argon2id and can be changed (other sessions end)', async () => {
    const row = await sys.deps.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'snv.chuyenvien')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const a = await sys.login('snv.chuyenvien');
    const b = await sys.login('snv.chuyenvien');
    expect(
      (await a.post('/api/auth/password', { currentPassword: 'wrong-1', newPassword: 'MatKhauMoi2026' })).json().code,
    ).toBe('auth.wrong_password');
    expect(
      (await a.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'ngan1' })).json().code,
    ).toBe('auth.weak_password');
    expect(
      (await a.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'MatKhauMoi2026' }))
        .statusCode,
    ).toBe(204);
    expect((await a.get('/api/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    await sys.login('snv.chuyenvien', 'MatKhauMoi2026');
  });
});
