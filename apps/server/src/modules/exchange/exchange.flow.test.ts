import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEdoc } from '@vanthu/edxml';
import { HubClient } from '@vanthu/hub/client';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { drainOutbox, pollOnce } from './exchange.service';
import { setPortsForTest } from './exchange.ports';
import { ORGAN_A, ORGAN_B, organIdOf, startHubFor, storePdf, tinyPdf, type InProcessHub } from './exchange.testing';

/**
 * Both demo organs live in one test system; each has its own connector to a hub in the test process.
 * The incoming module is left out (fallback: received documents stay in the exchange inbox) so this file
 * tests the exchange alone; exchange.incoming.test.ts covers the hand-over to the incoming module.
 */
let sys: TestSystem;
let hub: InProcessHub & { secrets: Record<string, string> };
let A: string;
let B: string;
let clerkA: Client;
let clerkB: Client;
let fileId: string;

const send = (over: Record<string, unknown> = {}) =>
  clerkA.post('/api/exchange/send', {
    recipients: [{ code: ORGAN_B, name: 'Sở Nội vụ' }],
    number: '12',
    notation: 'BNV-VP',
    issuedDate: '2026-03-02',
    docTypeCode: 'cong_van',
    subject: 'Về việc hướng dẫn liên thông văn bản',
    confidentiality: 'thuong',
    urgency: 'khan',
    fileIds: [fileId],
    signer: { fullName: 'Vũ Chiến Thắng', position: 'Thứ trưởng', competence: 'KT. BỘ TRƯỞNG' },
    ...over,
  });

const tracking = async (documentId: string) => {
  const r = await clerkA.get(`/api/exchange/outbox?messageType=edoc&documentId=${encodeURIComponent(documentId)}`);
  return (
    r.json() as { businessType: number; recipientStatus: string | null; answerStatus: string | null; state: string }[]
  ).find((x) => x.businessType === 0)!;
};
const inboxB = async (documentId: string) => {
  const r = await clerkB.get(`/api/exchange/inbox?messageType=edoc&documentId=${encodeURIComponent(documentId)}`);
  return r.json() as {
    id: string;
    state: string;
    businessType: number;
    files: { fileId: string | null; name: string }[];
    signature: { status: string };
    retrieval: string | null;
    subject: string;
  }[];
};
/** One round trip: A sends, B receives and answers, A receives the answers. */
const roundTrip = async () => {
  await drainOutbox(sys.deps, A);
  await pollOnce(sys.deps, B);
  await drainOutbox(sys.deps, B);
  await pollOnce(sys.deps, A);
};

beforeAll(async () => {
  setPortsForTest({ incoming: null, outgoing: null });
  sys = await createTestSystem();
  hub = await startHubFor(sys.deps);
  A = await organIdOf(sys.deps, ORGAN_A);
  B = await organIdOf(sys.deps, ORGAN_B);
  for (const [user, code] of [
    ['quantri', ORGAN_A],
    ['snv.quantri', ORGAN_B],
  ] as const) {
    const admin = await sys.login(user);
    const r = await admin.request('PUT', '/api/exchange/connector', {
      kind: 'internal_hub',
      endpoint: hub.endpoint,
      systemId: `sys-${code}`,
      secret: hub.secrets[code],
      enabled: true,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).not.toHaveProperty('secret');
  }
  clerkA = await sys.login('vanthu');
  clerkB = await sys.login('snv.vanthu');
  fileId = await storePdf(sys.deps, A, tinyPdf('flow'));
});
afterAll(async () => {
  await hub?.close();
  await sys?.stop();
});

describe('exchange between two organs through the hub', () => {
  it('refuses a confidential document before anything is queued', async () => {
    const r = await send({ confidentiality: 'mat' });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'exchange.confidential_forbidden' });
    expect(r.json().message).toMatch(/mật/);
    const out = await sys.deps.db.selectFrom('exchange_outbox').select('id').where('organ_id', '=', A).execute();
    expect(out).toHaveLength(0);
  });

  it('only the admin configures the connector', async () => {
    const r = await clerkA.request('PUT', '/api/exchange/connector', {
      kind: 'internal_hub',
      endpoint: hub.endpoint,
      systemId: 'x',
      enabled: true,
    });
    expect(r.statusCode).toBe(403);
    const t = await (await sys.login('quantri')).post('/api/exchange/connector/test');
    expect(t.json()).toMatchObject({ ok: true });
  });

  it('delivers a document, registers it once, and carries the statuses 01 → 03 → 04 → 05 → 06 back to the sender', async () => {
    const r = await send();
    expect(r.statusCode, r.body).toBe(200);
    const { documentId, queued } = r.json() as { documentId: string; queued: number };
    expect(queued).toBe(1);
    expect(documentId).toBe(`${ORGAN_A},2026/03/02,12/BNV-VP`);
    await roundTrip();
    const [got] = await inboxB(documentId);
    expect(got).toMatchObject({ state: 'received', subject: 'Về việc hướng dẫn liên thông văn bản' });
    expect(got!.signature.status).toBe('unsigned'); // a PDF without signature is recorded as such
    expect(got!.files).toHaveLength(1);
    const f = await sys.deps.db
      .selectFrom('files')
      .select(['organ_id', 'sha256'])
      .where('id', '=', got!.files[0]!.fileId!)
      .executeTakeFirstOrThrow();
    expect(f).toEqual({ organ_id: B, sha256: createHash('sha256').update(tinyPdf('flow')).digest('hex') });
    expect((await tracking(documentId)).recipientStatus).toBe('01');

    // The hub lost our acknowledgement (crash before updateStatus): the package is listed again, registered once.
    await sys.deps.pool.query(
      `UPDATE hub_deliveries SET state = 'delivered', transport_status = NULL, done_at = NULL WHERE recipient_organ = $1`,
      [ORGAN_B],
    );
    const again = await pollOnce(sys.deps, B);
    expect(again.listed).toBe(1);
    expect(await inboxB(documentId)).toHaveLength(1);
    const st = await sys.deps.pool.query(`SELECT state FROM hub_deliveries WHERE recipient_organ = $1`, [ORGAN_B]);
    expect(st.rows.every((x: { state: string }) => x.state === 'done')).toBe(true);

    for (const code of ['03', '04', '05', '06']) {
      const s = await clerkB.post(`/api/exchange/inbox/${got!.id}/status`, { code });
      expect(s.statusCode, s.body).toBe(204);
      await roundTrip();
      expect((await tracking(documentId)).recipientStatus).toBe(code);
    }
    // A late, lower status never moves the tracking back.
    const s = await clerkB.post(`/api/exchange/inbox/${got!.id}/status`, { code: '04', description: 'lặp lại' });
    expect(s.statusCode).toBe(204);
    await roundTrip();
    expect((await tracking(documentId)).recipientStatus).toBe('06');
  });

  it('revokes a document: the recipient withdraws its copy (residual record kept) and answers 15', async () => {
    const r = await send({ number: '13', subject: 'Văn bản sẽ bị thu hồi' });
    const { documentId } = r.json() as { documentId: string };
    await roundTrip();
    const v = await clerkA.post('/api/exchange/documents/revoke', { documentId, reason: 'Ban hành nhầm' });
    expect(v.json()).toEqual({ queued: 1 });
    await roundTrip();
    const rows = await inboxB(documentId);
    const original = rows.find((x) => x.businessType === 0)!;
    expect(original.state).toBe('withdrawn');
    expect(original.subject).toBe('Văn bản sẽ bị thu hồi');
    expect(rows.find((x) => x.businessType === 1)?.state).toBe('applied');
    expect((await tracking(documentId)).answerStatus).toBe('15');
    // A withdrawn document cannot be handled any more.
    const s = await clerkB.post(`/api/exchange/inbox/${original.id}/status`, { code: '03' });
    expect(s.json()).toMatchObject({ code: 'exchange.withdrawn' });
  });

  it('update (BussinessDocType 2): the recipient receives the updated document as a new entry and answers 15', async () => {
    const { documentId } = (await send({ number: '17', subject: 'Văn bản sẽ được cập nhật' })).json() as {
      documentId: string;
    };
    await roundTrip();
    expect(
      (await clerkA.post('/api/exchange/documents/update', { documentId, reason: 'Sửa lỗi chính tả' })).json(),
    ).toEqual({ queued: 1 });
    await roundTrip();
    const rows = await inboxB(documentId);
    expect(rows.map((r) => [r.businessType, r.state]).sort()).toEqual([
      [0, 'received'],
      [2, 'received'],
    ]);
    expect(rows.find((r) => r.businessType === 2)!.files).toHaveLength(1);
    expect((await tracking(documentId)).answerStatus).toBe('15');
  });

  it('replace (BussinessDocType 3): the replaced document is withdrawn and the new one received', async () => {
    const { documentId: oldId } = (await send({ number: '18', subject: 'Văn bản bị thay thế' })).json() as {
      documentId: string;
    };
    await roundTrip();
    const client = new HubClient({ endpoint: hub.endpoint, systemId: `sys-${ORGAN_A}`, secret: hub.secrets[ORGAN_A]! });
    const pkg = buildEdoc(
      {
        messageHeader: {
          from: { organId: ORGAN_A },
          to: [{ organId: ORGAN_B }],
          code: { codeNumber: '19', codeNotation: 'BNV-VP' },
          subject: 'Văn bản thay thế',
        },
        traceHeaderList: {
          traceHeaders: [{ organId: ORGAN_A, timestamp: '2026/03/03 09:00:00' }],
          bussiness: {
            bussinessDocType: 3,
            bussinessDocReason: 'Thay thế văn bản số 18',
            replacementInfoList: [{ documentId: oldId, organIdList: [ORGAN_B] }],
          },
        },
      },
      [{ name: 'moi.pdf', contentType: 'application/pdf', source: tinyPdf('replacement') }],
    );
    const chunks: Buffer[] = [];
    for await (const c of pkg) chunks.push(c as Buffer);
    await client.sendEdoc(Buffer.concat(chunks), { from: ORGAN_A, messageType: 'edoc', to: [ORGAN_B] });
    await pollOnce(sys.deps, B);
    expect((await inboxB(oldId))[0]!.state).toBe('withdrawn');
    const all = (await clerkB.get('/api/exchange/inbox?messageType=edoc')).json() as {
      subject: string;
      state: string;
      businessType: number;
    }[];
    expect(all.find((r) => r.subject === 'Văn bản thay thế')).toMatchObject({ state: 'received', businessType: 3 });
  });

  it('retrieval request 13: the recipient refuses (16) or accepts (15, copy withdrawn)', async () => {
    const docs: string[] = [];
    for (const n of ['14', '15']) docs.push(((await send({ number: n })).json() as { documentId: string }).documentId);
    await roundTrip();
    for (const d of docs)
      expect(
        (await clerkA.post('/api/exchange/documents/retrieve', { documentId: d, reason: 'Cần sửa nội dung' })).json(),
      ).toEqual({ queued: 1 });
    await roundTrip();
    const [refuse, accept] = await Promise.all(docs.map(async (d) => (await inboxB(d))[0]!));
    expect(refuse!.retrieval).toBe('requested');
    expect((await clerkB.post(`/api/exchange/inbox/${refuse!.id}/retrieval`, { accept: false })).statusCode).toBe(204);
    expect((await clerkB.post(`/api/exchange/inbox/${accept!.id}/retrieval`, { accept: true })).statusCode).toBe(204);
    await roundTrip();
    expect((await tracking(docs[0]!)).answerStatus).toBe('16');
    expect((await tracking(docs[1]!)).answerStatus).toBe('15');
    expect((await inboxB(docs[0]!))[0]!.state).toBe('received');
    expect((await inboxB(docs[1]!))[0]!.state).toBe('withdrawn');
  });

  it('refuses a package not addressed to the organ and records why', async () => {
    const client = new HubClient({ endpoint: hub.endpoint, systemId: `sys-${ORGAN_A}`, secret: hub.secrets[ORGAN_A]! });
    const pkg = buildEdoc(
      {
        messageHeader: {
          from: { organId: ORGAN_A },
          to: [{ organId: '000.00.00.G15' }],
          code: { codeNumber: '99', codeNotation: 'BNV-VP' },
          subject: 'Gửi nhầm nơi',
        },
      },
      [{ name: 'a.pdf', contentType: 'application/pdf', source: tinyPdf('wrong') }],
    );
    const chunks: Buffer[] = [];
    for await (const c of pkg) chunks.push(c as Buffer);
    await client.sendEdoc(Buffer.concat(chunks), { from: ORGAN_A, messageType: 'edoc', to: [ORGAN_B] });
    await pollOnce(sys.deps, B);
    const r = await clerkB.get('/api/exchange/inbox?state=invalid');
    expect(r.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ errorCode: 'exchange.not_addressee', subject: 'Gửi nhầm nơi' }),
      ]),
    );
  });

  it('shows the clerk what the reader noticed: a junk attachment labelled PDF is a warning, the unsigned envelope "absent"', async () => {
    const client = new HubClient({ endpoint: hub.endpoint, systemId: `sys-${ORGAN_A}`, secret: hub.secrets[ORGAN_A]! });
    const pkg = buildEdoc(
      {
        messageHeader: {
          from: { organId: ORGAN_A },
          to: [{ organId: ORGAN_B }],
          code: { codeNumber: '77', codeNotation: 'BNV-VP' },
          subject: 'Tệp đính kèm hỏng',
        },
      },
      [
        { name: 'van-ban.pdf', contentType: 'application/pdf', source: tinyPdf('notes') },
        { name: 'HONG.PDF', contentType: 'application/pdf', source: Buffer.from('not a pdf at all!') },
      ],
    );
    const chunks: Buffer[] = [];
    for await (const c of pkg) chunks.push(c as Buffer);
    await client.sendEdoc(Buffer.concat(chunks), { from: ORGAN_A, messageType: 'edoc', to: [ORGAN_B] });
    await pollOnce(sys.deps, B);
    const all = (await clerkB.get('/api/exchange/inbox?messageType=edoc')).json() as {
      subject: string;
      state: string;
      warnings: { code: string; message: string }[];
      envelopeSignature: { status: string } | null;
    }[];
    const row = all.find((r) => r.subject === 'Tệp đính kèm hỏng')!;
    expect(row.warnings.map((w) => w.code)).toContain('edxml.attachment_not_pdf');
    expect(row.warnings.find((w) => w.code === 'edxml.attachment_not_pdf')!.message).toContain('không phải PDF');
    expect(row.envelopeSignature).toMatchObject({ status: 'absent' });
    expect(row.state).toBe('received');
  });

  it('a hub that cannot be reached leaves the package queued with the error, and a retry sends it', async () => {
    await sys.deps.db
      .updateTable('exchange_connectors')
      .set({ endpoint: 'http://127.0.0.1:1' })
      .where('organ_id', '=', A)
      .execute();
    const { documentId } = (await send({ number: '16' })).json() as { documentId: string };
    await drainOutbox(sys.deps, A);
    const failing = (await clerkA.get('/api/exchange/outbox?state=failing')).json() as {
      id: string;
      documentId: string;
      lastError: string;
      attempts: number;
    }[];
    const row = failing.find((x) => x.documentId === documentId)!;
    expect(row.attempts).toBe(1);
    expect(row.lastError).toBeTruthy();
    await sys.deps.db
      .updateTable('exchange_connectors')
      .set({ endpoint: hub.endpoint })
      .where('organ_id', '=', A)
      .execute();
    expect((await clerkA.post(`/api/exchange/outbox/${row.id}/retry`)).statusCode).toBe(204);
    await roundTrip();
    expect((await tracking(documentId)).recipientStatus).toBe('01');
  });
});
