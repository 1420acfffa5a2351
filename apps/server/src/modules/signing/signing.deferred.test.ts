import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCms, verifyPdf, type PreparedSignature } from '@vanthu/pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { readBlob } from './signing.reports';
import { demoCaCertificate, softwareSigner } from './signing.keys';
import { startAgent, type AgentProcess } from './signing.agent.testkit';
import { draftPdf, SIGNER_RECT, upload } from './signing.testkit';

const ORIGIN = 'http://localhost:3000';
let sys: TestSystem;
let leader: Client;
let agent: AgentProcess;
let dir: string;
let p12Cert: string;

beforeAll(async () => {
  sys = await createTestSystem();
  leader = await sys.login('thutruong');
  const r = await leader.post('/api/signing/demo/p12', { password: 'mật-khẩu-demo' });
  expect(r.statusCode).toBe(200);
  p12Cert = r.json().certificate;
  dir = mkdtempSync(join(tmpdir(), 'signing-agent-'));
  writeFileSync(join(dir, 'thutruong.p12'), Buffer.from(r.json().p12, 'base64'));
  agent = await startAgent([
    '--p12',
    join(dir, 'thutruong.p12'),
    '--pass',
    'mật-khẩu-demo',
    '--allow-origin',
    ORIGIN,
    '--auto-approve',
  ]);
});
afterAll(async () => {
  await agent?.stop();
  rmSync(dir, { recursive: true, force: true });
  await sys.stop();
});

const agentGet = (path: string, origin = ORIGIN) => fetch(`${agent.url}${path}`, { headers: { origin } });
const agentSign = (toBeSigned: string, origin = ORIGIN) =>
  fetch(`${agent.url}/v1/sign`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ toBeSigned, digestAlgorithm: 'SHA-256' }),
  });

async function openSession(c: Client, certificate: string) {
  const up = await upload(c, await draftPdf());
  const s = await c.post('/api/signing/sessions', {
    fileId: up.json().id,
    certificate,
    appearance: { kind: 'signature', rect: SIGNER_RECT },
    reason: 'Phê duyệt',
  });
  expect(s.statusCode).toBe(200);
  return s.json() as { sessionId: string; toBeSigned: string; keyAlgorithm: string; digestAlgorithm: string };
}

describe('deferred signing through vanthu-signer (key outside the server process)', () => {
  it('prepares, the agent signs, the server embeds and the result verifies valid', async () => {
    const cert = (await (await agentGet('/v1/certificate')).json()) as { certificate: string; chain: string[] };
    expect(cert.certificate).toBe(p12Cert);
    const s = await openSession(leader, cert.certificate);
    expect([s.digestAlgorithm, s.keyAlgorithm]).toEqual(['SHA-256', 'RSA']);
    const signed = (await (await agentSign(s.toBeSigned)).json()) as { signature: string };
    const done = await leader.post(`/api/signing/sessions/${s.sessionId}/complete`, {
      signature: signed.signature,
      chain: cert.chain,
    });
    expect(done.statusCode).toBe(200);
    expect(
      done
        .json()
        .report.signatures.map((x: { signerName: string; verdictLabel: string }) => [x.signerName, x.verdictLabel]),
    ).toEqual([['Vũ Chiến Thắng', 'Hợp lệ']]);
    const pdf = await readBlob(sys.deps, done.json().sha256);
    const r = await verifyPdf(pdf, { trustAnchors: [await demoCaCertificate(sys.deps)], revocationPolicy: 'lenient' });
    expect(
      r.signatures.map((x) => [
        x.verdict,
        x.integrity.ok,
        Buffer.from(x.signerCertificate!).toString('base64') === p12Cert,
      ]),
    ).toEqual([['valid', true, true]]);
    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', s.sessionId)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['signing.session.create', 'signing.session.complete']);
    const again = await leader.post(`/api/signing/sessions/${s.sessionId}/complete`, { signature: signed.signature });
    expect(again.json().code).toBe('signing.session_closed');
  });

  it('a tampered signature is refused with signing.signature_invalid', async () => {
    const cert = (await (await agentGet('/v1/certificate')).json()) as { certificate: string };
    const s = await openSession(leader, cert.certificate);
    const sig = Buffer.from(
      ((await (await agentSign(s.toBeSigned)).json()) as { signature: string }).signature,
      'base64',
    );
    sig[10] = sig[10]! ^ 0xff;
    const r = await leader.post(`/api/signing/sessions/${s.sessionId}/complete`, { signature: sig.toString('base64') });
    expect([r.statusCode, r.json().code]).toEqual([400, 'signing.signature_invalid']);
    const row = await sys.deps.db
      .selectFrom('signing_sessions')
      .select('state')
      .where('id', '=', s.sessionId)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('failed');
  });

  it('a CMS made with another certificate than the announced one is refused with signing.certificate_mismatch', async () => {
    const cert = (await (await agentGet('/v1/certificate')).json()) as { certificate: string };
    const s = await openSession(leader, cert.certificate);
    const user = await sys.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'thutruong')
      .executeTakeFirstOrThrow();
    const other = await softwareSigner(sys.deps, `user:${user.id}`, 'CN=Vũ Chiến Thắng, O=Bộ Nội vụ, C=VN'); // the server-held demo key: a different key pair
    const tbs = new Uint8Array(Buffer.from(s.toBeSigned, 'base64'));
    const prep = { toBeSigned: tbs, certificate: await other.certificate() } as PreparedSignature;
    const cms = buildCms(prep, { signature: await other.sign(tbs), keyAlgorithm: 'RSA' });
    const r = await leader.post(`/api/signing/sessions/${s.sessionId}/complete`, {
      cms: Buffer.from(cms).toString('base64'),
    });
    expect([r.statusCode, r.json().code]).toEqual([400, 'signing.certificate_mismatch']);
  });

  it('sessions expire after 10 minutes and belong to their user (others get 404)', async () => {
    const cert = (await (await agentGet('/v1/certificate')).json()) as { certificate: string };
    const s = await openSession(leader, cert.certificate);
    const sig = ((await (await agentSign(s.toBeSigned)).json()) as { signature: string }).signature;
    const boss = await sys.login('botruong');
    const stranger = await boss.post(`/api/signing/sessions/${s.sessionId}/complete`, { signature: sig });
    expect([stranger.statusCode, stranger.json().code]).toEqual([404, 'signing.session_not_found']);
    sys.setNow(new Date(Date.now() + 11 * 60_000));
    try {
      const late = await leader.post(`/api/signing/sessions/${s.sessionId}/complete`, { signature: sig });
      expect([late.statusCode, late.json().code]).toEqual([410, 'signing.session_expired']);
    } finally {
      sys.setNow(new Date());
    }
  });
});

describe('vanthu-signer CORS allow-list', () => {
  it('answers allow-listed origins, refuses others with 403, answers preflight, never allows credentials', async () => {
    const ok = await agentGet('/v1/certificate');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    const evil = await agentGet('/v1/certificate', 'http://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await agentSign('MYIBAA==', 'http://evil.example')).status).toBe(403);
    const pre = await fetch(`${agent.url}/v1/sign`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it('signs only CMS signed attributes (a DER SET), not arbitrary bytes', async () => {
    const r = await agentSign(Buffer.from('any bytes at all, a hash perhaps....').toString('base64'));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { code: string }).code).toBe('agent.bad_request');
  });
});
