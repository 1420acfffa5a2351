import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClientError } from './client';
import { hmacHex, signedHeaders } from './signing';
import { ORG, startTestHub, SYSTEMS, type TestHub } from './test-harness';
import { buildTestEdoc } from './test-edxml';
import { formatXroadTimestamp, parseXroadTimestamp } from './timestamp';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

const sysA = SYSTEMS[0];

async function post(path: string, headers: Record<string, string>) {
  const res = await fetch(hub.endpoint + path, { method: 'POST', headers });
  return { http: res.status, body: (await res.json()) as { status: string; ErrorCode: string } };
}

describe('XroadVnpt timestamp', () => {
  it("formats as ddMMyyyy'T'HHmmss+SSSS in Vietnam time and reads it back", () => {
    const d = new Date('2025-03-04T17:05:06.789Z');
    expect(formatXroadTimestamp(d)).toBe('05032025T000506+0789');
    expect(parseXroadTimestamp('05032025T000506+0789')?.toISOString()).toBe(d.toISOString());
    expect(parseXroadTimestamp('31022025T000506+0789')).toBeNull();
    expect(parseXroadTimestamp('2025-03-04')).toBeNull();
  });
});

describe('HMAC header scheme', () => {
  it('accepts a correctly signed request', async () => {
    const h = signedHeaders({ systemId: sysA.systemId, secret: sysA.secret, business: { servicetype: 'eDoc' } });
    const r = await post('/getReceivedEdocList', h);
    expect(r.http).toBe(200);
    expect(r.body.status).toBe('OK');
  });

  it('rejects a request signed with the wrong secret', async () => {
    const h = signedHeaders({
      systemId: sysA.systemId,
      secret: 'not-the-secret-of-a',
      business: { servicetype: 'eDoc' },
    });
    const r = await post('/getReceivedEdocList', h);
    expect(r.http).toBe(401);
    expect(r.body).toMatchObject({ status: 'FAIL', ErrorCode: 'hub.auth_bad_signature' });
  });

  it('rejects an unknown system', async () => {
    const h = signedHeaders({ systemId: 'nobody', secret: 'whatever-secret-123', business: {} });
    expect((await post('/getReceivedEdocList', h)).body.ErrorCode).toBe('hub.auth_unknown_system');
  });

  it('does not refuse a timestamp for its age (the official client stamps once per client object), only a malformed one', async () => {
    for (const skew of [-3 * 86_400_000, -20 * 60_000, 6 * 60_000]) {
      const h = signedHeaders({
        systemId: sysA.systemId,
        secret: sysA.secret,
        business: {},
        now: new Date(Date.now() + skew),
      });
      expect((await post('/getReceivedEdocList', h)).body.status).toBe('OK');
    }
    const bad = signedHeaders({
      systemId: sysA.systemId,
      secret: sysA.secret,
      business: {},
      timestamp: '2025-03-04T00:00:00',
    });
    const r = await post('/getReceivedEdocList', bad);
    expect(r.http).toBe(401);
    expect(r.body.ErrorCode).toBe('hub.auth_stale_timestamp');
  });

  it('rejects a header whose value differs from the signed one, and unsigned business headers', async () => {
    const h = signedHeaders({ systemId: sysA.systemId, secret: sysA.secret, business: { from: ORG.A } });
    expect((await post('/getReceivedEdocList', { ...h, 'XroadVnpt-from': ORG.B })).body.ErrorCode).toBe(
      'hub.auth_bad_signature',
    );
    expect((await post('/getReceivedEdocList', { ...h, 'XroadVnpt-docid': 'x' })).body.ErrorCode).toBe(
      'hub.auth_unsigned_header',
    );
  });

  it('rejects a signature that does not cover the timestamp', async () => {
    const json = JSON.stringify({ 'XroadVnpt-systemid': sysA.systemId });
    const h = {
      'XroadVnpt-systemid': sysA.systemId,
      'XroadVnpt-timestamp': formatXroadTimestamp(new Date()),
      'XroadVnpt-sign-header-key': 'systemid',
      'XroadVnpt-sign-header': json,
      'XroadVnpt-hash-header': hmacHex(sysA.secret, json),
    };
    expect((await post('/getReceivedEdocList', h)).body.ErrorCode).toBe('hub.auth_unsigned_header');
  });

  it('refuses a system sending for an organ it does not speak for', async () => {
    const pkg = buildTestEdoc({ from: ORG.B, to: [ORG.C], documentId: `${ORG.B},2025/01/02,1/UBND` });
    const err = await hub
      .client('sys-a')
      .sendEdoc(pkg, { from: ORG.B, messageType: 'edoc' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubClientError);
    expect((err as HubClientError).code).toBe('hub.auth_foreign_organ');
    expect((err as HubClientError).httpStatus).toBe(403);
    // …and reading another organ's inbox by naming it in `from`.
    const err2 = await hub
      .client('sys-a')
      .getReceivedEdocList({ from: ORG.B })
      .catch((e: unknown) => e);
    expect((err2 as HubClientError).code).toBe('hub.auth_foreign_organ');
  });

  it('rejects a request without the scheme at all', async () => {
    expect((await post('/getReceivedEdocList', {})).body.ErrorCode).toBe('hub.auth_missing_header');
  });
});
