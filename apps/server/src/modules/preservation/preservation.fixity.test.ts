/**
 * Fixity with a second copy (issue 16 acceptance 2): every blob is written to the mirror before the upload is
 * acknowledged; one byte flipped in a stored blob → the sweep reports it and repairs it from the mirror; a deleted
 * blob → repaired; both copies damaged → incident, the blob marked damaged and its download refused with a clear
 * message (blobs.damaged) — and repaired from the latest backup once one holds it. A read that meets changed bytes
 * before the sweep does never completes as if intact, and has the blob repaired.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { backup } from './preservation.backup';
import { fixitySweep, sliceSize } from './preservation.fixity';
import { fixityEnv } from './index';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-fixity-'));
const mirror = path.join(tmp, 'mirror');
const backups = path.join(tmp, 'backups');
let sys: TestSystem;
let clerk: Client;
beforeAll(async () => {
  sys = await createTestSystem({ VANTHU_BLOB_MIRROR: mirror, VANTHU_BACKUP_TARGETS: backups });
  clerk = await sys.login('vanthu');
});
afterAll(async () => {
  await sys?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const B = '----vanthu-fixity';
const pdf = (tag: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${tag} ${randomBytes(4096).toString('base64')}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
  );
let n = 0;
/** Registers a paper document with one file; returns the document, its file and the blob's hash. */
async function doc(): Promise<{ id: string; fileId: string; sha: string; bytes: Buffer }> {
  n++;
  const bytes = pdf(`fixity-${n}`);
  const meta = {
    docTypeCode: 'cong_van',
    number: String(n),
    notation: 'FX-VP',
    issuedDate: '2026-01-05',
    issuingOrganName: 'Bộ Tài chính',
    subject: `Văn bản kiểm tra toàn vẹn ${n}`,
    urgency: 'thuong',
    confidentiality: 'thuong',
  };
  const body = Buffer.concat([
    Buffer.from(
      `--${B}\r\nContent-Disposition: form-data; name="meta"\r\n\r\n${JSON.stringify(meta)}\r\n--${B}\r\nContent-Disposition: form-data; name="files"; filename="fx-${n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${B}--\r\n`),
  ]);
  const r = await clerk.request('POST', '/api/incoming', body, {
    'content-type': `multipart/form-data; boundary=${B}`,
  });
  expect(r.statusCode, r.body).toBe(200);
  const id = (r.json() as { id: string }).id;
  const f = (
    await sys.deps.pool.query<{ file_id: string; sha256: string }>(
      'SELECT x.file_id, f.sha256 FROM incoming_files x JOIN files f ON f.id = x.file_id WHERE x.document_id = $1',
      [id],
    )
  ).rows[0]!;
  return { id, fileId: f.file_id, sha: f.sha256, bytes };
}
const primaryOf = (sha: string) => path.join(sys.dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
const mirrorOf = (sha: string) => path.join(mirror, sha.slice(0, 2), sha.slice(2, 4), sha);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const flipByte = (file: string, at = 100) => {
  const b = fs.readFileSync(file);
  b[at] = b[at]! ^ 0x01;
  fs.writeFileSync(file, b);
};
/** A full sweep over every blob (a run takes the never-checked and the oldest first). */
const sweepAll = async () => fixitySweep(sys.deps.db, fixityEnv(sys.deps), { limit: 1_000_000 });
const events = async (sha: string) =>
  (
    await sys.deps.pool.query<{ event_type: string; outcome: string; detail: Record<string, unknown> }>(
      'SELECT event_type, outcome, detail FROM preservation_events WHERE object = $1 ORDER BY id',
      [`blob:${sha}`],
    )
  ).rows;
const openIncidents = async (sha: string) =>
  (
    await sys.deps.pool.query<{ kind: string; detail: string }>(
      'SELECT kind, detail FROM preservation_incidents WHERE object = $1 AND resolved_at IS NULL',
      [`blob:${sha}`],
    )
  ).rows;
const download = (d: { id: string; fileId: string }) => clerk.request('GET', `/api/incoming/${d.id}/files/${d.fileId}`);

describe('fixity with a mirror (issue 16 acceptance 2)', () => {
  it('writes every blob to the mirror before the upload is acknowledged', async () => {
    const d = await doc();
    // the response is back: both copies are there, complete
    expect(sha256(fs.readFileSync(primaryOf(d.sha)))).toBe(d.sha);
    expect(sha256(fs.readFileSync(mirrorOf(d.sha)))).toBe(d.sha);
    const first = await sweepAll();
    expect(first.damaged).toEqual([]);
    expect(first.repaired).toBe(0);
    expect(first.checked).toBeGreaterThanOrEqual(1);
  });

  it('one byte flipped: the sweep reports it and repairs it from the mirror', async () => {
    const d = await doc();
    await sweepAll();
    flipByte(primaryOf(d.sha));
    const r = await sweepAll();
    expect(r.repaired).toBe(1);
    expect(r.damaged).toEqual([]);
    expect(sha256(fs.readFileSync(primaryOf(d.sha)))).toBe(d.sha);
    const ev = await events(d.sha);
    expect(ev.map((e) => [e.event_type, e.outcome])).toEqual([
      ['fixity check', 'failure'],
      ['replication', 'repaired'],
    ]);
    expect(ev[0]!.detail).toMatchObject({ primary: 'changed', mirror: 'ok' });
    expect(ev[1]!.detail).toMatchObject({ from: 'mirror', primary: 'repaired' });
    const dl = await download(d);
    expect(dl.statusCode).toBe(200);
    expect(sha256(dl.rawPayload)).toBe(d.sha);
  });

  it('a deleted blob is repaired from the mirror; a damaged mirror copy from the primary', async () => {
    const d = await doc();
    fs.rmSync(primaryOf(d.sha));
    const e = await doc();
    flipByte(mirrorOf(e.sha), 7);
    const r = await sweepAll();
    expect(r.damaged).toEqual([]);
    expect(r.repaired).toBe(2);
    expect(sha256(fs.readFileSync(primaryOf(d.sha)))).toBe(d.sha);
    expect(sha256(fs.readFileSync(mirrorOf(e.sha)))).toBe(e.sha);
    expect((await events(d.sha))[0]!.detail).toMatchObject({ primary: 'missing', mirror: 'ok' });
    expect((await events(e.sha))[1]!.detail).toMatchObject({ from: 'primary', mirror: 'repaired' });
  });

  it('both copies damaged: incident, the download refused with a clear message; repaired from the latest backup', async () => {
    const d = await doc();
    await sweepAll();
    flipByte(primaryOf(d.sha));
    fs.rmSync(mirrorOf(d.sha));
    const r = await sweepAll();
    expect(r.damaged).toEqual([d.sha]);
    const inc = await openIncidents(d.sha);
    expect(inc).toHaveLength(1);
    expect(inc[0]!.kind).toBe('blob.damaged');
    expect(inc[0]!.detail).toContain('không có bản sao nguyên vẹn');
    const row = (
      await sys.deps.pool.query<{ status: string; damaged_since: Date | null }>(
        'SELECT status, damaged_since FROM preservation_fixity WHERE sha256 = $1',
        [d.sha],
      )
    ).rows[0]!;
    expect(row.status).toBe('damaged');
    expect(row.damaged_since).not.toBeNull();
    const dl = await download(d);
    expect(dl.statusCode, dl.body).toBe(409);
    expect(dl.json()).toMatchObject({ code: 'blobs.damaged' });
    expect((dl.json() as { message: string }).message).toContain('Tệp bị hỏng hoặc mất');
    expect(dl.headers['content-type']).toContain('application/json');
    // the document shows the damage on its file
    const page = (await clerk.request('GET', `/api/incoming/${d.id}`)).json() as {
      files: { id: string; damaged: string | null }[];
    };
    expect(page.files.find((f) => f.id === d.fileId)!.damaged).toContain('SHA-256');
    // the admin screen's API: fixity progress and the open incident, for the system administrator only
    const admin = await sys.login('sysadmin');
    const fx = (await admin.request('GET', '/api/preservation/fixity')).json() as {
      damaged: number;
      mirror: boolean;
      checked: number;
      blobs: number;
    };
    expect(fx).toMatchObject({ damaged: 1, mirror: true });
    expect(fx.checked).toBe(fx.blobs);
    const incs = (await admin.request('GET', '/api/preservation/incidents')).json() as {
      items: { object: string; kind: string }[];
    };
    expect(incs.items).toContainEqual(expect.objectContaining({ object: `blob:${d.sha}`, kind: 'blob.damaged' }));
    const denied = await clerk.request('GET', '/api/preservation/incidents');
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'auth.forbidden' });
    expect((await admin.request('GET', '/api/preservation/backups')).statusCode).toBe(200);
    // another sweep keeps one incident, not two
    await sweepAll();
    expect(await openIncidents(d.sha)).toHaveLength(1);

    // a backup made while the blob was intact repairs it: restore the good bytes into a backup, as a past backup
    const good = await doc();
    const b = await backup(sys.deps.pool, path.join(sys.dataDir, 'blobs'), { targets: [backups], kind: 'full' });
    expect(b.manifest.damaged).toContain(d.sha); // the backup refuses to copy the damaged blob as if intact
    flipByte(primaryOf(good.sha));
    fs.rmSync(mirrorOf(good.sha));
    const r2 = await sweepAll();
    expect(r2.damaged).toEqual([d.sha]); // still no good copy of d anywhere
    expect(sha256(fs.readFileSync(primaryOf(good.sha)))).toBe(good.sha);
    expect(sha256(fs.readFileSync(mirrorOf(good.sha)))).toBe(good.sha);
    const ev = await events(good.sha);
    expect(ev.at(-1)).toMatchObject({
      event_type: 'replication',
      outcome: 'repaired',
      detail: { from: `backup:${b.manifest.id}` },
    });

    // the operator puts the original back (e.g. from older media): the next sweep clears the damage and the incident
    fs.writeFileSync(primaryOf(d.sha), d.bytes);
    await sweepAll();
    expect(await openIncidents(d.sha)).toEqual([]);
    expect(sha256(fs.readFileSync(mirrorOf(d.sha)))).toBe(d.sha);
    expect((await download(d)).statusCode).toBe(200);
    const healed = (await clerk.request('GET', `/api/incoming/${d.id}`)).json() as {
      files: { id: string; damaged: string | null }[];
    };
    expect(healed.files.find((f) => f.id === d.fileId)!.damaged).toBeNull();
  });

  it('a read that meets changed bytes before the sweep never completes as if intact, and repairs the blob', async () => {
    const d = await doc();
    flipByte(primaryOf(d.sha), 200);
    // the bytes go out as they are read, the hash is known at the end: the response is cut, never completed
    await expect(download(d)).rejects.toThrow(/destroyed before completion/);
    // the read reported the mismatch: the blob is checked and repaired from the mirror without waiting for the sweep
    await expect.poll(() => sha256(fs.readFileSync(primaryOf(d.sha))), { timeout: 5000 }).toBe(d.sha);
    expect((await events(d.sha)).map((e) => e.outcome)).toEqual(['failure', 'repaired']);
    const again = await download(d);
    expect(again.statusCode).toBe(200);
    expect(sha256(again.rawPayload)).toBe(d.sha);
  });

  it('spreads the sweep: each hourly run takes its share of the period', () => {
    expect(sliceSize(1_000_000, 90, 60)).toBe(463);
    expect(sliceSize(10, 90, 60)).toBe(1);
  });
});
