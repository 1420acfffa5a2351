import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { verifyPdf } from '@vanthu/pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { JobWorker } from '../jobs';
import { demoCaCertificate } from './signing.keys';
import { signingPortFor } from './signing.port';
import { draftPdf, SIGNER_RECT, tamper, upload } from './signing.testkit';

let sys: TestSystem;
let leader: Client;
let signed: Uint8Array;

beforeAll(async () => {
  sys = await createTestSystem();
  leader = await sys.login('thutruong');
  const user = await sys.deps.db
    .selectFrom('users')
    .select(['id', 'full_name', 'organ_id'])
    .where('username', '=', 'thutruong')
    .executeTakeFirstOrThrow();
  const organ = await sys.deps.db
    .selectFrom('organs')
    .select(['id', 'name'])
    .where('id', '=', user.organ_id)
    .executeTakeFirstOrThrow();
  const port = signingPortFor(sys.deps);
  const person = await port.signAsPerson(await draftPdf(), {
    userId: user.id,
    fullName: user.full_name,
    organName: organ.name,
    reason: 'Phê duyệt',
    appearance: { rect: SIGNER_RECT },
  });
  const both = await port.signAsOrgan(person.pdf, organ, {
    reason: 'Ký số của cơ quan',
    seal: { signerRect: SIGNER_RECT },
  });
  expect([person.method, both.method]).toEqual(['pades', 'pades']);
  signed = both.pdf;
});
afterAll(async () => sys.stop());

describe('demo signing: person then organ', () => {
  it('both signatures verify valid with the demo CA as the only anchor, each an incremental update', async () => {
    const r = await verifyPdf(signed, {
      trustAnchors: [await demoCaCertificate(sys.deps)],
      revocationPolicy: 'lenient',
    });
    expect(r.signatures.map((s) => [s.signerName, s.verdict, s.integrity.ok, s.chain.trusted])).toEqual([
      ['Vũ Chiến Thắng', 'valid', true, true],
      ['Bộ Nội vụ', 'valid', true, true],
    ]);
    expect(r.signatures[0]!.changesAfter.every((c) => c.allowed)).toBe(true);
    expect(r.revisions).toBe(3);
  });

  it('poppler pdfsig agrees (demo CA imported into a temporary NSS database)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signing-nss-'));
    try {
      execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${dir}`]);
      writeFileSync(join(dir, 'ca.der'), await demoCaCertificate(sys.deps));
      execFileSync('certutil', ['-A', '-n', 'demo-ca', '-t', 'CT,C,C', '-i', join(dir, 'ca.der'), '-d', `sql:${dir}`]);
      writeFileSync(join(dir, 'doc.pdf'), signed);
      let out: string;
      try {
        out = execFileSync('pdfsig', ['-nssdir', `sql:${dir}`, join(dir, 'doc.pdf')], { encoding: 'utf8' });
      } catch (e) {
        out = (e as { stdout?: string }).stdout ?? '';
      }
      expect(out.match(/Signature Validation: Signature is Valid\./g)?.length).toBe(2);
      expect(out.match(/Certificate Validation: Certificate is Trusted\./g)?.length).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('verification on ingest', () => {
  it('an uploaded signed PDF and a tampered copy get stored reports with the right verdicts', async () => {
    const ok = await upload(leader, signed, 'da-ky.pdf');
    const bad = await upload(leader, tamper(signed), 'bi-sua.pdf');
    expect([ok.statusCode, bad.statusCode]).toEqual([200, 200]);
    const jobs = await sys.deps.db
      .selectFrom('jobs')
      .select(['payload'])
      .where('kind', '=', 'signing.verify_pdf')
      .execute();
    expect(jobs.map((j) => (j.payload as { sha256: string }).sha256)).toEqual(
      expect.arrayContaining([ok.json().sha256, bad.json().sha256]),
    );
    while ((await new JobWorker(sys.deps.db, sys.deps.jobs).runOnce()) > 0) {
      /* drain */
    }
    const rows = await sys.deps.db
      .selectFrom('signature_reports')
      .select(['sha256', 'verdict', 'trust_fingerprint'])
      .execute();
    const verdictOf = (sha: string) => rows.find((r) => r.sha256 === sha)?.verdict;
    expect(verdictOf(ok.json().sha256)).toBe('valid');
    expect(verdictOf(bad.json().sha256)).toBe('invalid');
    const done = await sys.deps.db
      .selectFrom('jobs')
      .select('state')
      .where('kind', '=', 'signing.verify_pdf')
      .execute();
    expect(done.every((j) => j.state === 'done')).toBe(true);

    const panel = await leader.get(`/api/signatures/${bad.json().id}`);
    expect(panel.statusCode).toBe(200);
    const body = panel.json();
    expect(body.verdictLabel).toBe('Không hợp lệ');
    expect(body.signatures[0].verdict).toBe('invalid');
    expect(body.signatures[0].reasons.map((x: { code: string }) => x.code)).toContain('sig.digest_mismatch');
    expect(body.signatures[0].reasons[0].message).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ]/);
    const good = (await leader.get(`/api/signatures/${ok.json().id}`)).json();
    expect(
      good.signatures.map((s: { signerName: string; verdictLabel: string; chainTrusted: boolean }) => [
        s.signerName,
        s.verdictLabel,
        s.chainTrusted,
      ]),
    ).toEqual([
      ['Vũ Chiến Thắng', 'Hợp lệ', true],
      ['Bộ Nội vụ', 'Hợp lệ', true],
    ]);
    expect(
      good.signatures[0].changesAfter.map((c: { kind: string; allowed: boolean }) => [c.kind, c.allowed]),
    ).toContainEqual(['signature', true]);
    expect(good.signatures[0].revocation.status).toBe('unknown');
  });

  it('a PDF above the size limit is not loaded for automatic verification; asking for it answers a stable code', async () => {
    const limit = sys.deps.config.signing.verifyMaxBytes;
    sys.deps.config.signing.verifyMaxBytes = 4096;
    try {
      const big = Buffer.concat([Buffer.from(signed), Buffer.alloc(8192, 0x20)]);
      const up = await upload(leader, big, 'lon.pdf');
      expect(up.statusCode).toBe(200);
      while ((await new JobWorker(sys.deps.db, sys.deps.jobs).runOnce()) > 0) {
        /* drain */
      }
      const job = await sys.deps.db
        .selectFrom('jobs')
        .select(['state', 'payload'])
        .where('kind', '=', 'signing.verify_pdf')
        .execute();
      expect(job.find((j) => (j.payload as { sha256: string }).sha256 === up.json().sha256)?.state).toBe('done');
      expect(
        await sys.deps.db
          .selectFrom('signature_reports')
          .select('sha256')
          .where('sha256', '=', up.json().sha256)
          .execute(),
      ).toHaveLength(0);
      const r = await leader.get(`/api/signatures/${up.json().id}`);
      expect(r.statusCode).toBe(413);
      expect(r.json().code).toBe('signing.file_too_large');
    } finally {
      sys.deps.config.signing.verifyMaxBytes = limit;
    }
  });

  it('a report is computed on demand when missing, and other organs get 404', async () => {
    const up = await upload(leader, await draftPdf('Chua ky'), 'chua-ky.pdf');
    // Nothing that looks like a signature: no background job; the panel verifies on demand.
    const queued = await sys.deps.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'signing.verify_pdf')
      .execute();
    expect(queued.map((j) => (j.payload as { sha256: string }).sha256)).not.toContain(up.json().sha256);
    const r = (await leader.get(`/api/signatures/${up.json().id}`)).json();
    expect(r.verdict).toBe('unsigned');
    expect(r.problems.map((p: { code: string }) => p.code)).toEqual(['pdf.no_signatures']);
    const other = await sys.login('snv.vanthu');
    const denied = await other.get(`/api/signatures/${up.json().id}`);
    expect(denied.statusCode).toBe(404);
    expect(denied.json().code).toBe('signing.not_found');
  });
});
