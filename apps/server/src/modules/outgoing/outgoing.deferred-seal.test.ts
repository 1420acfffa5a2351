/**
 * Deferred organ seal at issue: the organ's key is held by a real vanthu-signer process (a PKCS#12 of the organ
 * issued by the demo CA through POST /api/outgoing/demo/organ-p12, never stored on the server).
 * prepare-seal → signing session (appearance 'seal') → agent → complete-seal → issued.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SoftwareSigner, verifyPdf } from '@vanthu/pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { JobWorker } from '../jobs';
import {
  agentKey,
  localKey,
  signInSession,
  startAgent,
  type AgentProcess,
  type SessionParams,
} from '../signing/signing.agent.testkit';
import { personDn } from '../signing';
import { demoCaCertificate, issueDemoPersonal } from '../signing';
import { upload as uploadFile } from '../signing/signing.testkit';
import { isOrganCertificate } from './outgoing.deferred-seal.service';
import { demoIds, draft, expect200, toSigned, type Ids } from './outgoing.testkit';

const ORIGIN = 'http://localhost:3000';
let sys: TestSystem;
let ids: Ids;
let agent: AgentProcess;
let agentCert: string;
let dir: string;
let clerk: Client;

beforeAll(async () => {
  sys = await createTestSystem();
  ids = await demoIds(sys);
  clerk = await sys.login('vanthu');
  const r = await clerk.post('/api/outgoing/demo/organ-p12', { password: 'mật-khẩu-cơ-quan' });
  expect(r.statusCode, r.body).toBe(200);
  dir = mkdtempSync(join(tmpdir(), 'outgoing-seal-'));
  writeFileSync(join(dir, 'bnv.p12'), Buffer.from(r.json().p12, 'base64'));
  agent = await startAgent([
    '--p12',
    join(dir, 'bnv.p12'),
    '--pass',
    'mật-khẩu-cơ-quan',
    '--allow-origin',
    ORIGIN,
    '--auto-approve',
  ]);
  agentCert = (
    (await (await fetch(`${agent.url}/v1/certificate`, { headers: { origin: ORIGIN } })).json()) as {
      certificate: string;
    }
  ).certificate;
  expect(agentCert).toBe(r.json().certificate);
});
afterAll(async () => {
  await agent?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await sys?.stop();
});

interface Prepared {
  signedFileId: string;
  numberNotation: string;
  appearance: { kind: 'seal'; signerRect: { x: number; y: number; width: number; height: number } };
  reason: string;
}
interface View {
  status: string;
  numberNotation: string | null;
  signedFileId: string | null;
  sealedFileId: string | null;
  finalFileId: string | null;
  recipients: { kind: string; status: string; incomingId: string | null }[];
  actions: string[];
}

/** A draft of Vụ Pháp chế, signed by the Thứ trưởng (server demo key): waiting for the văn thư. */
async function signedDoc(): Promise<string> {
  const id = await draft(await sys.login('chuyenvien.pc'), ids);
  await toSigned(sys, id);
  return id;
}

async function prepareSeal(c: Client, id: string): Promise<Prepared> {
  const r = await c.post(`/api/outgoing/${id}/issue/prepare-seal`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Prepared;
}

const view = async (id: string) => (await clerk.get(`/api/outgoing/${id}`)).json() as View;

const sealWithAgent = (c: Client, fileId: string, p: SessionParams) =>
  signInSession(c, fileId, agentKey(agent.url, ORIGIN), p);
const sealWithKey = (c: Client, fileId: string, signer: SoftwareSigner, p: SessionParams) =>
  signInSession(c, fileId, localKey(signer), p);

async function demoKey(subject: string): Promise<SoftwareSigner> {
  const k = await issueDemoPersonal(sys.deps, subject);
  return new SoftwareSigner({ privateKey: k.identity.privateKey, certificate: k.identity.certificate, chain: [k.ca] });
}

const fileBytes = async (fileId: string) => {
  const f = await sys.deps.db.selectFrom('files').select('sha256').where('id', '=', fileId).executeTakeFirstOrThrow();
  const chunks: Buffer[] = [];
  for await (const c of sys.deps.blobs.open(f.sha256)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
const issueAudits = (id: string) =>
  sys.deps.db
    .selectFrom('audit_events')
    .select(['action', 'summary', 'after'])
    .where('entity_id', '=', id)
    .where('action', '=', 'outgoing.issue')
    .execute();
const jobsOf = async (id: string) =>
  (
    await sys.deps.db.selectFrom('jobs').select(['kind', 'payload']).where('kind', 'like', 'outgoing.%').execute()
  ).filter((j) => (j.payload as { outgoingId?: string }).outgoingId === id);

/** Nothing of the issue happened: still signed, no sealed file, recipients pending, no job, no issue audit. */
async function expectNotIssued(id: string, signedFileId: string) {
  const v = await view(id);
  expect([v.status, v.signedFileId, v.sealedFileId]).toEqual(['signed', signedFileId, null]);
  expect(v.recipients.map((r) => r.status)).toEqual(v.recipients.map(() => 'pending'));
  expect(await jobsOf(id)).toEqual([]);
  expect(await issueAudits(id)).toEqual([]);
}

describe('deferred organ seal at issue (organ key outside the server)', () => {
  it('prepare-seal answers the signed file and the seal; the agent seals with the organ key; complete-seal issues; two valid signatures', async () => {
    const id = await signedDoc();
    const before = await view(id);
    const p = await prepareSeal(clerk, id);
    expect(p).toEqual({
      signedFileId: before.signedFileId,
      numberNotation: before.numberNotation,
      appearance: { kind: 'seal', signerRect: { x: 340, y: 120, width: 180, height: 72 } },
      reason: `Ban hành ${before.numberNotation}`,
    });
    expect(await prepareSeal(clerk, id)).toEqual(p); // nothing stored, the same answer
    await expectNotIssued(id, p.signedFileId);

    const sealedId = await sealWithAgent(clerk, p.signedFileId, p);
    const done = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: sealedId });
    expect(done.statusCode, done.body).toBe(204);
    const v = await view(id);
    // The issued file is the agent's sealed file plus the DSS (PAdES B-LT, issue 12), recorded as derived from it.
    expect([v.status, v.signedFileId]).toEqual(['issued', p.signedFileId]);
    expect(v.sealedFileId).not.toBe(sealedId);
    const issuedRow = await sys.deps.db
      .selectFrom('files')
      .select('derived_from')
      .where('id', '=', v.sealedFileId!)
      .executeTakeFirstOrThrow();
    expect(issuedRow.derived_from).toBe(sealedId);
    const issuedBytes = await fileBytes(v.sealedFileId!);
    const agentSealed = await fileBytes(sealedId);
    expect(issuedBytes.subarray(0, agentSealed.length).equals(agentSealed)).toBe(true);
    const issuedReport = await verifyPdf(new Uint8Array(issuedBytes), {
      trustAnchors: [await demoCaCertificate(sys.deps)],
      revocationPolicy: 'lenient',
    });
    expect([
      issuedReport.valid,
      issuedReport.dss.present,
      issuedReport.signatures[1]!.changesAfter.map((c) => c.kind),
    ]).toEqual([true, true, ['dss']]);
    expect((await jobsOf(id)).map((j) => j.kind).sort()).toEqual([
      'outgoing.deliver_internal',
      'outgoing.send_external',
    ]);
    const audit = await issueAudits(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain('thiết bị ký của cơ quan');
    expect(audit[0]!.after).toMatchObject({
      method: 'pades-deferred',
      signedFileId: p.signedFileId,
      sealedFileId: v.sealedFileId,
      sealedBySigner: sealedId,
      signer: 'Bộ Nội vụ',
      recipients: 2,
    });

    // The sealed file: the signed file plus the organ's signature, made with the agent's key (not the server's).
    const signed = await fileBytes(p.signedFileId);
    const sealed = await fileBytes(sealedId);
    expect(sealed.subarray(0, signed.length).equals(signed)).toBe(true);
    const report = (await clerk.get(`/api/signatures/${sealedId}`)).json() as {
      verdict: string;
      signatures: { signerName: string; verdict: string }[];
    };
    expect([report.verdict, report.signatures.map((s) => [s.signerName, s.verdict])]).toEqual([
      'valid',
      [
        ['Vũ Chiến Thắng', 'valid'],
        ['Bộ Nội vụ', 'valid'],
      ],
    ]);
    const r = await verifyPdf(new Uint8Array(sealed), {
      trustAnchors: [await demoCaCertificate(sys.deps)],
      revocationPolicy: 'lenient',
    });
    expect([r.valid, r.signatures.length, Buffer.from(r.signatures[1]!.signerCertificate!).toString('base64')]).toEqual(
      [true, 2, agentCert],
    );
    const serverOrganKey = await sys.deps.db
      .selectFrom('signing_keys')
      .select('certificate')
      .where('owner', '=', `organ:${ids.organId}`)
      .executeTakeFirst();
    expect(serverOrganKey?.certificate.toString('base64')).not.toBe(agentCert);

    // A second complete is refused (already issued); the internal recipient receives the sealed file.
    const again = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: sealedId });
    expect([again.statusCode, again.json().code]).toEqual([403, 'outgoing.forbidden']);
    await new JobWorker(sys.deps.db, sys.deps.jobs).runOnce();
    expect((await view(id)).recipients.find((x) => x.kind === 'internal')).toMatchObject({ status: 'received' });
  });

  it('only a clerk who may issue: a route actor gets 403, someone who cannot see it 404, another organ 404, before signing 403', async () => {
    const id = await signedDoc();
    const p = await prepareSeal(clerk, id);
    const sealedId = await sealWithAgent(clerk, p.signedFileId, p);
    const chief = await sys.login('chanhvp');
    for (const [who, status, code] of [
      ['chanhvp', 403, 'outgoing.forbidden'],
      ['thutruong', 403, 'outgoing.forbidden'],
      ['chuyenvien.tccb', 404, 'outgoing.not_found'],
      ['snv.vanthu', 404, 'outgoing.not_found'],
    ] as const) {
      const c = who === 'chanhvp' ? chief : await sys.login(who);
      const r1 = await c.post(`/api/outgoing/${id}/issue/prepare-seal`);
      const r2 = await c.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: sealedId });
      expect([who, r1.statusCode, r1.json().code, r2.statusCode, r2.json().code]).toEqual([
        who,
        status,
        code,
        status,
        code,
      ]);
    }
    await expectNotIssued(id, p.signedFileId);
    // The văn thư before the document is signed (the sign step still waiting).
    const early = await draft(await sys.login('chuyenvien.pc'), ids);
    expect200(await (await sys.login('chuyenvien.pc')).post(`/api/outgoing/${early}/submit`));
    const r3 = await clerk.post(`/api/outgoing/${early}/issue/prepare-seal`);
    expect([r3.statusCode, r3.json().code]).toEqual([403, 'outgoing.forbidden']);
    // The demo organ key is for clerks only.
    const r4 = await chief.post('/api/outgoing/demo/organ-p12', { password: 'abcd1234' });
    expect([r4.statusCode, r4.json().code]).toEqual([403, 'outgoing.forbidden']);
    // The right clerk still issues.
    expect((await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: sealedId })).statusCode).toBe(
      204,
    );
  });

  it('a seal made with a personal certificate (even one naming the organ as O) or another organ’s is refused; nothing changes', async () => {
    const id = await signedDoc();
    const p = await prepareSeal(clerk, id);
    // The văn thư's own certificate: CN = her name, O = Bộ Nội vụ (trusted, valid, but a person's).
    const personal = await sealWithKey(clerk, p.signedFileId, await demoKey(personDn('Trần Thị Thư', 'Bộ Nội vụ')), p);
    const r1 = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: personal });
    expect([r1.statusCode, r1.json().code]).toEqual([403, 'outgoing.seal_not_organ']);
    expect(r1.json().message).toContain('Trần Thị Thư');
    expect(r1.json().message).toContain('Bộ Nội vụ');
    // Another organ's seal.
    const other = await sealWithKey(clerk, p.signedFileId, await demoKey(personDn('Sở Nội vụ', 'Sở Nội vụ')), p);
    const r2 = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: other });
    expect([r2.statusCode, r2.json().code]).toEqual([403, 'outgoing.seal_not_organ']);
    expect(r2.json().message).toContain('Sở Nội vụ');
    await expectNotIssued(id, p.signedFileId);
    // The organ's certificate with its name written differently (NFD, case, spaces) still is the organ's.
    const nfd = await demoKey(personDn('  bộ   NỘI vụ '.normalize('NFD'), 'Chính phủ'));
    const byNfd = await sealWithKey(clerk, p.signedFileId, nfd, p);
    expect((await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: byNfd })).statusCode).toBe(204);
    expect((await view(id)).status).toBe('issued');
  });

  it('a file that is not the signed file plus one seal at its end, or made by someone else, is refused; nothing changes; the server key still issues', async () => {
    const id = await signedDoc();
    const p = await prepareSeal(clerk, id);
    const v = await view(id);
    // 1. The organ's valid seal, but over the unsigned final PDF.
    const overFinal = await sealWithAgent(clerk, v.finalFileId!, p);
    const r1 = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: overFinal });
    expect([r1.statusCode, r1.json().code]).toEqual([400, 'outgoing.sealed_file_mismatch']);
    expect(r1.json().message).toContain('cập nhật gia tăng');
    // 2. The signed file correctly sealed, then something appended after the seal.
    const good = await fileBytes(await sealWithAgent(clerk, p.signedFileId, p));
    const appended = await uploadFile(
      clerk,
      Buffer.concat([good, Buffer.from('\n1 0 obj\n(them sau khi dong dau)\nendobj\n')]),
      'them.pdf',
    );
    expect(appended.statusCode).toBe(200);
    const r2 = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: appended.json().id });
    expect([r2.statusCode, r2.json().code]).toEqual([400, 'outgoing.sealed_file_mismatch']);
    expect(r2.json().message).toContain('sau chữ ký');
    // 3. The signed file itself (no seal), and a file sealed twice.
    const r3 = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: p.signedFileId });
    expect([r3.statusCode, r3.json().code]).toEqual([400, 'outgoing.sealed_file_mismatch']);
    const once = await sealWithAgent(clerk, p.signedFileId, p);
    const twice = await sealWithAgent(clerk, once, p);
    const r4 = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: twice });
    expect([r4.statusCode, r4.json().code]).toEqual([400, 'outgoing.sealed_file_mismatch']);
    expect(r4.json().message).toContain('đúng một chữ ký mới');
    // 4. A correct organ seal, but produced by the Thứ trưởng's own signing session.
    const byLeader = await sealWithAgent(await sys.login('thutruong'), p.signedFileId, p);
    const r5 = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, { sealedFileId: byLeader });
    expect([r5.statusCode, r5.json().code]).toEqual([403, 'outgoing.sealed_by_other']);
    // 5. Not a file of this organ at all.
    const r6 = await clerk.post(`/api/outgoing/${id}/issue/complete-seal`, {
      sealedFileId: '00000000-0000-4000-8000-000000000000',
    });
    expect([r6.statusCode, r6.json().code]).toEqual([400, 'outgoing.sealed_file_mismatch']);
    await expectNotIssued(id, p.signedFileId);

    // The server-held organ key still issues the same document.
    expect200(await clerk.post(`/api/outgoing/${id}/issue`));
    const issued = await view(id);
    expect(issued.status).toBe('issued');
    expect((await issueAudits(id))[0]!.after).toMatchObject({
      method: 'pades',
      signedFileId: p.signedFileId,
      sealedFileId: issued.sealedFileId,
    });
    const report = (await clerk.get(`/api/signatures/${issued.sealedFileId}`)).json() as {
      verdict: string;
      signatures: { signerName: string }[];
    };
    expect([report.verdict, report.signatures.map((s) => s.signerName)]).toEqual([
      'valid',
      ['Vũ Chiến Thắng', 'Bộ Nội vụ'],
    ]);
  });
});

describe('isOrganCertificate', () => {
  it('CN must be the organ name; O counts only when there is no CN', async () => {
    const cert = async (subject: string) => new Uint8Array(await (await demoKey(subject)).certificate());
    expect(
      (
        await Promise.all(
          [
            'CN=Bộ Nội vụ, O=Bộ Nội vụ, C=VN',
            'CN=Trần Thị Thư, O=Bộ Nội vụ, C=VN',
            'O=Bộ Nội vụ, C=VN',
            'O=Sở Nội vụ, C=VN',
            'CN=Bộ Nội vụ Tỉnh, O=Bộ Nội vụ',
          ].map(cert),
        )
      ).map((c) => isOrganCertificate(c, 'Bộ Nội vụ').ok),
    ).toEqual([true, false, true, false, false]);
  });
});
