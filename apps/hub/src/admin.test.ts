import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClientError } from './client';
import { ORG, startTestHub, type TestHub } from './test-harness';
import { buildTestEdoc } from './test-edxml';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const code = (e: unknown) => (e as HubClientError).code;

describe('hub admin: registering an agency system through the API (issue 13 acceptance 4)', () => {
  it('an admin system registers a system with its secret and organs; it can exchange at once; secrets are never listed', async () => {
    const admin = hub.client('sys-admin');
    await admin.saveSystem({
      systemId: 'vxp.tinh-e',
      secret: 'secret-of-province-e-0001',
      organs: ['000.00.05.H41'],
      name: 'UBND tỉnh E',
    });
    const list = await admin.listSystems();
    expect(list.find((s) => s.systemId === 'vxp.tinh-e')).toMatchObject({
      name: 'UBND tỉnh E',
      isAdmin: false,
      organs: ['000.00.05.H41'],
    });
    expect(JSON.stringify(list)).not.toContain('secret-of');
    // The new system sends to B with its secret; a wrong secret is refused.
    const e = hub.client('vxp.tinh-e', 'secret-of-province-e-0001');
    const pkg = buildTestEdoc({ from: '000.00.05.H41', to: [ORG.B], documentId: '000.00.05.H41,2026/12/04,1/UBND' });
    expect((await e.sendEdoc(pkg, { from: '000.00.05.H41', messageType: 'edoc' })).duplicate).toBe(false);
    expect(
      code(
        await hub
          .client('vxp.tinh-e', 'another-secret-000000001')
          .getReceivedEdocList()
          .catch((x: unknown) => x),
      ),
    ).toBe('hub.auth_bad_signature');
    // Changing its organs replaces them (the old one is released); the secret rotates.
    await admin.saveSystem({ systemId: 'vxp.tinh-e', secret: 'rotated-secret-of-e-00002', organs: ['000.00.06.H41'] });
    expect((await admin.listSystems()).find((s) => s.systemId === 'vxp.tinh-e')!.organs).toEqual(['000.00.06.H41']);
    expect(code(await e.getReceivedEdocList().catch((x: unknown) => x))).toBe('hub.auth_bad_signature');
    expect(await hub.client('vxp.tinh-e', 'rotated-secret-of-e-00002').getReceivedEdocList()).toEqual([]);
    await admin.deleteSystem('vxp.tinh-e');
    expect(
      code(
        await hub
          .client('vxp.tinh-e', 'rotated-secret-of-e-00002')
          .getReceivedEdocList()
          .catch((x: unknown) => x),
      ),
    ).toBe('hub.auth_unknown_system');
  });

  it('only an admin system may; bad input is refused with a stable code and changes nothing', async () => {
    expect(
      code(
        await hub
          .client('sys-a')
          .saveSystem({ systemId: 'x.y', secret: 'a-long-enough-secret-1', organs: [] })
          .catch((x: unknown) => x),
      ),
    ).toBe('hub.admin_only');
    expect(
      code(
        await hub
          .client('sys-a')
          .listSystems()
          .catch((x: unknown) => x),
      ),
    ).toBe('hub.admin_only');
    const admin = hub.client('sys-admin');
    for (const bad of [
      { systemId: 'ok.id', secret: 'short', organs: [] },
      { systemId: 'bad id!', secret: 'a-long-enough-secret-1', organs: [] },
      { systemId: 'ok.id', secret: 'a-long-enough-secret-1', organs: ['<script>'] },
    ]) {
      const err = await admin.saveSystem(bad).catch((x: unknown) => x);
      expect(code(err)).toBe('hub.system_invalid');
      expect((err as HubClientError).httpStatus).toBe(400);
    }
    expect((await admin.listSystems()).map((s) => s.systemId)).not.toContain('ok.id');
    expect(code(await admin.deleteSystem('nobody').catch((x: unknown) => x))).toBe('hub.not_found');
  });
});
