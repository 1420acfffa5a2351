import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPackage, unpackPackage, validatePackage } from '@vanthu/eark';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { seedArchiveDemo } from './archive.seed';
import { verifyPdf } from '@vanthu/pades';
import { demoCaCertificate, signingPortFor } from '../signing';
import { draftPdf, SIGNER_RECT, tamper } from '../signing/signing.testkit';
import { closedFile, drainJobs, transfer } from './archive.testkit';

let sys: TestSystem;
let clerk: Client;
let head: Client;
let reader: Client;
beforeAll(async () => {
  sys = await createTestSystem();
  clerk = await sys.login('vanthu');
  head = await sys.login('chanhvp');
  reader = await sys.login('chuyenvien.pc');
});
afterAll(async () => sys.stop());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdfText = (b: Buffer) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'arc-'));
  writeFileSync(path.join(dir, 'a.pdf'), b);
  return execFileSync('pdftotext', [path.join(dir, 'a.pdf'), '-']).toString('utf8');
};
const recordRow = (id: string) =>
  sys.deps.db.selectFrom('archive_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('transfer (nộp lưu)', () => {
  it('lists closed files due, refuses a file that fails a check with its reason (nothing recorded), then receives with minutes and a valid AIP', async () => {
    const open = await closedFile(clerk, 'NL.01', { close: false });
    const a = await closedFile(clerk, 'NL.02', { docs: 3 });
    const due = (await clerk.get('/api/archive/due')).json() as { id: string; dueDate: string }[];
    expect(due.find((d) => d.id === a.id)?.dueDate).toBe('2027-12-31');
    expect(due.some((d) => d.id === open.id)).toBe(false);

    const refused = await clerk.post('/api/archive/transfers', { workfileIds: [a.id, open.id] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('archive.check_failed');
    const files = refused.json().details.files as { workfileId: string; reasons: { code: string }[] }[];
    expect(files).toHaveLength(1);
    expect(files[0]!.workfileId).toBe(open.id);
    expect(files[0]!.reasons.map((r) => r.code)).toContain('archive.check.not_closed');
    expect(await sys.deps.db.selectFrom('archive_records').select('id').execute()).toHaveLength(0);

    // A specialist is not the archive: refused, nothing recorded.
    const notStaff = await reader.post('/api/archive/transfers', { workfileIds: [a.id] });
    expect(notStaff.statusCode).toBe(403);

    const t = await clerk.post('/api/archive/transfers', { workfileIds: [a.id], note: 'Nộp lưu năm 2027' });
    expect(t.statusCode).toBe(200);
    expect(t.json().number).toBe(1);
    const recId = t.json().records[0].id as string;
    expect((await recordRow(recId)).status).toBe('packaging');
    const twice = await clerk.post('/api/archive/transfers', { workfileIds: [a.id] });
    expect(twice.json().code).toBe('archive.already_transferred');
    // A transferred file cannot be reopened in workfiles: stable code, Vietnamese message, nothing changed.
    const reopen = await clerk.post(`/api/workfiles/${a.id}/reopen`, { reason: 'Bổ sung văn bản sau khi nộp lưu' });
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().code).toBe('workfiles.transferred');
    expect(reopen.json().message).toContain('đã nộp lưu');
    expect((await clerk.get(`/api/workfiles/${a.id}`)).json().status).toBe('closed');
    expect(
      await sys.deps.db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'workfiles.file.reopen')
        .where('entity_id', '=', a.id)
        .execute(),
    ).toHaveLength(0);
    await drainJobs(sys);
    const rec = await recordRow(recId);
    expect(rec.status).toBe('archived');
    expect(rec.aip_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await sys.deps.blobs.exists(rec.aip_sha256!)).toBe(true);

    // The AIP: valid CSIP, documents byte for byte, TT 05 metadata inside.
    const aip = await clerk.get(`/api/archive/records/${recId}/aip`);
    expect(aip.statusCode).toBe(200);
    expect(sha(aip.rawPayload)).toBe(rec.aip_sha256);
    const dir = mkdtempSync(path.join(tmpdir(), 'arc-aip-'));
    const zip = path.join(dir, 'aip.zip');
    writeFileSync(zip, aip.rawPayload);
    const report = await validatePackage(zip);
    expect(report.errors).toBe(0);
    const root = await unpackPackage(zip, path.join(dir, 'out'));
    const back = await readPackage(zip);
    expect(back.packageType).toBe('AIP');
    const data = back.representations[0]!.files;
    expect(data).toHaveLength(3);
    expect(data.map((f) => f.checksum).sort()).toEqual([...a.shas].sort());
    for (const f of data)
      expect(sha(readFileSync(path.join(root, 'representations/rep1/data', f.path)))).toBe(f.checksum);
    const tt05 = back.descriptive.find((m) => m.name === 'tt05.xml')!.content.toString('utf8');
    expect(tt05).toContain(`<fileCode>${a.code}</fileCode>`);
    expect(tt05.match(/<document>/g)).toHaveLength(3);
    expect(back.preservation[0]!.content.toString('utf8')).toContain(
      '<premis:eventType>fixity check</premis:eventType>',
    );

    const minutes = await clerk.get(`/api/archive/transfers/${t.json().id}/minutes.pdf`);
    expect(minutes.statusCode).toBe(200);
    const txt = pdfText(minutes.rawPayload);
    expect(txt).toContain('BIÊN BẢN GIAO NHẬN');
    expect(txt).toContain(a.code);
    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'like', 'archive.%')
      .execute();
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining([
        'archive.transfer.return',
        'archive.record.accept',
        'archive.transfer.receive',
        'archive.record.aip',
        'archive.read.aip',
      ]),
    );
  });
});

describe('signature validation at transfer', () => {
  it('each signed PDF is verified through the signing module; the report is kept with the record and a tampered one is flagged', async () => {
    const user = await sys.deps.db
      .selectFrom('users')
      .select(['id', 'full_name', 'organ_id'])
      .where('username', '=', 'chanhvp')
      .executeTakeFirstOrThrow();
    const signed = (
      await signingPortFor(sys.deps).signAsPerson(await draftPdf(), {
        userId: user.id,
        fullName: user.full_name,
        organName: 'Bộ Nội vụ',
        reason: 'Phê duyệt',
        appearance: { rect: SIGNER_RECT },
      })
    ).pdf;
    const f = await closedFile(clerk, 'NL.KS', { contents: [Buffer.from(signed), Buffer.from(tamper(signed))] });
    const t = await transfer(sys, clerk, [f.id]);
    const row = await recordRow(t.records[0]!.id);
    const docs = (
      row.metadata as {
        documents: {
          files: {
            sha256: string;
            signature?: { verdict: string; signatures: { signerName: string | null; verdict: string }[] };
          }[];
        }[];
      }
    ).documents;
    expect(docs.map((d) => d.files[0]!.signature?.verdict)).toEqual(['valid', 'invalid']);
    expect(docs[0]!.files[0]!.signature!.signatures.map((x) => [x.signerName, x.verdict])).toEqual([
      [user.full_name, 'valid'],
    ]);
    expect(docs[1]!.files[0]!.signature!.signatures[0]!.verdict).toBe('invalid');
    // The signing module's own report is stored for both blobs.
    const reports = await sys.deps.db
      .selectFrom('signature_reports')
      .select(['sha256', 'verdict'])
      .where('sha256', 'in', f.shas)
      .execute();
    expect(Object.fromEntries(reports.map((r) => [r.sha256, r.verdict]))).toEqual({
      [f.shas[0]!]: 'valid',
      [f.shas[1]!]: 'invalid',
    });
    const rec = (await clerk.get(`/api/archive/records/${t.records[0]!.id}`)).json() as {
      documents: { signature: { verdict: string; verdictLabel: string } | null }[];
    };
    expect(rec.documents.map((d) => d.signature?.verdictLabel)).toEqual(['Hợp lệ', 'Không hợp lệ']);

    // B-LTA: the AIP carries preservation copies (rep2) with the DSS and a document timestamp that verifies;
    // the signed originals (rep1, blobs) are untouched.
    const dir = mkdtempSync(path.join(tmpdir(), 'arc-lta-'));
    writeFileSync(
      path.join(dir, 'aip.zip'),
      (await clerk.get(`/api/archive/records/${t.records[0]!.id}/aip`)).rawPayload,
    );
    expect((await validatePackage(path.join(dir, 'aip.zip'))).errors).toBe(0);
    const root = await unpackPackage(path.join(dir, 'aip.zip'), path.join(dir, 'out'));
    const back = await readPackage(path.join(dir, 'aip.zip'));
    const [rep1, rep2] = back.representations;
    expect(rep1!.files.map((x) => x.checksum)).toEqual(f.shas);
    for (const x of rep1!.files)
      expect(sha(readFileSync(path.join(root, 'representations/rep1/data', x.path)))).toBe(x.checksum);
    expect(rep2!.files).toHaveLength(2);
    const copy = readFileSync(path.join(root, 'representations/rep2/data', rep2!.files[0]!.path));
    expect(copy.subarray(0, signed.length).equals(Buffer.from(signed))).toBe(true); // incremental: the original revision inside
    const v = await verifyPdf(new Uint8Array(copy), {
      trustAnchors: [await demoCaCertificate(sys.deps)],
      revocationPolicy: 'lenient',
    });
    const ts = v.signatures.find((x) => x.type === 'doc_timestamp')!;
    expect([ts.verdict, ts.integrity.ok, ts.timestamp.valid, ts.timestamp.trusted]).toEqual([
      'valid',
      true,
      true,
      true,
    ]);
    expect(v.dss.present).toBe(true);
    expect(v.signatures.find((x) => x.type === 'signature')!.verdict).toBe('valid');
    expect(back.preservation[0]!.content.toString('utf8')).toContain(
      '<premis:eventType>digital signature validation</premis:eventType>',
    );
    expect(await sys.deps.blobs.exists(f.shas[0]!)).toBe(true);
  });
});

describe('SIP import (E-ARK)', () => {
  it('imports an official E-ARK sample SIP as a record with a valid AIP of the same bytes; an invalid SIP is refused with its requirement id, nothing recorded', async () => {
    const fixtures = path.resolve(__dirname, '../../../../../../shared/fixtures/eark');
    const dir = mkdtempSync(path.join(tmpdir(), 'arc-sip-'));
    const zipOf = (src: string, name: string) => {
      execFileSync('zip', ['-qr', path.join(dir, name), path.basename(src)], { cwd: path.dirname(src) });
      return readFileSync(path.join(dir, name));
    };
    const sample = path.join(fixtures, 'CSIP1/valid/minimal_IP_with_1_representation');
    const uploadZip = async (b: Buffer) => {
      const body = Buffer.concat([
        Buffer.from(
          '--B0undary\r\nContent-Disposition: form-data; name="file"; filename="sip.zip"\r\nContent-Type: application/zip\r\n\r\n',
        ),
        b,
        Buffer.from('\r\n--B0undary--\r\n'),
      ]);
      const r = await clerk.request('POST', '/api/files', body, {
        'content-type': 'multipart/form-data; boundary=B0undary',
      });
      expect(r.statusCode, r.body).toBe(200);
      return r.json().id as string;
    };
    const before = (await sys.deps.db.selectFrom('archive_records').select('id').execute()).length;
    // An invalid case of the corpus (CSIP1: no OBJID) is refused with the requirement id.
    const badDir = path.join(fixtures, 'CSIP1/invalid');
    const bad = path.join(badDir, (await import('node:fs')).readdirSync(badDir)[0]!);
    const refused = await clerk.post('/api/archive/sips', {
      fileId: await uploadZip(zipOf(bad, 'bad.zip')),
      retention: '10',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('archive.sip_invalid');
    expect(refused.json().message).toContain('CSIP1');
    expect((await sys.deps.db.selectFrom('archive_records').select('id').execute()).length).toBe(before);
    expect(
      (await reader.post('/api/archive/sips', { fileId: await uploadZip(zipOf(sample, 'x.zip')), retention: '10' }))
        .statusCode,
    ).toBe(403);

    const ok = await clerk.post('/api/archive/sips', {
      fileId: await uploadZip(zipOf(sample, 'sip.zip')),
      retention: '20',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ code: 'SIP.minimal_IP_with_1_representation', docCount: 1 });
    await drainJobs(sys);
    const rec = await recordRow(ok.json().id);
    expect(rec.status).toBe('archived');
    const aip = path.join(dir, 'aip.zip');
    writeFileSync(aip, (await clerk.get(`/api/archive/records/${rec.id}/aip`)).rawPayload);
    expect((await validatePackage(aip)).errors).toBe(0);
    const back = await readPackage(aip);
    expect(back.packageType).toBe('AIP');
    const root = await unpackPackage(aip, path.join(dir, 'out'));
    const f = back.representations[0]!.files[0]!;
    const original = readFileSync(path.join(sample, 'representations/rep1/data/plain_text_document.txt'));
    expect(readFileSync(path.join(root, 'representations/rep1/data', f.path)).equals(original)).toBe(true);
    expect(f.checksum).toBe(sha(original));
    const audit = await sys.deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', rec.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['archive.sip.import', 'archive.record.aip']));
  });
});

describe('access (khai thác)', () => {
  it('a restricted record: 404 without approval, request, the head approves, the copy carries the watermark, the AIP is untouched; reads counted', async () => {
    const f = await closedFile(reader, 'KT.01'); // made by the unit, received by the archive
    const t = await transfer(sys, clerk, [f.id]);
    const id = t.records[0]!.id;
    const before = (await recordRow(id)).aip_sha256!;
    // Public by default: the specialist sees the catalogue entry; the head restricts it (Ad), with the reason in history.
    expect((await reader.get('/api/archive/records')).json().items.some((r: { id: string }) => r.id === id)).toBe(true);
    expect(
      (await reader.request('PUT', `/api/archive/records/${id}/mode`, { mode: '02', reason: 'Có thông tin cá nhân' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await head.request('PUT', `/api/archive/records/${id}/mode`, { mode: '02', reason: 'Có thông tin cá nhân' }))
        .statusCode,
    ).toBe(204);

    const page = (await reader.get(`/api/archive/records/${id}`)).json();
    expect(page.can).toMatchObject({ read: false, request: true, aip: false });
    expect(page.documents).toEqual([]);
    const denied = await reader.get(`/api/archive/records/${id}/documents/1/copy.pdf`);
    expect(denied.statusCode).toBe(404);
    expect(denied.json().code).toBe('archive.not_found');
    expect((await reader.get(`/api/archive/records/${id}/aip`)).statusCode).toBe(403);

    const req = await reader.post(`/api/archive/records/${id}/requests`, { purpose: 'Nghiên cứu xây dựng báo cáo' });
    expect(req.statusCode).toBe(200);
    expect((await reader.post(`/api/archive/records/${id}/requests`, { purpose: 'Lần hai' })).json().code).toBe(
      'archive.request_pending',
    );
    expect((await reader.post(`/api/archive/requests/${req.json().id}/decide`, { approve: true })).statusCode).toBe(
      403,
    );
    const pending = (await head.get('/api/archive/requests?box=pending')).json() as { id: string }[];
    expect(pending.map((p) => p.id)).toContain(req.json().id);
    expect(
      (await head.post(`/api/archive/requests/${req.json().id}/decide`, { approve: true, note: 'Đồng ý' })).json()
        .status,
    ).toBe('approved');
    expect((await head.post(`/api/archive/requests/${req.json().id}/decide`, { approve: false })).json().code).toBe(
      'archive.request_decided',
    );

    // Notified: the head of the request, the reader of the decision (with the record's link).
    const notes = await sys.deps.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.username', 'notifications.kind', 'notifications.link'])
      .where('notifications.kind', 'like', 'archive.request%')
      .execute();
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'chanhvp', kind: 'archive.request' }),
        expect.objectContaining({
          username: 'chuyenvien.pc',
          kind: 'archive.request_decided',
          link: `/archive/record/${id}`,
        }),
      ]),
    );
    const copy = await reader.get(`/api/archive/records/${id}/documents/1/copy.pdf`);
    expect(copy.statusCode).toBe(200);
    const txt = pdfText(copy.rawPayload);
    expect(txt).toContain('Ngô Thị Chuyên');
    expect(txt).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(txt).toContain('Nghiên cứu xây dựng báo cáo');
    expect(f.shas).not.toContain(sha(copy.rawPayload));
    // The original in the AIP is unchanged, the AIP too.
    expect((await recordRow(id)).aip_sha256).toBe(before);
    expect(sha(readFileSync(sys.deps.blobs.path!(before)))).toBe(before);

    // The whole record as a DIP: a valid CSIP package of watermarked copies.
    const dip = await reader.get(`/api/archive/records/${id}/dip`);
    expect(dip.statusCode).toBe(200);
    const ddir = mkdtempSync(path.join(tmpdir(), 'arc-dip-'));
    writeFileSync(path.join(ddir, 'dip.zip'), dip.rawPayload);
    expect((await validatePackage(path.join(ddir, 'dip.zip'))).errors).toBe(0);
    const dipPkg = await readPackage(path.join(ddir, 'dip.zip'));
    expect(dipPkg.packageType).toBe('DIP');
    expect(dipPkg.representations[0]!.files).toHaveLength(2);
    expect(dipPkg.representations[0]!.files.some((x) => f.shas.includes(x.checksum))).toBe(false);
    const droot = await unpackPackage(path.join(ddir, 'dip.zip'), path.join(ddir, 'out'));
    expect(
      pdfText(readFileSync(path.join(droot, 'representations/rep1/data', dipPkg.representations[0]!.files[0]!.path))),
    ).toContain('Ngô Thị Chuyên');
    expect((await sys.login('chuyenvien.tccb').then((o) => o.get(`/api/archive/records/${id}/dip`))).statusCode).toBe(
      404,
    );
    const detail = (await reader.get(`/api/archive/records/${id}`)).json();
    expect(detail.documents).toHaveLength(2);
    expect(detail.counts.download).toBe(2);
    expect(detail.counts.view).toBeGreaterThanOrEqual(1);
    const reads = await sys.deps.db
      .selectFrom('audit_events')
      .select(['action', 'summary'])
      .where('entity_id', '=', id)
      .execute();
    expect(reads.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'archive.mode.change',
        'archive.request.create',
        'archive.request.approve',
        'archive.read.view',
        'archive.read.download',
      ]),
    );
  });

  it('organ isolation and bad input: another organ gets 404, malformed requests 400, never 500', async () => {
    const f = await closedFile(clerk, 'KT.02');
    const t = await transfer(sys, clerk, [f.id]);
    const id = t.records[0]!.id;
    const snv = await sys.login('snv.vanthu');
    expect((await snv.get(`/api/archive/records/${id}`)).statusCode).toBe(404);
    expect((await snv.get(`/api/archive/records/${id}/aip`)).statusCode).toBe(404);
    expect((await snv.get('/api/archive/records')).json().items).toEqual([]);
    const other = await snv.post('/api/archive/transfers', { workfileIds: [f.id] });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('archive.workfile_not_found');
    expect((await snv.get(`/api/archive/transfers/${t.id}`)).statusCode).toBe(404);

    const bad: [string, string, unknown][] = [
      ['GET', '/api/archive/records/not-a-uuid', undefined],
      ['POST', '/api/archive/transfers', { workfileIds: [] }],
      ['POST', '/api/archive/transfers', { workfileIds: ['x'] }],
      ['GET', `/api/archive/records/${id}/documents/0/copy.pdf`, undefined],
      ['GET', `/api/archive/records/${id}/documents/abc/copy.pdf`, undefined],
      ['POST', `/api/archive/records/${id}/requests`, { purpose: '' }],
      ['PUT', `/api/archive/records/${id}/mode`, { mode: '09', reason: 'x' }],
      ['PUT', `/api/archive/records/${id}/hold`, { reason: 'x', until: '2026-13-45' }],
      ['POST', '/api/archive/destructions', { title: 'x', note: 'y', recordIds: ['nope'] }],
      ['POST', `/api/archive/destructions/${id}/steps`, { step: 'explode' }],
      ['GET', '/api/archive/records?page=0', undefined],
    ];
    for (const [m, url, body] of bad) {
      const r = await clerk.request(m as 'GET', url, body);
      expect([url, r.statusCode]).toEqual([url, 400]);
      expect(typeof r.json().code).toBe('string');
    }
    expect((await clerk.get(`/api/archive/records/${id}/documents/99/copy.pdf`)).json().code).toBe(
      'archive.document_not_found',
    );
    expect((await clerk.get('/api/archive/records/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await clerk.post(`/api/archive/records/${id}/requests`, { purpose: 'Công khai' })).json().code).toBe(
      'archive.no_request_needed',
    );
  });
});

describe('retention and destruction (TT 06/2025)', () => {
  it('a legal hold blocks; without a decision nothing is destroyed; after it the package blob is gone, the residual record stays, every step audited', async () => {
    const old = await closedFile(clerk, 'HUY.01', { date: '2010-04-10', retention: '5' });
    const young = await closedFile(clerk, 'HUY.02', { date: '2026-04-10', retention: '5' });
    const t = await transfer(sys, clerk, [old.id, young.id]);
    const oldId = t.records.find((r) => r.code === old.code)!.id;
    const youngId = t.records.find((r) => r.code === young.code)!.id;
    const aip = (await recordRow(oldId)).aip_sha256!;
    const cands = (await clerk.get('/api/archive/destruction/candidates')).json() as {
      id: string;
      retentionEnded: string;
    }[];
    expect(cands.map((c) => c.id)).toEqual([oldId]);
    expect(cands[0]!.retentionEnded).toBe('2015-12-31');
    expect(
      (
        await clerk.post('/api/archive/destructions', {
          title: 'Hủy năm 2026',
          note: 'Hết thời hạn',
          recordIds: [youngId],
        })
      ).json().code,
    ).toBe('archive.not_expired');

    // A hold blocks the proposal…
    expect(
      (
        await clerk.request('PUT', `/api/archive/records/${oldId}/hold`, {
          reason: 'Đang thanh tra',
          until: '2030-01-01',
        })
      ).statusCode,
    ).toBe(204);
    const held = await clerk.post('/api/archive/destructions', {
      title: 'Hủy năm 2026',
      note: 'Hết thời hạn bảo quản',
      recordIds: [oldId],
    });
    expect(held.statusCode).toBe(409);
    expect(held.json().code).toBe('archive.legal_hold');
    expect((await clerk.del(`/api/archive/records/${oldId}/hold`)).statusCode).toBe(204);
    const d = await clerk.post('/api/archive/destructions', {
      title: 'Hủy năm 2026',
      note: 'Hết thời hạn bảo quản',
      recordIds: [oldId],
    });
    expect(d.statusCode).toBe(200);
    const did = d.json().id as string;
    const step = (c: Client, body: unknown) => c.post(`/api/archive/destructions/${did}/steps`, body);
    // A set frozen at once (Ag): both records held in one transaction, an unknown id changes nothing.
    expect(
      (
        await clerk.request('PUT', '/api/archive/holds', {
          recordIds: [youngId, '00000000-0000-4000-8000-000000000000'],
          reason: 'Thanh tra',
        })
      ).statusCode,
    ).toBe(404);
    expect((await recordRow(youngId)).hold_reason).toBeNull();
    expect(
      (await reader.request('PUT', '/api/archive/holds', { recordIds: [youngId], reason: 'Thanh tra' })).statusCode,
    ).toBe(403);
    expect(
      (await clerk.request('PUT', '/api/archive/holds', { recordIds: [youngId, oldId], reason: 'Thanh tra' })).json(),
    ).toEqual({ held: 2 });
    expect((await step(clerk, { step: 'council', councilRef: 'QĐ 11', members: [] })).statusCode).toBe(400);
    expect(
      (
        await step(clerk, {
          step: 'council',
          councilRef: 'QĐ 11/QĐ-BNV',
          members: [
            (await recordRow(oldId)).hold_by!,
            (await recordRow(oldId)).hold_by!,
            (await recordRow(oldId)).hold_by!,
          ],
        })
      ).json().code,
    ).toBe('archive.legal_hold');
    await clerk.del(`/api/archive/records/${oldId}/hold`);
    // …and any later step. Executing before the decision: refused, nothing destroyed.
    expect((await step(clerk, { step: 'execute', minutes: 'Đã hủy' })).json().code).toBe('archive.step_order');
    const users = await sys.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', 'in', ['vanthu', 'chanhvp', 'cuctruong.vtlt'])
      .execute();
    expect(
      (await step(clerk, { step: 'council', councilRef: 'QĐ 12/QĐ-BNV', members: users.map((u) => u.id) })).statusCode,
    ).toBe(200);
    await clerk.request('PUT', `/api/archive/records/${oldId}/hold`, { reason: 'Yêu cầu của tòa án' });
    const blocked = await step(clerk, { step: 'review', minutes: 'Hội đồng thống nhất hủy' });
    expect(blocked.json().code).toBe('archive.legal_hold');
    expect((await clerk.get(`/api/archive/destructions/${did}`)).json().status).toBe('council');
    await clerk.del(`/api/archive/records/${oldId}/hold`);
    expect((await step(clerk, { step: 'review', minutes: 'Hội đồng thống nhất hủy' })).statusCode).toBe(200);
    expect((await step(clerk, { step: 'appraisal', appraisal: 'Sở Nội vụ thẩm định đồng ý' })).statusCode).toBe(200);
    expect(
      (await step(clerk, { step: 'decide', decisionRef: 'QĐ 20/QĐ-BNV', decisionDate: '2026-06-01' })).statusCode,
    ).toBe(403);
    expect((await recordRow(oldId)).status).toBe('archived');
    expect(await sys.deps.blobs.exists(aip)).toBe(true);
    const leader = await sys.login('botruong');
    const today = new Date().toISOString().slice(0, 10);
    expect((await step(leader, { step: 'decide', decisionRef: 'QĐ 20/QĐ-BNV', decisionDate: today })).statusCode).toBe(
      200,
    );
    const done = await step(clerk, { step: 'execute', minutes: 'Đã hủy bằng xóa dữ liệu' });
    expect(done.statusCode).toBe(200);
    await drainJobs(sys);

    const rec = await recordRow(oldId);
    expect(rec.status).toBe('destroyed');
    expect(rec.aip_sha256).toBeNull();
    expect(await sys.deps.blobs.exists(aip)).toBe(false);
    expect(
      await sys.deps.db.selectFrom('blobs').select('sha256').where('sha256', '=', aip).executeTakeFirst(),
    ).toBeUndefined();
    // The residual record: list, decision, hashes.
    const res = (await clerk.get(`/api/archive/destructions/${did}`)).json();
    expect(res).toMatchObject({ status: 'destroyed', decisionRef: 'QĐ 20/QĐ-BNV' });
    expect(res.items[0]).toMatchObject({ code: old.code, aipSha256: aip, status: 'destroyed' });
    expect(res.items[0].docHashes.flatMap((x: { sha256: string[] }) => x.sha256).sort()).toEqual([...old.shas].sort());
    expect((await clerk.get(`/api/archive/records/${oldId}/aip`)).json().code).toBe('archive.destroyed');
    expect((await clerk.get(`/api/archive/records/${oldId}`)).json().destroyedAt).not.toBeNull();
    // The other record's package is untouched.
    expect(await sys.deps.blobs.exists((await recordRow(youngId)).aip_sha256!)).toBe(true);
    const actions = res.history.map((h: { action: string }) => h.action);
    expect(actions).toEqual([
      'archive.destruction.propose',
      'archive.destruction.council',
      'archive.destruction.review',
      'archive.destruction.appraisal',
      'archive.destruction.decide',
      'archive.destruction.execute',
    ]);
    const holds = await sys.deps.db
      .selectFrom('audit_events')
      .select('action')
      .where('entity_id', '=', oldId)
      .execute();
    expect(holds.map((h) => h.action)).toEqual(
      expect.arrayContaining(['archive.hold.set', 'archive.hold.release', 'archive.record.destroy']),
    );
    const minutes = pdfText((await clerk.get(`/api/archive/destructions/${did}/minutes.pdf`)).rawPayload);
    expect(minutes).toContain('BIÊN BẢN HỦY');
    expect(minutes).toContain(aip);
  });
});

describe('demo seed', () => {
  it('transfers two closed files of the demo office: one expired (Xem xét hủy), one restricted', async () => {
    expect(await seedArchiveDemo(sys.deps, sys.app)).toBe(2);
    await drainJobs(sys);
    const list = (await reader.get('/api/archive/records?q=LT.0')).json() as {
      items: { code: string; mode: string; status: string }[];
    };
    expect(list.items.map((i) => [i.code.slice(-10), i.mode, i.status]).sort()).toEqual([
      ['2015.LT.01', '01', 'archived'],
      ['2025.LT.02', '02', 'archived'],
    ]);
    const cands = (await clerk.get('/api/archive/destruction/candidates')).json() as { code: string }[];
    expect(cands.map((c) => c.code)).toContain('000.00.00.G09.2015.LT.01');
  });
});
