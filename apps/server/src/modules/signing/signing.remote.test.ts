/**
 * Issue 12, acceptance 3 at the server: remote signing (ký số từ xa) through a CSC API v2 service — the demo CSC
 * service of this installation, over HTTP — with the signer's OTP (delivered as an in-app notification). The
 * outgoing sign step is completed with the remotely signed file; a wrong OTP signs nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf } from '@vanthu/pades';
import { createTestSystem, type TestSystem, type Client } from '../../../test/factory';
import { freePort } from '../../db/embedded';
import { demoIds, draft, expect200, decide, type Ids } from '../outgoing/outgoing.testkit';
import { demoCaCertificate } from './signing.keys';
import { CscClient } from './signing.csc.client';
import { DEMO_CSC_CLIENT } from './signing.csc.server';

let sys: TestSystem;
let ids: Ids;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  sys = await createTestSystem({ VANTHU_PUBLIC_URL: base });
  await sys.app.listen({ port, host: '127.0.0.1' });
  ids = await demoIds(sys);
}, 60_000);
afterAll(async () => sys?.stop());

async function atSignStep(): Promise<string> {
  const id = await draft(await sys.login('chuyenvien.pc'), ids);
  expect200(await (await sys.login('chuyenvien.pc')).post(`/api/outgoing/${id}/submit`));
  expect200(await decide(await sys.login('vutruong.pc'), id, { decision: 'approve' }));
  expect200(await decide(await sys.login('chanhvp'), id, { decision: 'approve' }));
  return id;
}

async function latestOtp(c: Client): Promise<string> {
  const list = (await c.get('/api/notifications')).json() as { items?: { title: string }[] } | { title: string }[];
  const items = Array.isArray(list) ? list : (list.items ?? []);
  const m = items.map((n) => /Mã OTP ký số từ xa: (\d{6})/.exec(n.title)).find(Boolean);
  if (!m) throw new Error(`no OTP notification: ${JSON.stringify(items).slice(0, 300)}`);
  return m[1]!;
}

describe('remote signing through a CSC API v2 service (issue 12, acceptance 3)', () => {
  it('the Thứ trưởng signs the sign step remotely with the OTP from his notifications; a wrong OTP signs nothing; the signed file verifies', async () => {
    const id = await atSignStep();
    const leader = await sys.login('thutruong');
    const prep = (await leader.post(`/api/outgoing/${id}/sign/prepare`)).json() as {
      preparedFileId: string;
      appearance: unknown;
      reason: string;
      numberNotation: string;
    };
    expect(prep.numberNotation).toMatch(/\/BNV-PC$/);
    const start = await leader.post('/api/signing/remote/sessions', {
      fileId: prep.preparedFileId,
      appearance: prep.appearance,
      reason: prep.reason,
    });
    expect(start.statusCode, start.body).toBe(200);
    const s = start.json() as { sessionId: string; otp: { label: string } | null; demoOtp: string | null };
    expect(s.otp?.label).toBe('Mã OTP');
    const otp = await latestOtp(leader);
    expect(s.demoOtp).toBe(otp);

    const wrong = String((Number(otp) + 1) % 1_000_000).padStart(6, '0');
    const bad = await leader.post(`/api/signing/remote/sessions/${s.sessionId}/complete`, { otp: wrong });
    expect([bad.statusCode, (bad.json() as { code: string }).code]).toEqual([400, 'signing.remote_otp_invalid']);
    expect(
      (
        await sys.deps.db
          .selectFrom('signing_sessions')
          .select('state')
          .where('id', '=', s.sessionId)
          .executeTakeFirstOrThrow()
      ).state,
    ).toBe('open');
    // another user cannot complete his session
    expect(
      (await (await sys.login('botruong')).post(`/api/signing/remote/sessions/${s.sessionId}/complete`, { otp }))
        .statusCode,
    ).toBe(404);

    const done = await leader.post(`/api/signing/remote/sessions/${s.sessionId}/complete`, { otp });
    expect(done.statusCode, done.body).toBe(200);
    const signed = done.json() as {
      fileId: string;
      report: { verdict: string; signatures: { signerName: string; level: string }[] };
    };
    expect(signed.report.signatures.map((x) => [x.signerName, x.level])).toEqual([['Vũ Chiến Thắng', 'B-T']]);
    // the OTP was used once: it cannot authorise again
    const again = await leader.post(`/api/signing/remote/sessions/${s.sessionId}/complete`, { otp });
    expect((again.json() as { code: string }).code).toBe('signing.session_closed');

    expect((await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: signed.fileId })).statusCode).toBe(
      204,
    );
    const v = (await leader.get(`/api/outgoing/${id}`)).json() as { status: string; signedFileId: string };
    expect([v.status, v.signedFileId]).toEqual(['signed', signed.fileId]);
    const pdf = new Uint8Array((await leader.get(`/api/outgoing/${id}/files/${v.signedFileId}`)).rawPayload);
    const report = await verifyPdf(pdf, {
      trustAnchors: [await demoCaCertificate(sys.deps)],
      revocationPolicy: 'lenient',
    });
    expect([report.valid, report.signatures.map((x) => x.signerName)]).toEqual([true, ['Vũ Chiến Thắng']]);
    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'signing.remote%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['signing.remote.otp_invalid']);
  });

  it('the CSC service speaks the API: wrong client credentials, a token-less call, an unauthorised hash, three wrong OTPs are refused', async () => {
    await expect(
      new CscClient(`${base}/csc/v2`, 'vanthu-demo', 'wrong').listCredentials(ids.users['thutruong']!),
    ).rejects.toMatchObject({ code: 'signing.remote_refused' });
    const noToken = await fetch(`${base}/csc/v2/credentials/list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userID: ids.users['thutruong'] }),
    });
    expect([noToken.status, ((await noToken.json()) as { error: string }).error]).toEqual([401, 'invalid_token']);
    const c = new CscClient(`${base}/csc/v2`, DEMO_CSC_CLIENT.id, DEMO_CSC_CLIENT.secret);
    const [cred] = await c.listCredentials(ids.users['thutruong']!);
    const info = await c.credentialInfo(cred!);
    expect(info.certificates.length).toBe(2);
    const hash = Buffer.alloc(32, 7).toString('base64');
    await c.sendOtp(cred!);
    const { peekDemoOtp } = await import('./signing.csc.server');
    const otp = peekDemoOtp(sys.deps, cred!)!;
    const sad = await c.authorize(cred!, [hash], otp);
    await expect(
      c.signHash(cred!, sad, [Buffer.alloc(32, 8).toString('base64')], '1.2.840.113549.1.1.11'),
    ).rejects.toMatchObject({ code: 'signing.remote_refused' });
    await c.sendOtp(cred!);
    for (let i = 0; i < 3; i++)
      await expect(c.authorize(cred!, [hash], 'abcdef')).rejects.toMatchObject({ code: 'signing.remote_otp_invalid' });
    expect(peekDemoOtp(sys.deps, cred!)).toBeNull(); // the third wrong try voids the OTP
    expect(await c.listCredentials('00000000-0000-0000-0000-000000000000')).toEqual([]);
  });

  it('the admin configures the organ’s CSC service (secret stored encrypted, never answered); switched off, remote signing answers signing.remote_not_configured', async () => {
    const admin = await sys.login('quantri');
    const r = await admin.request('PUT', '/api/signing/settings', {
      tsaUrl: null,
      csc: {
        enabled: true,
        baseUrl: `${base}/csc/v2`,
        clientId: DEMO_CSC_CLIENT.id,
        clientSecret: DEMO_CSC_CLIENT.secret,
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as { csc: { hasSecret: boolean } }).csc.hasSecret).toBe(true);
    expect(JSON.stringify(r.json())).not.toContain(DEMO_CSC_CLIENT.secret);
    const row = await sys.deps.db
      .selectFrom('signing_organ_settings')
      .select('csc_client_secret_enc')
      .where('organ_id', '=', ids.organId)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(row.csc_client_secret_enc!).includes(Buffer.from(DEMO_CSC_CLIENT.secret))).toBe(false);
    const bad = await admin.request('PUT', '/api/signing/settings', {
      tsaUrl: null,
      csc: { enabled: true, baseUrl: null, clientId: null },
    });
    expect((bad.json() as { code: string }).code).toBe('signing.settings_invalid');
    const off = await admin.request('PUT', '/api/signing/settings', {
      tsaUrl: null,
      csc: { enabled: false, baseUrl: 'http://127.0.0.1:9/csc/v2', clientId: null },
    });
    expect(off.statusCode).toBe(200);
    const leader = await sys.login('thutruong');
    const up = await leader.post('/api/signing/remote/sessions', { fileId: '00000000-0000-0000-0000-000000000000' });
    expect((up.json() as { code: string }).code).toBe('signing.remote_not_configured');
  });
});
