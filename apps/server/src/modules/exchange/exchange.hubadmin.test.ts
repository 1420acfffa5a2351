import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertSystem } from '@vanthu/hub';
import { HubClient } from '@vanthu/hub/client';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { startHubFor, type InProcessHub } from './exchange.testing';

/**
 * Issue 13, acceptance 4: the system administrator registers an agency's system on the hub from vanthu
 * (API behind the "Hệ thống trên trục" screen), through the hub's signed /admin/systems API.
 */
let sys: TestSystem;
let hub: InProcessHub & { secrets: Record<string, string> };
let sysadmin: Client;
const ADMIN_SECRET = 'hub-admin-secret-0123456789abcdef';

beforeAll(async () => {
  sys = await createTestSystem();
  hub = await startHubFor(sys.deps);
  sysadmin = await sys.login('sysadmin');
});
afterAll(async () => {
  await hub?.close();
  await sys?.close();
});

describe('hub systems administered from vanthu', () => {
  it('without hub admin credentials the screen says what to configure (409, no 500)', async () => {
    const r = await sysadmin.get('/api/exchange/hub/systems');
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'exchange.hub_admin_unconfigured' });
  });

  it('a sysadmin registers, lists, changes and deletes a system; the new system can then call the hub', async () => {
    await upsertSystem(hub.app.hub.pool, {
      systemId: 'test-hub-admin',
      secret: ADMIN_SECRET,
      organs: [],
      isAdmin: true,
    });
    (sys.deps.config as { hubAdmin: unknown }).hubAdmin = {
      endpoint: hub.endpoint,
      systemId: 'test-hub-admin',
      secret: ADMIN_SECRET,
    };

    const secret = 'so-tu-phap-secret-0123456789';
    const put = await sysadmin.request('PUT', '/api/exchange/hub/systems/stp-hcm', {
      name: 'Sở Tư pháp TP. Hồ Chí Minh',
      secret,
      organs: ['000.00.31.H29'],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      systemId: 'stp-hcm',
      name: 'Sở Tư pháp TP. Hồ Chí Minh',
      isAdmin: false,
      organs: ['000.00.31.H29'],
    });
    expect(put.body).not.toContain(secret);

    const list = await sysadmin.get('/api/exchange/hub/systems');
    expect(list.statusCode).toBe(200);
    const ids = (list.json() as { systemId: string }[]).map((s) => s.systemId);
    expect(ids).toEqual(expect.arrayContaining(['stp-hcm', 'test-hub-admin']));
    expect(list.body).not.toContain(secret);

    // The registered system speaks to the hub with its secret.
    const agency = new HubClient({ endpoint: hub.endpoint, systemId: 'stp-hcm', secret });
    await expect(agency.getReceivedEdocList({ limit: 1 })).resolves.toBeDefined();

    // A new secret replaces the old one; the organ list is exact.
    const secret2 = 'so-tu-phap-secret-rotated-987654';
    const edit = await sysadmin.request('PUT', '/api/exchange/hub/systems/stp-hcm', {
      secret: secret2,
      organs: ['000.00.31.H29', '000.00.32.H29'],
    });
    expect(edit.statusCode, edit.body).toBe(200);
    expect((edit.json() as { organs: string[] }).organs).toEqual(['000.00.31.H29', '000.00.32.H29']);
    await expect(agency.getReceivedEdocList({ limit: 1 })).rejects.toMatchObject({
      code: expect.stringMatching(/^hub\.auth/),
    });

    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('entity_type', '=', 'hub_system')
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['exchange.hub_system.create', 'exchange.hub_system.update']);

    const del = await sysadmin.request('DELETE', '/api/exchange/hub/systems/stp-hcm');
    expect(del.statusCode).toBe(204);
    const again = await sysadmin.request('DELETE', '/api/exchange/hub/systems/stp-hcm');
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'exchange.hub_system_not_found' });
    await expect(
      new HubClient({ endpoint: hub.endpoint, systemId: 'stp-hcm', secret: secret2 }).getReceivedEdocList({ limit: 1 }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^hub\.auth/),
    });
  });

  it('bad input is refused with a code and changes nothing', async () => {
    const before = (await sysadmin.get('/api/exchange/hub/systems')).body;
    const cases: [string, unknown][] = [
      ['/api/exchange/hub/systems/ok-id', { secret: 'short', organs: [] }],
      ['/api/exchange/hub/systems/ok-id', { secret: 'long-enough-secret-000000', organs: ['không hợp lệ'] }],
      ['/api/exchange/hub/systems/bad%20id', { secret: 'long-enough-secret-000000', organs: [] }],
      ['/api/exchange/hub/systems/ok-id', { organs: [] }],
    ];
    for (const [url, body] of cases) {
      const r = await sysadmin.request('PUT', url, body);
      expect(r.statusCode, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(typeof (r.json() as { code: string }).code).toBe('string');
    }
    // The hub admin may not remove its own admin right.
    const self = await sysadmin.request('PUT', '/api/exchange/hub/systems/test-hub-admin', {
      secret: ADMIN_SECRET,
      organs: [],
      isAdmin: false,
    });
    expect(self.statusCode).toBe(400);
    expect(self.json()).toMatchObject({ code: 'exchange.hub_system_invalid' });
    expect((await sysadmin.get('/api/exchange/hub/systems')).body).toBe(before);
  });

  it('only a sysadmin: an organ admin is refused', async () => {
    const admin = await sys.login('quantri');
    expect((await admin.get('/api/exchange/hub/systems')).statusCode).toBe(403);
    expect(
      (await admin.request('PUT', '/api/exchange/hub/systems/x1', { secret: 'long-enough-secret-000000', organs: [] }))
        .statusCode,
    ).toBe(403);
  });
});
