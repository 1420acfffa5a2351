/**
 * Issue 12, acceptance 2 at the server: outgoing documents are signed B-T (signature timestamps from the organ's
 * TSA: here the demo TSA, in process, and over HTTP through the organ's settings) and issued B-LT (a DSS with the
 * chains and the demo CA's CRL fetched over HTTP from the certificates' distribution point, cached); the issued
 * PDF verifies valid offline (strict revocation, no network) and pdfsig agrees.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crlUrlsOf, padesLevel, verifyPdf } from '@vanthu/pades';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { freePort } from '../../db/embedded';
import { demoIds, draft, expect200, toSigned, type Ids } from '../outgoing/outgoing.testkit';
import { demoCaCertificate } from './signing.keys';
import { draftPdf, upload } from './signing.testkit';

let sys: TestSystem;
let ids: Ids;
let base: string;
let ca: Uint8Array;
let dir: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  sys = await createTestSystem({ VANTHU_PUBLIC_URL: base, VANTHU_REVOCATION_POLICY: 'strict' });
  await sys.app.listen({ port, host: '127.0.0.1' });
  ids = await demoIds(sys);
  ca = await demoCaCertificate(sys.deps);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-ltv-'));
}, 60_000);
afterAll(async () => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  await sys?.stop();
});

const offline = (pdf: Uint8Array) =>
  verifyPdf(pdf, { trustAnchors: [ca], revocationPolicy: 'strict', fetchRevocation: false });

function pdfsig(pdf: Uint8Array): string {
  const nss = path.join(dir, 'nss');
  if (!fs.existsSync(nss)) {
    fs.mkdirSync(nss);
    execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]);
    fs.writeFileSync(path.join(dir, 'ca.der'), ca);
    execFileSync('certutil', [
      '-A',
      '-n',
      'demo-ca',
      '-t',
      'CT,C,C',
      '-i',
      path.join(dir, 'ca.der'),
      '-d',
      `sql:${nss}`,
    ]);
  }
  const f = path.join(dir, `f${Math.random()}.pdf`);
  fs.writeFileSync(f, pdf);
  try {
    return execFileSync('pdfsig', ['-nssdir', `sql:${nss}`, f], { encoding: 'utf8' });
  } catch (e) {
    return (e as { stdout?: string }).stdout ?? '';
  }
}

describe('long-term validation of outgoing documents (issue 12, acceptance 2)', () => {
  it('signed B-T by the demo TSA, issued B-LT with the demo CA CRL fetched over HTTP and cached; valid offline, pdfsig agrees', async () => {
    const id = await draft(await sys.login('chuyenvien.pc'), ids);
    await toSigned(sys, id);
    const clerk = await sys.login('vanthu');
    expect200(await clerk.post(`/api/outgoing/${id}/issue`));
    const v = (await clerk.get(`/api/outgoing/${id}`)).json() as { sealedFileId: string; signedFileId: string };
    const sealed = new Uint8Array((await clerk.get(`/api/outgoing/${id}/files/${v.sealedFileId}`)).rawPayload);
    const signed = new Uint8Array((await clerk.get(`/api/outgoing/${id}/files/${v.signedFileId}`)).rawPayload);

    // the signed file is B-T already (demo TSA), not yet B-LT
    const early = await offline(signed);
    expect([early.signatures[0]!.timestamp.trusted, padesLevel(early, early.signatures[0]!)]).toEqual([true, 'B-T']);

    // the issued file: both signatures timestamped, a DSS with the CRL, valid from the file alone
    const report = await offline(sealed);
    expect(report.signatures.map((s) => [s.signerName, s.verdict, s.revocation.source, padesLevel(report, s)])).toEqual(
      [
        ['Vũ Chiến Thắng', 'valid', 'dss', 'B-LT'],
        ['Bộ Nội vụ', 'valid', 'dss', 'B-LT'],
      ],
    );
    expect(
      report.signatures.every((s) => s.timestamp.present && s.timestamp.trusted && s.timestamp.boundToSignature),
    ).toBe(true);
    expect(report.dss).toMatchObject({ present: true });
    expect(report.dss.crls).toBeGreaterThanOrEqual(1);
    expect(report.signatures[1]!.changesAfter.map((c) => [c.kind, c.allowed])).toEqual([['dss', true]]);

    // the CRL came from the distribution point named in the certificates, over HTTP, and is cached with nextUpdate
    const leaf = report.signatures[0]!.signerCertificate!;
    expect(crlUrlsOf(leaf)).toEqual([`${base}/api/signing/demo/ca.crl`]);
    const cached = await sys.deps.db.selectFrom('revocation_cache').selectAll().execute();
    expect(cached.map((c) => c.url)).toEqual([`${base}/api/signing/demo/ca.crl`]);
    expect(cached[0]!.next_update!.getTime()).toBeGreaterThan(Date.now());

    // the server's own report says so too
    const shown = (await clerk.get(`/api/signatures/${v.sealedFileId}`)).json() as {
      verdict: string;
      signatures: { level: string; revocationSource: string }[];
    };
    expect([shown.verdict, shown.signatures.map((s) => [s.level, s.revocationSource])]).toEqual([
      'valid',
      [
        ['B-LT', 'dss'],
        ['B-LT', 'dss'],
      ],
    ]);

    const out = pdfsig(sealed);
    expect(out.match(/Signature Validation: Signature is Valid\./g)?.length, out).toBe(2);
    expect(out.match(/Certificate Validation: Certificate is Trusted\./g)?.length, out).toBe(2);
  });

  it('the organ’s TSA over HTTP (settings, application/timestamp-query) stamps its signatures; an unreachable TSA fails the signing with signing.tsa_unavailable and stores nothing', async () => {
    const admin = await sys.login('quantri');
    const put = (tsaUrl: string | null) =>
      admin.request('PUT', '/api/signing/settings', { tsaUrl, csc: { enabled: false, baseUrl: null, clientId: null } });
    expect(
      (
        await (
          await sys.login('vanthu')
        ).request('PUT', '/api/signing/settings', {
          tsaUrl: null,
          csc: { enabled: false, baseUrl: null, clientId: null },
        })
      ).statusCode,
    ).toBe(403);
    expect((await put('ftp://nowhere')).json()).toMatchObject({ code: 'validation.failed' });
    expect200(await put(`${base}/api/signing/demo/tsa`));
    const clerk = await sys.login('vanthu');
    const up = (await upload(clerk, await draftPdf())).json() as { id: string };
    const before = (
      await sys.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'signing.settings').execute()
    ).length;
    expect(before).toBe(1);
    const r = await clerk.post('/api/signing/organ', { fileId: up.id, reason: 'Thử TSA qua HTTP' });
    expect(r.statusCode, r.body).toBe(200);
    const signedPdf = new Uint8Array(
      (await clerk.get(`/api/files/${(r.json() as { fileId: string }).fileId}`)).rawPayload,
    );
    const rep = await offline(signedPdf);
    expect([rep.signatures[0]!.timestamp.trusted, padesLevel(rep, rep.signatures[0]!)]).toEqual([true, 'B-T']);

    expect200(await put('http://127.0.0.1:9/tsa'));
    const files = (await sys.deps.db.selectFrom('files').select('id').execute()).length;
    const bad = await clerk.post('/api/signing/organ', { fileId: up.id, reason: 'TSA không tới được' });
    expect([bad.statusCode, (bad.json() as { code: string }).code]).toEqual([503, 'signing.tsa_unavailable']);
    expect((await sys.deps.db.selectFrom('files').select('id').execute()).length).toBe(files);
    expect200(await put(null));
  });

  it('the demo TSA answers RFC 3161 over HTTP; a request that is not one is refused with a code', async () => {
    const junk = await fetch(`${base}/api/signing/demo/tsa`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(junk.status).toBe(400);
    const crl = await fetch(`${base}/api/signing/demo/ca.crl`);
    expect([crl.status, crl.headers.get('content-type')]).toEqual([200, 'application/pkix-crl']);
  });
});
