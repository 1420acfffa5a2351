import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test/factory';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => sys.stop());

describe('operations endpoints', () => {
  it('answers liveness and readiness once migrations are applied', async () => {
    expect((await sys.anon().get('/healthz')).json()).toEqual({ status: 'ok' });
    const r = await sys.anon().get('/readyz');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ready' });
  });

  it('reports not ready when a migration is missing', async () => {
    await sys.deps.pool.query("DELETE FROM schema_migrations WHERE name = '0001_platform.sql'");
    try {
      expect((await sys.anon().get('/readyz')).statusCode).toBe(503);
    } finally {
      await sys.deps.pool.query("INSERT INTO schema_migrations (name) VALUES ('0001_platform.sql')");
    }
  });

  it('publishes an OpenAPI document with the platform routes and a docs UI', async () => {
    const doc = (await sys.anon().get('/api/openapi.json')).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      '/api/auth/login',
      '/api/admin/units',
      '/api/admin/users/{id}/transfer',
      '/api/files',
      '/api/admin/audit',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    const ui = await sys.anon().get('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('answers unknown API paths with a stable code and a Vietnamese message', async () => {
    const r = await sys.anon().get('/api/khong-co');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: 'http.not_found' });
  });
});
