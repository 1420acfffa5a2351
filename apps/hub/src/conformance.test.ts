import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from './signing';
import { startTestHub, SYSTEMS, type TestHub } from './test-harness';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

describe('VXP conformance (exchange.md §4): empty JSON bodies', () => {
  it.each(['/getReceivedEdocList', '/getSentEdocList', '/getAgenciesList'])('%s accepts Content-Type: application/json with Content-Length 0', async (path) => {
    const sys = SYSTEMS[0];
    const h = signedHeaders({ systemId: sys.systemId, secret: sys.secret, business: { servicetype: 'eDoc' } });
    const res = await fetch(hub.endpoint + path, { method: 'POST', headers: { ...h, 'Content-Type': 'application/json', 'Content-Length': '0' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('OK');
  });
});
