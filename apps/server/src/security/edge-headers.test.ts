/**
 * Issue 10, holes 9–10: security headers on HTML and API responses, X-Forwarded-For only from configured proxies,
 * demo mode on loopback by default, Vietnamese field messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test/factory';
import { loadConfig } from '../config';
import { DEMO_PASSWORD } from '../seed/demo';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
  // An HTML shell for the SPA fallback, as apps/web/dist would be.
});
afterAll(async () => sys.stop());

const loginIps = async (username: string) => {
  const u = await sys.deps.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const rows = await sys.deps.db
    .selectFrom('audit_events')
    .select(['ip', 'action'])
    .where('actor_id', '=', u.id)
    .execute();
  const sessions = await sys.deps.db.selectFrom('sessions').select('ip').where('user_id', '=', u.id).execute();
  return [...rows.map((r) => r.ip), ...sessions.map((s) => s.ip)].filter((x) => x != null).map(String);
};

function expectSecurityHeaders(h: Record<string, unknown>) {
  const csp = String(h['content-security-policy'] ?? '');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'self'");
  expect(csp).toContain("object-src 'none'");
  // The signing agent on loopback is reachable from the page; no other origin is.
  expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*/);
  expect(csp).not.toMatch(/connect-src[^;]*(\s\*(\s|;|$)|https?:\/\/\*)/);
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['x-frame-options']).toBe('SAMEORIGIN');
  expect(h['referrer-policy']).toBe('same-origin');
}

describe('security headers (hole 9)', () => {
  it('API responses, errors and the docs carry CSP, nosniff, framing and referrer policy; no HSTS without COOKIE_SECURE', async () => {
    for (const url of ['/api/auth/me', '/api/does-not-exist', '/api/openapi.json', '/healthz']) {
      const r = await sys.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBeLessThan(500);
      expectSecurityHeaders(r.headers);
      expect(r.headers['strict-transport-security']).toBeUndefined();
    }
    const login = await sys.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'vanthu', password: 'sai' },
    });
    expectSecurityHeaders(login.headers);
  });

  it('HTML (the SPA shell) carries the same headers, and HSTS when COOKIE_SECURE', async () => {
    const web = path.join(sys.dataDir, 'web');
    fs.mkdirSync(web, { recursive: true });
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><html><body><div id="root"></div></body></html>');
    const secure = await createTestSystem({ COOKIE_SECURE: '1', WEB_DIST: web });
    try {
      for (const url of ['/', '/incoming/abc']) {
        const r = await secure.app.inject({ method: 'GET', url });
        expect(r.statusCode).toBe(200);
        expect(String(r.headers['content-type'])).toContain('text/html');
        expectSecurityHeaders(r.headers);
        expect(String(r.headers['strict-transport-security'])).toMatch(/max-age=31536000/);
      }
      const api = await secure.app.inject({ method: 'GET', url: '/api/auth/me' });
      expect(String(api.headers['strict-transport-security'])).toMatch(/max-age=\d+/);
    } finally {
      await secure.stop();
    }
  });
});

describe('trusted proxies (hole 9)', () => {
  it("a loopback client's X-Forwarded-For does not reach the audit trail or the session (default: no proxy trusted)", async () => {
    const r = await sys.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.66' },
      payload: { username: 'chuyenvien.pc', password: DEMO_PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    const ips = await loginIps('chuyenvien.pc');
    expect(ips.length).toBeGreaterThan(0);
    expect(ips.every((ip) => ip.includes('127.0.0.1'))).toBe(true);
    expect(ips.some((ip) => ip.includes('203.0.113.66'))).toBe(false);
  });

  it('a configured proxy (TRUST_PROXY) is believed, anyone else is not', async () => {
    const proxied = await createTestSystem({ TRUST_PROXY: '10.0.0.0/8' });
    try {
      const viaProxy = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.1.2.3',
        headers: { 'x-forwarded-for': '198.51.100.7' },
        payload: { username: 'chuyenvien.pc', password: DEMO_PASSWORD },
      });
      expect(viaProxy.statusCode).toBe(200);
      const direct = await proxied.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': '203.0.113.66' },
        payload: { username: 'chuyenvien.tccb', password: DEMO_PASSWORD },
      });
      expect(direct.statusCode).toBe(200);
      const ip = async (u: string) =>
        (
          await proxied.deps.db
            .selectFrom('sessions')
            .innerJoin('users', 'users.id', 'sessions.user_id')
            .select('sessions.ip')
            .where('users.username', '=', u)
            .executeTakeFirstOrThrow()
        ).ip;
      expect(String(await ip('chuyenvien.pc'))).toContain('198.51.100.7');
      expect(String(await ip('chuyenvien.tccb'))).toContain('127.0.0.1');
    } finally {
      await proxied.stop();
    }
  });

  it('TRUST_PROXY entries that are not addresses/CIDRs are refused at start', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'example.com' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.1,loopback' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.1',
      'loopback',
    ]);
  });
});

describe('defaults (hole 10)', () => {
  it('demo mode listens on 127.0.0.1 unless HOST is set; an installation on every interface', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ VANTHU_DEMO: '1', DATABASE_URL: 'postgres://x@127.0.0.1/db' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db' }).host).toBe('0.0.0.0');
  });
});

describe('Vietnamese field messages (hole 8)', () => {
  it('a schema error names the field with a Vietnamese message', async () => {
    const r = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 42 } });
    expect(r.statusCode).toBe(400);
    const j = r.json() as { code: string; message: string };
    expect(j.code).toBe('validation.failed');
    expect(j.message).not.toMatch(/Invalid input|expected string/i);
    expect(j.message).toMatch(/không hợp lệ|mong đợi|Đầu vào/);
  });
});
