import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf } from '@vanthu/pades';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { JobWorker } from '../jobs';
import { registerElectronic } from '../incoming';
import { demoIds, draft, expect200, sha256, tinyPdf, toSigned, type Ids } from './outgoing.testkit';
import { demoCaCertificate } from '../signing';

let sys: TestSystem;
let ids: Ids;
let docId: string;
let incomingId: string;
beforeAll(async () => {
  sys = await createTestSystem();
  ids = await demoIds(sys);
  const put = await sys.deps.blobs.put(Readable.from([await tinyPdf('Cong van den')]), {
    allowed: ['pdf'],
    maxBytes: 1e7,
  });
  incomingId = (
    await registerElectronic(
      sys.deps,
      ids.organId,
      {
        meta: {
          docTypeCode: 'cong_van',
          number: '12',
          notation: 'SNV-TCBC',
          issuedDate: '2026-11-02',
          issuingOrganName: 'Sở Nội vụ',
          subject: 'Xin ý kiến về biên chế',
          urgency: 'thuong',
          confidentiality: 'thuong',
          confirmDuplicate: false,
          signerPosition: null,
          signerName: null,
          recipients: null,
          description: null,
        } as never,
        files: [{ put, name: 'den.pdf' }],
        source: { kind: 'edxml', senderOrganId: 'x', documentId: 'doc-1', packageId: 'pkg-1' },
      },
      { userId: null, name: 'test', organId: ids.organId },
    )
  ).id;
  docId = await draft(await sys.login('chuyenvien.pc'), ids, { answersIncomingId: incomingId });
  await toSigned(sys, docId);
});
afterAll(async () => sys?.stop());

const pdfText = (bytes: Buffer) => {
  const f = path.join(os.tmpdir(), `og-${process.pid}-${Math.random()}.pdf`);
  fs.writeFileSync(f, bytes);
  try {
    return execFileSync('pdftotext', [f, '-']).toString();
  } finally {
    fs.rmSync(f);
  }
};

interface View {
  status: string;
  numberNotation: string;
  sealedFileId: string;
  signedFileId: string;
  recipients: { kind: string; status: string; incomingId: string | null; name: string }[];
  actions: string[];
}

describe('issue, copies and recall', () => {
  it('the signed PDF carries the number and date and a valid personal signature', async () => {
    const v = (await (await sys.login('vanthu')).get(`/api/outgoing/${docId}`)).json() as View;
    expect(v.status).toBe('signed');
    const r = await (await sys.login('vanthu')).get(`/api/outgoing/${docId}/files/${v.signedFileId}`);
    expect(pdfText(r.rawPayload)).toContain(`Số: ${v.numberNotation}`);
    const ca = await demoCaCertificate(sys.deps);
    const report = await verifyPdf(new Uint8Array(r.rawPayload), { trustAnchors: [ca] });
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]!.integrity.ok).toBe(true);
  });

  it('the văn thư applies the organ signature and issues: internal copy registered, external queued, answered incoming done', async () => {
    expect((await (await sys.login('chuyenvien.pc')).post(`/api/outgoing/${docId}/issue`)).statusCode).toBe(403);
    expect200(await (await sys.login('vanthu')).post(`/api/outgoing/${docId}/issue`));
    const jobs = await sys.deps.db
      .selectFrom('jobs')
      .select(['kind', 'payload'])
      .where('kind', 'like', 'outgoing.%')
      .execute();
    expect(jobs.map((j) => j.kind).sort()).toEqual(['outgoing.deliver_internal', 'outgoing.send_external']);
    expect(jobs.find((j) => j.kind === 'outgoing.send_external')!.payload).toMatchObject({
      outgoingId: docId,
      recipientOrganCode: '000.00.12.H29',
    });
    await new JobWorker(sys.deps.db, sys.deps.jobs).runOnce();
    const v = (await (await sys.login('vanthu')).get(`/api/outgoing/${docId}`)).json() as View;
    expect(v.status).toBe('issued');
    expect(v.recipients.find((r) => r.kind === 'internal')).toMatchObject({ status: 'received' });
    expect(v.recipients.find((r) => r.kind === 'internal')!.incomingId).toBeTruthy();
    expect(v.recipients.find((r) => r.kind === 'external')).toMatchObject({ status: 'queued' });
    const inc = await sys.deps.db
      .selectFrom('incoming_documents')
      .select(['status', 'answer_outgoing_id'])
      .where('id', '=', incomingId)
      .executeTakeFirstOrThrow();
    expect(inc).toEqual({ status: 'done', answer_outgoing_id: docId });
    const sealed = await (await sys.login('vanthu')).get(`/api/outgoing/${docId}/files/${v.sealedFileId}`);
    const ca = await demoCaCertificate(sys.deps);
    expect((await verifyPdf(new Uint8Array(sealed.rawPayload), { trustAnchors: [ca] })).signatures).toHaveLength(2);
  });

  it('a sao y carries the copy number, the marking and its own organ signature; the original bytes are unchanged', async () => {
    const vt = await sys.login('vanthu');
    const v = (await vt.get(`/api/outgoing/${docId}`)).json() as View;
    const before = (await vt.get(`/api/outgoing/${docId}/files/${v.sealedFileId}`)).rawPayload;
    const shaBefore = sha256(before);
    const r = await vt.post(`/api/outgoing/${docId}/copies`, { form: 'SY' });
    expect200(r);
    const copy = r.json() as { numberNotation: string; fileId: string; sha256: string };
    expect(copy.numberNotation).toBe('01/SY-BNV');
    const second = (await vt.post(`/api/outgoing/${docId}/copies`, { form: 'TrS' })).json() as {
      numberNotation: string;
    };
    expect(second.numberNotation).toBe('02/TrS-BNV');
    const bytes = (await vt.get(`/api/outgoing/${docId}/files/${copy.fileId}`)).rawPayload;
    const text = pdfText(bytes);
    expect(text).toContain('SAO Y');
    expect(text).toMatch(/Số:\s*01\/SY-BNV/);
    const ca = await demoCaCertificate(sys.deps);
    const report = await verifyPdf(new Uint8Array(bytes), { trustAnchors: [ca] });
    expect(report.signatures.length).toBe(1);
    expect(sha256(bytes)).not.toBe(shaBefore);
    const after = (await vt.get(`/api/outgoing/${docId}/files/${v.sealedFileId}`)).rawPayload;
    expect(sha256(after)).toBe(shaBefore);
    const f = await sys.deps.db
      .selectFrom('files')
      .select('sha256')
      .where('id', '=', v.sealedFileId)
      .executeTakeFirstOrThrow();
    expect(f.sha256).toBe(shaBefore);
  });

  it('recall: the internal recipient no longer sees it, a residual record remains, the audit trail shows it', async () => {
    const recipient = await sys.login('chuyenvien.tccb');
    expect((await recipient.get(`/api/outgoing/${docId}`)).statusCode).toBe(200);
    expect(((await recipient.get('/api/outgoing?box=received')).json() as { id: string }[]).map((d) => d.id)).toContain(
      docId,
    );
    expect(
      (await (await sys.login('chuyenvien.pc')).post(`/api/outgoing/${docId}/recall`, { kind: 'recall', reason: 'x' }))
        .statusCode,
    ).toBe(403);
    expect200(
      await (
        await sys.login('vanthu')
      ).post(`/api/outgoing/${docId}/recall`, { kind: 'recall', reason: 'Sai căn cứ pháp lý' }),
    );
    expect((await recipient.get(`/api/outgoing/${docId}`)).statusCode).toBe(404);
    expect(
      ((await recipient.get('/api/outgoing?box=received')).json() as { id: string }[]).map((d) => d.id),
    ).not.toContain(docId);
    const vt = await sys.login('vanthu');
    const v = (await vt.get(`/api/outgoing/${docId}`)).json() as View;
    expect(v.status).toBe('recalled');
    expect(v.actions).not.toContain('copy');
    expect(v.recipients.every((r) => r.status === 'withdrawn')).toBe(true);
    const records = (await vt.get(`/api/outgoing/${docId}/recall-records`)).json() as {
      kind: string;
      reason: string;
      summary: string;
    }[];
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ kind: 'recall', reason: 'Sai căn cứ pháp lý' });
    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select(['action', 'summary'])
      .where('entity_id', '=', docId)
      .where('action', '=', 'outgoing.recall')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary).toContain('Sai căn cứ pháp lý');
    expect(
      await sys.deps.db.selectFrom('jobs').select('kind').where('kind', '=', 'outgoing.recall_external').execute(),
    ).toHaveLength(1);
    // The internal recipient's incoming copy is withdrawn by the incoming module (queued job), leaving a trace.
    const incomingCopy = v.recipients.find((r) => r.kind === 'internal')!.incomingId!;
    const clerkInbox = async () =>
      ((await vt.get('/api/incoming?box=register')).json() as { items: { id: string; status: string }[] }).items.find(
        (d) => d.id === incomingCopy,
      );
    await new JobWorker(sys.deps.db, sys.deps.jobs).runOnce();
    const copy = await sys.deps.db
      .selectFrom('incoming_documents')
      .select(['status', 'returned_reason'])
      .where('id', '=', incomingCopy)
      .executeTakeFirstOrThrow();
    expect(copy.status).toBe('returned');
    expect(copy.returned_reason).toContain('Sai căn cứ pháp lý');
    expect((await clerkInbox())?.status ?? 'returned').toBe('returned');
    const unitHead = await sys.login('vutruong.tccb');
    for (const box of ['todo', 'doing', 'info']) {
      const items = ((await unitHead.get(`/api/incoming?box=${box}`)).json() as { items: { id: string }[] }).items;
      expect([box, items.map((d) => d.id)]).toEqual([box, expect.not.arrayContaining([incomingCopy])]);
    }
    const trace = await sys.deps.db
      .selectFrom('incoming_trace')
      .select('action')
      .where('document_id', '=', incomingCopy)
      .execute();
    expect(trace.map((t) => t.action)).toContain('withdrawn');
  });

  it('the register book (O3) lists the document in 10 columns, as XLSX and PDF too; O4 counts per unit and signer', async () => {
    const vt = await sys.login('vanthu');
    const regs = (await vt.get('/api/outgoing-registers')).json() as { id: string; code: string }[];
    const di = regs.find((r) => r.code === 'DI')!;
    const year = new Date().getFullYear();
    const book = (await vt.get(`/api/outgoing-reports/register?registerId=${di.id}&year=${year}`)).json() as {
      columns: string[];
      rows: string[][];
    };
    expect(book.columns).toHaveLength(10);
    expect(book.rows[0]![0]).toMatch(/BNV-PC$/);
    expect(book.rows[0]![3]).toBe('Vũ Chiến Thắng');
    const xlsx = await vt.get(`/api/outgoing-reports/register?registerId=${di.id}&year=${year}&format=xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await vt.get(`/api/outgoing-reports/register?registerId=${di.id}&year=${year}&format=pdf`);
    expect(pdfText(pdf.rawPayload)).toContain('Số, ký hiệu');
    const o4 = (await vt.get(`/api/outgoing-reports/summary?year=${year}`)).json() as {
      byUnit: { name: string; total: number }[];
      bySigner: { name: string; recalled: number }[];
    };
    expect(o4.byUnit.find((u) => u.name === 'Vụ Pháp chế')!.total).toBe(1);
    expect(o4.bySigner.find((s) => s.name === 'Vũ Chiến Thắng')!.recalled).toBe(1);
  });
});
