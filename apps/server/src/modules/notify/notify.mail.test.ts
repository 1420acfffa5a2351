import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { JobWorker } from '../jobs';
import { MAIL_TEMPLATES, queueMail, SEND_MAIL } from './index';
import { startTestSmtp, type TestSmtp } from './notify.smtp.testkit';

let sys: TestSystem;
let smtp: TestSmtp;
let worker: JobWorker;
let organId: string;
beforeAll(async () => {
  sys = await createTestSystem();
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
  worker = new JobWorker(sys.deps.db, sys.deps.jobs, { backoffBaseMs: 5, backoffMaxMs: 20 });
  organId = (
    await sys.deps.db.selectFrom('organs').select('id').where('code', '=', '000.00.00.G09').executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
  await sys.stop();
});

/** Runs the queue until no mail job is pending (retries included). */
async function drain() {
  for (let i = 0; i < 200; i++) {
    await worker.runOnce();
    const left = await sys.deps.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', SEND_MAIL)
      .where('state', 'in', ['pending', 'running'])
      .execute();
    if (!left.length) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('mail jobs did not finish');
}

describe('mail outbox', () => {
  it('a Vietnamese subject and body arrive intact over SMTP', async () => {
    const m = MAIL_TEMPLATES.invitation({
      title: 'Họp giao ban Bộ — quý I/2026',
      when: '08:00 ngày 12/01/2026',
      place: 'Phòng họp số 1, tầng 3',
      chair: 'Phạm Thị Thanh Trà',
    });
    const id = await sys.deps.db
      .transaction()
      .execute((trx) => queueMail(trx, { organId, to: 'botruong@demo.vanthu.vn', ...m }));
    expect(
      (await sys.deps.db.selectFrom('mail_outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status,
    ).toBe('pending');
    await drain();
    await smtp.waitFor(1);
    const got = smtp.received.at(-1)!;
    // nodemailer encoded it (RFC 2047) on the wire; the parser gives back the exact Vietnamese text.
    expect(got.raw.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(got.parsed.subject).toBe('Giấy mời họp: Họp giao ban Bộ — quý I/2026');
    expect(got.parsed.text).toContain('Trân trọng kính mời đồng chí dự cuộc họp "Họp giao ban Bộ — quý I/2026".');
    expect(got.parsed.text).toContain('Địa điểm: Phòng họp số 1, tầng 3');
    expect(got.parsed.html).toContain('Phạm Thị Thanh Trà');
    expect(got.rcpt).toEqual(['botruong@demo.vanthu.vn']);
    const row = await sys.deps.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.sent_at).not.toBeNull();
  });

  it('a rolled-back change sends nothing', async () => {
    const before = smtp.count;
    const marker = `Thư không được gửi ${Date.now()}`;
    await expect(
      sys.deps.db.transaction().execute(async (trx) => {
        await queueMail(trx, {
          organId,
          to: 'vanthu@demo.vanthu.vn',
          ...MAIL_TEMPLATES.notification({ title: marker }),
        });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await drain();
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.count).toBe(before);
    expect(
      await sys.deps.db.selectFrom('mail_outbox').select('id').where('subject', '=', marker).execute(),
    ).toHaveLength(0);
  });

  it('a failing server causes retries, then a dead letter with the reason', async () => {
    smtp.failWith = 'Hộp thư tạm thời không nhận thư';
    try {
      const id = await sys.deps.db.transaction().execute((trx) =>
        queueMail(trx, {
          organId,
          to: 'chanhvp@demo.vanthu.vn',
          ...MAIL_TEMPLATES.notification({ title: 'Thư sẽ thất bại' }),
        }),
      );
      await drain();
      const row = await sys.deps.db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('dead');
      expect(row.attempts).toBe(5);
      expect(row.last_error).toMatch(/451/);
      const job = await sys.deps.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', SEND_MAIL)
        .where('state', '=', 'dead')
        .execute();
      expect(job.some((j) => (j.payload as { outboxId: string }).outboxId === id && j.attempts === 5)).toBe(true);
    } finally {
      smtp.failWith = null;
    }
  });
});
