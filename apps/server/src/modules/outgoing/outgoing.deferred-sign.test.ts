/**
 * Deferred signing of the outgoing signing step: the Thứ trưởng's key is held by a real vanthu-signer process
 * (PKCS#12 issued by the demo CA, never stored on the server). prepare → signing session → agent → complete.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SoftwareSigner, verifyPdf } from '@vanthu/pades';
import { todayVN } from '@vanthu/vn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import {
  agentKey,
  localKey,
  signInSession,
  startAgent,
  type AgentProcess,
  type SessionParams,
} from '../signing/signing.agent.testkit';
import { personDn } from '../signing';
import { demoCaCertificate, issueDemoPersonal, softwareSigner } from '../signing';
import { upload as uploadFile } from '../signing/signing.testkit';
import { decide, demoIds, draft, expect200, tinyPdf, upload, type Ids } from './outgoing.testkit';

const ORIGIN = 'http://localhost:3000';
let sys: TestSystem;
let ids: Ids;
let agent: AgentProcess;
let dir: string;
let leader: Client;

beforeAll(async () => {
  sys = await createTestSystem();
  ids = await demoIds(sys);
  leader = await sys.login('thutruong');
  const r = await leader.post('/api/signing/demo/p12', { password: 'mật-khẩu-demo' });
  expect(r.statusCode).toBe(200);
  dir = mkdtempSync(join(tmpdir(), 'outgoing-deferred-'));
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
  if (dir) rmSync(dir, { recursive: true, force: true });
  await sys?.stop();
});

interface Prepared {
  preparedFileId: string;
  numberNotation: string;
  date: string;
  appearance: { kind: 'signature'; rect: { x: number; y: number; width: number; height: number } };
  reason: string;
}
interface View {
  status: string;
  numberNotation: string | null;
  number: number | null;
  issuedDate: string | null;
  preparedFileId: string | null;
  signedFileId: string | null;
  sealedFileId: string | null;
  steps: { action: string; state: string }[];
  actions: string[];
}

/** A draft of Vụ Pháp chế taken to the sign step of the default route (initial → format check → sign by the Thứ trưởng). */
async function atSignStep(): Promise<string> {
  const id = await draft(await sys.login('chuyenvien.pc'), ids);
  expect200(await (await sys.login('chuyenvien.pc')).post(`/api/outgoing/${id}/submit`));
  expect200(await decide(await sys.login('vutruong.pc'), id, { decision: 'approve' }));
  expect200(await decide(await sys.login('chanhvp'), id, { decision: 'approve' }));
  return id;
}

async function prepare(c: Client, id: string): Promise<Prepared> {
  const r = await c.post(`/api/outgoing/${id}/sign/prepare`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Prepared;
}

const view = async (id: string, as = 'vanthu') =>
  (await (await sys.login(as)).get(`/api/outgoing/${id}`)).json() as View;

const signWithAgent = (c: Client, fileId: string, p: SessionParams) =>
  signInSession(c, fileId, agentKey(agent.url, ORIGIN), p);
const signWithKey = (c: Client, fileId: string, signer: SoftwareSigner, p: SessionParams) =>
  signInSession(c, fileId, localKey(signer), p);

const fileBytes = async (fileId: string) => {
  const f = await sys.deps.db.selectFrom('files').select('sha256').where('id', '=', fileId).executeTakeFirstOrThrow();
  const chunks: Buffer[] = [];
  for await (const c of sys.deps.blobs.open(f.sha256)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};
const pdfText = (bytes: Buffer) => {
  const f = join(dir, `t-${Math.random()}.pdf`);
  writeFileSync(f, bytes);
  return execFileSync('pdftotext', [f, '-']).toString();
};
const numbersOf = (id: string) =>
  sys.deps.db
    .selectFrom('outgoing_numbers')
    .select(['number_notation', 'cancelled_at'])
    .where('outgoing_id', '=', id)
    .execute();
const signAudits = (id: string) =>
  sys.deps.db
    .selectFrom('audit_events')
    .select(['action', 'after'])
    .where('entity_id', '=', id)
    .where('action', '=', 'outgoing.sign')
    .execute();

/** Nothing of the signing happened: still waiting at the sign step, no signed file, no sign audit. */
async function expectUnsigned(id: string) {
  const v = await view(id);
  expect([v.status, v.signedFileId, v.steps.find((s) => s.action === 'sign')!.state]).toEqual([
    'in_review',
    null,
    'active',
  ]);
  expect(await signAudits(id)).toEqual([]);
}

describe('deferred signing of the sign step (key outside the server)', () => {
  it('prepare numbers and stamps once (idempotent); the agent signs; complete accepts it; the văn thư issues; two valid signatures', async () => {
    const id = await atSignStep();
    const p = await prepare(leader, id);
    expect(p.numberNotation).toMatch(/^\d+\/BNV-PC$/);
    expect(p).toMatchObject({
      date: todayVN(new Date()),
      appearance: { kind: 'signature', rect: { x: 340, y: 120, width: 180, height: 72 } },
      reason: `Ký ban hành ${p.numberNotation}`,
    });
    const again = await prepare(leader, id);
    expect(again).toEqual(p);
    expect((await numbersOf(id)).map((n) => n.number_notation)).toEqual([p.numberNotation]);
    const before = await view(id);
    expect([before.status, before.numberNotation, before.preparedFileId, before.signedFileId]).toEqual([
      'in_review',
      p.numberNotation,
      p.preparedFileId,
      null,
    ]);
    const prepared = await fileBytes(p.preparedFileId);
    expect(pdfText(prepared)).toContain(`Số: ${p.numberNotation}`);
    expect((await (await sys.login('vanthu')).get(`/api/outgoing/${id}/files/${p.preparedFileId}`)).statusCode).toBe(
      200,
    );

    const signedId = await signWithAgent(leader, p.preparedFileId, p);
    const done = await leader.post(`/api/outgoing/${id}/sign/complete`, {
      signedFileId: signedId,
      comment: 'Đồng ý ban hành',
    });
    expect(done.statusCode, done.body).toBe(204);
    const v = await view(id);
    expect([
      v.status,
      v.signedFileId,
      v.issuedDate,
      v.numberNotation,
      v.steps.every((s) => s.state === 'done'),
    ]).toEqual(['signed', signedId, p.date, p.numberNotation, true]);
    expect(v.actions).toEqual(expect.arrayContaining(['issue', 'cancel_number']));
    const audit = await signAudits(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({
      method: 'pades-deferred',
      numberNotation: p.numberNotation,
      preparedFileId: p.preparedFileId,
      signedFileId: signedId,
      signer: 'Vũ Chiến Thắng',
    });
    const signed = await fileBytes(signedId);
    expect(signed.subarray(0, prepared.length).equals(prepared)).toBe(true);
    // A second complete is refused (the step is done).
    expect((await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: signedId })).json().code).toBe(
      'outgoing.step_not_active',
    );

    expect200(await (await sys.login('vanthu')).post(`/api/outgoing/${id}/issue`));
    const issued = await view(id);
    expect(issued.status).toBe('issued');
    const report = (await (await sys.login('vanthu')).get(`/api/signatures/${issued.sealedFileId}`)).json() as {
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
    const r = await verifyPdf(new Uint8Array(await fileBytes(issued.sealedFileId!)), {
      trustAnchors: [await demoCaCertificate(sys.deps)],
      revocationPolicy: 'lenient',
    });
    expect([r.valid, r.signatures.length]).toEqual([true, 2]);
  });

  it('only the sign step actor may prepare or complete: a route actor gets 403, someone who cannot see the document 404', async () => {
    const id = await atSignStep();
    const chief = await sys.login('chanhvp');
    const r1 = await chief.post(`/api/outgoing/${id}/sign/prepare`);
    expect([r1.statusCode, r1.json().code]).toEqual([403, 'outgoing.not_step_actor']);
    const boss = await sys.login('botruong');
    const r2 = await boss.post(`/api/outgoing/${id}/sign/prepare`);
    expect([r2.statusCode, r2.json().code]).toEqual([404, 'outgoing.not_found']);
    expect(await numbersOf(id)).toEqual([]);
    const p = await prepare(leader, id);
    const signedId = await signWithAgent(leader, p.preparedFileId, p);
    const r3 = await chief.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: signedId });
    expect([r3.statusCode, r3.json().code]).toEqual([403, 'outgoing.not_step_actor']);
    await expectUnsigned(id);
    const early = await leader.post(`/api/outgoing/${await atSignStep()}/sign/complete`, { signedFileId: signedId });
    expect([early.statusCode, early.json().code]).toEqual([409, 'outgoing.not_prepared']);
  });

  it('a signed file that is not an update of the prepared file is refused and nothing changes', async () => {
    const id = await atSignStep();
    const p = await prepare(leader, id);
    const v = await view(id, 'thutruong');
    // 1. The signer's valid signature, but over the unstamped final PDF (not the prepared file).
    const finalId = (
      await sys.deps.db
        .selectFrom('outgoing_docs')
        .select('final_file_id')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).final_file_id!;
    const overFinal = await signWithAgent(leader, finalId, p);
    const r1 = await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: overFinal });
    expect([r1.statusCode, r1.json().code]).toEqual([400, 'outgoing.signed_file_mismatch']);
    expect(r1.json().message).toContain('cập nhật gia tăng');
    // 2. The prepared file correctly signed, then something appended after the signature.
    const good = await fileBytes(await signWithAgent(leader, p.preparedFileId, p));
    const appended = await uploadFile(
      leader,
      Buffer.concat([good, Buffer.from('\n1 0 obj\n(them sau khi ky)\nendobj\n')]),
      'them.pdf',
    );
    expect(appended.statusCode).toBe(200);
    const r2 = await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: appended.json().id });
    expect([r2.statusCode, r2.json().code]).toEqual([400, 'outgoing.signed_file_mismatch']);
    expect(r2.json().message).toContain('sau chữ ký');
    // 3. The prepared file itself (no new signature).
    const r3 = await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: p.preparedFileId });
    expect([r3.statusCode, r3.json().code]).toEqual([400, 'outgoing.signed_file_mismatch']);
    expect(r3.json().message).toContain('Tệp đã ký không khớp');
    await expectUnsigned(id);
    expect((await view(id, 'thutruong')).preparedFileId).toBe(v.preparedFileId);
    expect((await numbersOf(id)).map((n) => n.number_notation)).toEqual([p.numberNotation]);
  });

  it('a file signed by someone else, or with a certificate naming someone else, is refused and nothing changes', async () => {
    const id = await atSignStep();
    const p = await prepare(leader, id);
    // The Chánh Văn phòng (on the route: may see the document, so may open a signing session on its file) signs the
    // prepared file with his own key. (Someone who may not see the document gets 404 from the session: security/content-matrix.)
    const boss = await sys.login('chanhvp');
    const bossUser = await sys.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'chanhvp')
      .executeTakeFirstOrThrow();
    const bossKey = await softwareSigner(sys.deps, `user:${bossUser.id}`, personDn('Đỗ Văn Chánh', 'Bộ Nội vụ'));
    const byBoss = await signWithKey(boss, p.preparedFileId, bossKey, p);
    const r1 = await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: byBoss });
    expect([r1.statusCode, r1.json().code]).toEqual([403, 'outgoing.signer_mismatch']);
    expect(r1.json().message).toContain('người khác');
    // The Thứ trưởng himself runs the session, but with a demo-CA certificate (trusted) issued to another name.
    const other = await issueDemoPersonal(sys.deps, personDn('Nguyễn Văn Khác', 'Bộ Nội vụ'));
    const otherKey = new SoftwareSigner({
      privateKey: other.identity.privateKey,
      certificate: other.identity.certificate,
      chain: [other.ca],
    });
    const byOther = await signWithKey(leader, p.preparedFileId, otherKey, p);
    const r2 = await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: byOther });
    expect([r2.statusCode, r2.json().code]).toEqual([403, 'outgoing.signer_mismatch']);
    expect(r2.json().message).toContain('Nguyễn Văn Khác');
    await expectUnsigned(id);
    // The right signature still goes through afterwards.
    const mine = await signWithAgent(leader, p.preparedFileId, p);
    expect((await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: mine })).statusCode).toBe(204);
    expect((await view(id)).status).toBe('signed');
  });

  it('a new draft version makes the prepared file stale: re-prepare stamps it again with the same number', async () => {
    const id = await atSignStep();
    const p = await prepare(leader, id);
    const signedOld = await signWithAgent(leader, p.preparedFileId, p);
    expect200(await upload(await sys.login('chuyenvien.pc'), id, await tinyPdf('Du thao phien ban 2')));
    const stale = await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: signedOld });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'outgoing.prepared_stale']);
    const p2 = await prepare(leader, id);
    expect(p2.numberNotation).toBe(p.numberNotation);
    expect(p2.preparedFileId).not.toBe(p.preparedFileId);
    expect(pdfText(await fileBytes(p2.preparedFileId))).toContain('phien ban 2');
    const r = await leader.post(`/api/outgoing/${id}/sign/complete`, { signedFileId: signedOld });
    expect([r.statusCode, r.json().code]).toEqual([400, 'outgoing.signed_file_mismatch']);
    await expectUnsigned(id);
    expect((await numbersOf(id)).map((n) => n.number_notation)).toEqual([p.numberNotation]);
  });

  it("prepared yesterday and not signed: today it is stamped again with today's date and the same number", async () => {
    const id = await atSignStep();
    const p = await prepare(leader, id);
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    sys.setNow(tomorrow);
    try {
      const p2 = await prepare(await sys.login('thutruong'), id);
      expect([p2.numberNotation, p2.date, p2.preparedFileId === p.preparedFileId]).toEqual([
        p.numberNotation,
        todayVN(tomorrow),
        false,
      ]);
      expect((await numbersOf(id)).map((n) => n.number_notation)).toEqual([p.numberNotation]);
    } finally {
      sys.setNow(new Date());
    }
  });

  it('a prepared number that is abandoned stays on the document: returned, resubmitted, signed in one click with it, and cancellable', async () => {
    const id = await atSignStep();
    const p = await prepare(leader, id);
    expect200(await decide(leader, id, { decision: 'return', comment: 'Sửa lại trích yếu', target: 'drafter' }));
    const returned = await view(id, 'chuyenvien.pc');
    expect([returned.status, returned.numberNotation]).toEqual(['draft', p.numberNotation]);
    // Back with the drafter, the number is still in the văn thư's register: she sees the draft and could cancel it.
    expect((await view(id, 'vanthu')).actions).toContain('cancel_number');
    expect200(await (await sys.login('chuyenvien.pc')).post(`/api/outgoing/${id}/submit`));
    expect200(await decide(leader, id, { decision: 'approve' })); // the one-click path (server-held demo key)
    const v = await view(id);
    expect([v.status, v.numberNotation]).toEqual(['signed', p.numberNotation]);
    expect(pdfText(await fileBytes(v.signedFileId!))).toContain(`Số: ${p.numberNotation}`);
    expect((await signAudits(id)).map((a) => (a.after as { method: string }).method)).toEqual(['pades']);
    expect200(
      await (await sys.login('vanthu')).post(`/api/outgoing/${id}/cancel-number`, { reason: 'Không ban hành nữa' }),
    );
    const numbers = await numbersOf(id);
    expect([numbers.length, numbers[0]!.number_notation, numbers[0]!.cancelled_at !== null]).toEqual([
      1,
      p.numberNotation,
      true,
    ]);
    expect((await view(id)).status).toBe('recalled');
  });

  it('a document abandoned after its number was reserved: the văn thư cancels the number with a reason, the route ends', async () => {
    const id = await atSignStep();
    const p = await prepare(leader, id);
    const clerk = await sys.login('vanthu');
    expect((await view(id)).actions).toContain('cancel_number');
    // Not the văn thư: refused, nothing changes.
    const refused = await (
      await sys.login('vutruong.pc')
    ).post(`/api/outgoing/${id}/cancel-number`, { reason: 'Không ban hành' });
    expect(refused.statusCode).toBe(403);
    expect((await numbersOf(id))[0]!.cancelled_at).toBeNull();
    expect200(await clerk.post(`/api/outgoing/${id}/cancel-number`, { reason: 'Lãnh đạo quyết định không ban hành' }));
    const numbers = await numbersOf(id);
    expect([numbers.length, numbers[0]!.number_notation, numbers[0]!.cancelled_at !== null]).toEqual([
      1,
      p.numberNotation,
      true,
    ]);
    const v = await view(id, 'thutruong');
    expect(v.status).toBe('recalled');
    expect(v.actions).not.toContain('act');
    const late = await leader.post(`/api/outgoing/${id}/sign/prepare`);
    expect(late.statusCode).toBe(409);
    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select('summary')
      .where('entity_id', '=', id)
      .where('action', '=', 'outgoing.number.cancel')
      .execute();
    expect(audit.map((a) => a.summary)).toEqual([`Hủy số ${p.numberNotation}: Lãnh đạo quyết định không ban hành`]);
  });
});
