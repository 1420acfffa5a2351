/**
 * Mail (issue 18, acceptance 5): mails sent per second through the outbox to an in-process SMTP server.
 * A real server process (its job worker sends) with SMTP_URL pointing at smtp-server in this process; the bench
 * writes each mail with the server's own queueMail (outbox row + job in one transaction, as a change would) in
 * batches, and counts from the first commit to the last message accepted by SMTP. Three rounds, median.
 */
import { createDb } from '../apps/server/src/db/database';
import { MAIL_TEMPLATES, queueMail } from '../apps/server/src/modules/notify';
import { startTestSmtp } from '../apps/server/src/modules/notify/notify.smtp.testkit';
import { emit, median, startServerProcess } from './lib/server';

const MAILS = Number(process.env.MAIL_BENCH_MAILS ?? 400);
const ROUNDS = 3;
const smtp = await startTestSmtp();
smtp.rawOnly = true;
const server = await startServerProcess({ SMTP_URL: smtp.url });
const { db, pool } = createDb(server.dbUrl, { max: 4 });
try {
  const organ = await db.selectFrom('organs').select('id').orderBy('created_at').executeTakeFirstOrThrow();
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const target = smtp.count + MAILS;
    const t0 = performance.now();
    for (let i = 0; i < MAILS; i += 20)
      await db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(i + 20, MAILS); j++)
          await queueMail(trx, {
            organId: organ.id,
            to: `canbo${j}@demo.vanthu.vn`,
            ...MAIL_TEMPLATES.invitation({
              title: `Họp giao ban tuần số ${round}-${j}`,
              when: '08:00 ngày 07/12/2026',
              place: 'Phòng họp số 1',
              chair: 'Bộ trưởng',
            }),
          });
      });
    await smtp.waitFor(target, 300_000);
    const s = (performance.now() - t0) / 1000;
    rates.push(MAILS / s);
  }
  const sent = await db
    .selectFrom('mail_outbox')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  emit('mail.send', 'throughput', Math.round(median(rates) * 10) / 10, 'mail/s', {
    rounds: rates.map((r) => Math.round(r)),
    mails: MAILS,
    outboxSent: Number(sent.n),
  });
} finally {
  await pool.end();
  await server.stop();
  await smtp.close();
}
