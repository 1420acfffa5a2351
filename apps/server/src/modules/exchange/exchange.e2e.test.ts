/**
 * Acceptance 3: two organs on two server processes (separate databases) and one hub process. Organ A
 * (Bộ Nội vụ) sends a signed document to organ B (Sở Nội vụ); B's văn thư registers it, the Giám đốc assigns
 * it, the chuyên viên works on it and completes it; A's tracking shows 01 → 03 → 04 → 05 → 06. A then
 * revokes it: B's copy is withdrawn (residual record kept) and A receives 15.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf } from '@vanthu/pades';
import { createTestPki, softwareSigner } from '../../../../../packages/pades/src/testing/pki';
import { samplePdf } from '../../../../../packages/pades/src/testing/pdfs';
import { startHubProcess, startServerProc, waitFor, type HubProc, type ServerProc } from './exchange.procs';
import { ORGAN_A, ORGAN_B } from './exchange.testing';

const SYSTEMS = [
  { systemId: 'sys-bnv', secret: 'secret-of-bo-noi-vu-000001', organs: [ORGAN_A] },
  { systemId: 'sys-snv', secret: 'secret-of-so-noi-vu-000002', organs: [ORGAN_B] },
];

let hub: HubProc;
let srvA: ServerProc;
let srvB: ServerProc;

export async function connect(srv: ServerProc, admin: string, sys: (typeof SYSTEMS)[number], endpoint: string): Promise<void> {
  const h = await srv.login(admin);
  const r = await h.put('/api/exchange/connector', { kind: 'internal_hub', endpoint, systemId: sys.systemId, secret: sys.secret, enabled: true, pollIntervalMs: 300 });
  if (r.status !== 200) throw new Error(`connector: ${r.status} ${JSON.stringify(r.body)}`);
}

beforeAll(async () => {
  [hub, srvA, srvB] = await Promise.all([startHubProcess(SYSTEMS), startServerProc(), startServerProc()]);
  await connect(srvA, 'quantri', SYSTEMS[0]!, hub.endpoint);
  await connect(srvB, 'snv.quantri', SYSTEMS[1]!, hub.endpoint);
}, 180_000);
afterAll(async () => {
  await Promise.all([srvA?.stop(), srvB?.stop()]);
  await hub?.stop();
});

interface Row { businessType: number; recipientStatus: string | null; answerStatus: string | null }
interface InRow { id: string; businessType: number; state: string; incomingRef: string | null; signature: { status: string; signatures?: { integrity: boolean; signer: string | null }[] } | null }

describe('two organs, two servers, one hub', () => {
  it('A issues a signed document to B; B registers, assigns, handles and completes it; A tracks 01 → 03 → 04 → 05 → 06; A revokes it and gets 15', async () => {
    const pki = await createTestPki();
    const signed = Buffer.from(await signPdf(await samplePdf(), { signer: softwareSigner(pki.organ, [pki.intermediate]) }));
    const clerkA = await srvA.login('vanthu');
    const up = await clerkA.upload('/api/files', 'cv-12-bnv-vp.pdf', signed);
    expect(up.status).toBe(200);
    const sent = await clerkA.post('/api/exchange/send', {
      recipients: [{ code: ORGAN_B, name: 'Sở Nội vụ' }], number: '12', notation: 'BNV-VP', issuedDate: '2026-03-02', docTypeCode: 'cong_van',
      subject: 'Về việc triển khai liên thông văn bản điện tử', confidentiality: 'thuong', fileIds: [(up.body as { id: string }).id],
      signer: { fullName: 'Vũ Chiến Thắng', position: 'Thứ trưởng', competence: 'KT. BỘ TRƯỞNG' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const { documentId } = sent.body as { documentId: string };
    const q = `documentId=${encodeURIComponent(documentId)}`;

    const seen: string[] = [];
    const statusAtA = async (code: string) =>
      waitFor(`status ${code} at A`, async () => {
        const rows = await clerkA.get<Row[]>(`/api/exchange/outbox?messageType=edoc&${q}`);
        const st = rows.find((r) => r.businessType === 0)?.recipientStatus;
        if (st && seen[seen.length - 1] !== st) seen.push(st);
        return st === code;
      });

    await statusAtA('01').catch(async (e: unknown) => {
      throw new Error(`${String(e)}\nA outbox: ${JSON.stringify(await clerkA.get(`/api/exchange/outbox`))}\nB inbox: ${JSON.stringify(await (await srvB.login('snv.vanthu')).get('/api/exchange/inbox'))}`);
    });
    const clerkB = await srvB.login('snv.vanthu');
    const received = await waitFor('the document at B', async () => (await clerkB.get<InRow[]>(`/api/exchange/inbox?messageType=edoc&${q}`)).find((r) => r.incomingRef));
    expect(received.state).toBe('received');
    // The attached PDF's signature was checked and recorded (no national trust store here: not "valid").
    expect(received.signature?.signatures?.[0]).toMatchObject({ integrity: true, signer: expect.stringContaining('Bộ Nội vụ') });
    const incomingId = received.incomingRef!;

    const adminB = await srvB.login('snv.quantri');
    const userId = async (username: string) => (await adminB.get<{ id: string; username: string }[]>(`/api/admin/users?q=${username}`)).find((u) => u.username === username)!.id;
    const [giamdoc, chuyenvien] = [await userId('snv.giamdoc'), await userId('snv.chuyenvien')];

    const reg = await clerkB.post(`/api/incoming/${incomingId}/register`, { confirmDuplicate: true, presentTo: { userId: giamdoc } });
    expect(reg.status, JSON.stringify(reg.body)).toBe(200);
    await statusAtA('03').catch(async (e: unknown) => {
      const c = new pg.Client({ connectionString: srvB.dbUrl });
      await c.connect();
      const jobs = await c.query('SELECT kind, state, attempts, last_error, payload FROM jobs ORDER BY id');
      const out = await c.query('SELECT recipient_code, message_type, status_code, state, last_error FROM exchange_outbox');
      const inb = await c.query('SELECT state, incoming_ref FROM exchange_inbox');
      await c.end();
      throw new Error(`${String(e)}\njobs ${JSON.stringify(jobs.rows)}\noutbox ${JSON.stringify(out.rows)}\ninbox ${JSON.stringify(inb.rows)}`);
    });

    const leader = await srvB.login('snv.giamdoc');
    const asg = await leader.post(`/api/incoming/${incomingId}/assign`, { direction: 'Giao chuyên viên Sơn xử lý', lead: { userId: chuyenvien }, deadline: { workingDays: 5 } });
    expect(asg.status, JSON.stringify(asg.body)).toBeLessThan(300);
    await statusAtA('04');

    const specialist = await srvB.login('snv.chuyenvien');
    const prog = await specialist.post(`/api/incoming/${incomingId}/progress`, { note: 'Đang tổng hợp ý kiến' });
    expect(prog.status, JSON.stringify(prog.body)).toBe(204);
    await statusAtA('05');
    const done = await specialist.post(`/api/incoming/${incomingId}/complete`, { note: 'Đã triển khai' });
    expect(done.status, JSON.stringify(done.body)).toBe(204);
    await statusAtA('06');
    expect(seen).toEqual(['01', '03', '04', '05', '06']);

    const rv = await clerkA.post('/api/exchange/documents/revoke', { documentId, reason: 'Ban hành nhầm đối tượng' });
    expect(rv.body).toEqual({ queued: 1 });
    await waitFor('15 at A', async () => (await clerkA.get<Row[]>(`/api/exchange/outbox?messageType=edoc&${q}`)).find((r) => r.businessType === 0)?.answerStatus === '15');
    const atB = await clerkB.get<InRow[]>(`/api/exchange/inbox?messageType=edoc&${q}`);
    expect(atB.find((r) => r.businessType === 0)?.state).toBe('withdrawn');
    expect(atB.find((r) => r.businessType === 1)?.state).toBe('applied');
  }, 240_000);
});
