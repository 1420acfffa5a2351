/**
 * Acceptance 3: two organs on two server processes (separate databases) and one hub process. Organ A
 * (Bộ Nội vụ) sends a signed document to organ B (Sở Nội vụ); B's văn thư registers it, the Giám đốc assigns
 * it, the chuyên viên works on it and completes it; A's tracking shows 01 → 03 → 04 → 05 → 06. A then
 * revokes it: B's copy is withdrawn (residual record kept) and A receives 15.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

export async function connect(
  srv: ServerProc,
  admin: string,
  sys: (typeof SYSTEMS)[number],
  endpoint: string,
): Promise<void> {
  const h = await srv.login(admin);
  const r = await h.put('/api/exchange/connector', {
    kind: 'internal_hub',
    endpoint,
    systemId: sys.systemId,
    secret: sys.secret,
    enabled: true,
    pollIntervalMs: 300,
  });
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

interface Row {
  businessType: number;
  recipientStatus: string | null;
  answerStatus: string | null;
}
interface InRow {
  id: string;
  businessType: number;
  state: string;
  incomingRef: string | null;
  signature: { status: string; signatures?: { integrity: boolean; signer: string | null }[] } | null;
}

describe('two organs, two servers, one hub', () => {
  it('A issues a signed document to B; B registers, assigns, handles and completes it; A tracks 01 → 03 → 04 → 05 → 06; A revokes it and gets 15', async () => {
    // A: the real outgoing flow — draft, route (initial, format check, sign), organ signature and issue.
    const adminA = await srvA.login('quantri');
    const usersA = await adminA.get<{ id: string; username: string }[]>('/api/admin/users');
    const idOf = (u: string) => usersA.find((x) => x.username === u)!.id;
    const drafter = await srvA.login('chuyenvien.pc');
    const created = await drafter.post('/api/outgoing', {
      docType: 'cong_van',
      subject: 'Về việc triển khai liên thông văn bản điện tử',
      signerId: idOf('thutruong'),
      recipients: [{ kind: 'external', organCode: ORGAN_B }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const outgoingId = (created.body as { id: string }).id;
    expect(
      (
        await drafter.upload(
          `/api/outgoing/${outgoingId}/versions?kind=draft`,
          'du-thao.pdf',
          Buffer.from(await samplePdf()),
        )
      ).status,
    ).toBe(200);
    expect((await drafter.post(`/api/outgoing/${outgoingId}/submit`)).status).toBe(204);
    for (const u of ['vutruong.pc', 'chanhvp', 'thutruong']) {
      const d = await (await srvA.login(u)).post(`/api/outgoing/${outgoingId}/decision`, { decision: 'approve' });
      expect(d.status, `${u}: ${JSON.stringify(d.body)}`).toBe(204);
    }
    const clerkA = await srvA.login('vanthu');
    const iss = await clerkA.post(`/api/outgoing/${outgoingId}/issue`);
    expect(iss.status, JSON.stringify(iss.body)).toBe(204);
    const { documentId } = await waitFor(
      "the package in A's outbox",
      async () =>
        (
          await clerkA.get<{ documentId: string; businessType: number }[]>(
            `/api/exchange/outbox?messageType=edoc&outgoingRef=${outgoingId}`,
          )
        )[0],
    );
    const q = `documentId=${encodeURIComponent(documentId)}`;
    const outgoingStatus = async () =>
      (
        await clerkA.get<{ recipients: { organCode: string | null; status: string }[] }>(`/api/outgoing/${outgoingId}`)
      ).recipients.find((r) => r.organCode === ORGAN_B)?.status;

    const seen: string[] = [];
    const statusAtA = async (code: string) =>
      waitFor(`status ${code} at A`, async () => {
        const rows = await clerkA.get<Row[]>(`/api/exchange/outbox?messageType=edoc&${q}`);
        const st = rows.find((r) => r.businessType === 0)?.recipientStatus;
        if (st && seen[seen.length - 1] !== st) seen.push(st);
        return st === code;
      });

    await statusAtA('01').catch(async (e: unknown) => {
      throw new Error(
        `${String(e)}\nA outbox: ${JSON.stringify(await clerkA.get(`/api/exchange/outbox`))}\nB inbox: ${JSON.stringify(await (await srvB.login('snv.vanthu')).get('/api/exchange/inbox'))}`,
      );
    });
    const clerkB = await srvB.login('snv.vanthu');
    const received = await waitFor('the document at B', async () =>
      (await clerkB.get<InRow[]>(`/api/exchange/inbox?messageType=edoc&${q}`)).find((r) => r.incomingRef),
    );
    expect(received.state).toBe('received');
    // The attached PDF's signatures were checked and recorded (no national trust store here, so not "valid").
    expect(received.signature?.status).not.toBe('unsigned');
    expect(received.signature?.signatures?.length).toBeGreaterThan(0);
    expect(received.signature?.signatures?.every((x) => x.integrity)).toBe(true);
    const incomingId = received.incomingRef!;

    const adminB = await srvB.login('snv.quantri');
    const userId = async (username: string) =>
      (await adminB.get<{ id: string; username: string }[]>(`/api/admin/users?q=${username}`)).find(
        (u) => u.username === username,
      )!.id;
    const [giamdoc, chuyenvien] = [await userId('snv.giamdoc'), await userId('snv.chuyenvien')];

    const reg = await clerkB.post(`/api/incoming/${incomingId}/register`, {
      confirmDuplicate: true,
      presentTo: { userId: giamdoc },
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(200);
    await statusAtA('03').catch(async (e: unknown) => {
      const c = new pg.Client({ connectionString: srvB.dbUrl });
      await c.connect();
      const jobs = await c.query('SELECT kind, state, attempts, last_error, payload FROM jobs ORDER BY id');
      const out = await c.query(
        'SELECT recipient_code, message_type, status_code, state, last_error FROM exchange_outbox',
      );
      const inb = await c.query('SELECT state, incoming_ref FROM exchange_inbox');
      await c.end();
      throw new Error(
        `${String(e)}\njobs ${JSON.stringify(jobs.rows)}\noutbox ${JSON.stringify(out.rows)}\ninbox ${JSON.stringify(inb.rows)}`,
      );
    });

    const leader = await srvB.login('snv.giamdoc');
    const asg = await leader.post(`/api/incoming/${incomingId}/assign`, {
      direction: 'Giao chuyên viên Sơn xử lý',
      lead: { userId: chuyenvien },
      deadline: { workingDays: 5 },
    });
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
    expect(await outgoingStatus()).toBe('done'); // the outgoing module's per-recipient tracking follows

    const rv = await clerkA.post(`/api/outgoing/${outgoingId}/recall`, {
      kind: 'recall',
      reason: 'Ban hành nhầm đối tượng',
    });
    expect(rv.status, JSON.stringify(rv.body)).toBeLessThan(300);
    await waitFor(
      '15 at A',
      async () =>
        (await clerkA.get<Row[]>(`/api/exchange/outbox?messageType=edoc&${q}`)).find((r) => r.businessType === 0)
          ?.answerStatus === '15',
    );
    const atB = await clerkB.get<InRow[]>(`/api/exchange/inbox?messageType=edoc&${q}`);
    expect(atB.find((r) => r.businessType === 0)?.state).toBe('withdrawn');
    expect(atB.find((r) => r.businessType === 1)?.state).toBe('applied');
    // B's incoming copy is withdrawn by the incoming module and stays as a residual record with the reason.
    const copy = await clerkB.get<{ status: string; returnedReason: string | null }>(`/api/incoming/${incomingId}`);
    expect(copy).toMatchObject({
      status: 'returned',
      returnedReason: expect.stringContaining('Ban hành nhầm đối tượng'),
    });
  }, 240_000);
});
