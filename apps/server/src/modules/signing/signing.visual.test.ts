import { createHash } from 'node:crypto';
import { beginUpdate } from '@vanthu/pades';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../../test/factory';
import { enqueue, JobWorker } from '../jobs';
import { signingPortFor } from './signing.port';
import { draftPdf, SIGNER_RECT, upload } from './signing.testkit';
import { VISUAL_CHECK } from './signing.visual';

let sys: TestSystem;
let leader: Client;
let signed: Uint8Array;

const drain = async () => {
  while ((await new JobWorker(sys.deps.db, sys.deps.jobs).runOnce()) > 0) {
    /* drain */
  }
};

/** An incremental update after signing that paints a black box over page 1: it shows, the signature stays intact. */
async function overpainted(pdf: Uint8Array): Promise<Uint8Array> {
  const u = await beginUpdate(pdf);
  const page = u.doc.getPage(0);
  const ctx = u.doc.context;
  page.node.addContentStream(ctx.register(ctx.stream('q 0 0 0 rg 72 500 300 120 re f Q')));
  return u.finish([page.ref]).bytes;
}

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
  const r = await signingPortFor(sys.deps).signAsPerson(await draftPdf(), {
    userId: user.id,
    fullName: user.full_name,
    organName: organ.name,
    reason: 'Phê duyệt',
    appearance: { rect: SIGNER_RECT },
  });
  signed = r.pdf;
});
afterAll(async () => sys.stop());

describe('visual second opinion as a background job (issue 12)', () => {
  it('a signed upload is compared in a job after verification: same as signed; a later overpaint: different, page 1', async () => {
    const ok = await upload(leader, signed, 'da-ky.pdf');
    const painted = await overpainted(signed);
    const bad = await upload(leader, painted, 'to-den.pdf');
    expect([ok.statusCode, bad.statusCode]).toEqual([200, 200]);
    // nothing visual runs on the request path: right after upload there is no visual result yet
    const early = (await leader.get(`/api/signatures/${ok.json().id}`)).json();
    expect(early.visual === null || early.visual.status === 'pending').toBe(true);

    await drain();
    const jobs = await sys.deps.db
      .selectFrom('jobs')
      .select(['payload', 'state'])
      .where('kind', '=', VISUAL_CHECK)
      .execute();
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(jobs.map((j) => (j.payload as { sha256: string }).sha256).sort()).toEqual(
      [sha(signed), sha(painted)].sort(),
    );
    expect(jobs.every((j) => j.state === 'done')).toBe(true);

    const same = (await leader.get(`/api/signatures/${ok.json().id}`)).json();
    expect(same.verdict).toBe('valid');
    expect(same.visual).toMatchObject({ status: 'same', pages: [] });
    expect(same.visual.label).toContain('như lúc ký');
    expect(same.visual.checkedAt).toEqual(expect.any(String));

    const diff = (await leader.get(`/api/signatures/${bad.json().id}`)).json();
    // the modification analysis already refuses the new page content; the render confirms it is visible, on page 1
    expect(diff.verdict).toBe('invalid');
    expect(diff.visual).toMatchObject({ status: 'different', pages: [1] });
    expect(diff.visual.label).toContain('trang 1');
  }, 120_000);

  it('an unsigned PDF gets no visual job; a second upload of the same content does not queue it again', async () => {
    const before = await sys.deps.db.selectFrom('jobs').select('id').where('kind', '=', VISUAL_CHECK).execute();
    const plain = await upload(leader, await draftPdf('Khong ky'), 'khong-ky.pdf');
    const again = await upload(leader, signed, 'da-ky-lan-2.pdf');
    await drain();
    expect((await leader.get(`/api/signatures/${plain.json().id}`)).json().visual).toBeNull();
    expect((await leader.get(`/api/signatures/${again.json().id}`)).json().visual.status).toBe('same');
    const after = await sys.deps.db.selectFrom('jobs').select('id').where('kind', '=', VISUAL_CHECK).execute();
    expect(after.length).toBe(before.length);
  }, 60_000);

  it('a file the renderer cannot read ends as error with a label, not a job retried forever', async () => {
    const sha256 = 'f'.repeat(64);
    await sys.deps.db.insertInto('signature_visual_checks').values({ sha256, status: 'pending' }).execute();
    await enqueue(sys.deps.db, VISUAL_CHECK, { sha256 });
    await drain();
    const row = await sys.deps.db
      .selectFrom('signature_visual_checks')
      .select(['status', 'result'])
      .where('sha256', '=', sha256)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('error');
    expect((row.result as { error: string }).error.length).toBeGreaterThan(0);
  });
});
