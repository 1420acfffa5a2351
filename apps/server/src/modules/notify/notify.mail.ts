/**
 * The mail outbox: queueMail writes a row and enqueues its sending job in the caller's transaction (a rolled-back
 * change sends nothing); the job sends it through nodemailer to SMTP_URL with the queue's retries and backoff,
 * and marks the row 'dead' with the reason after the last attempt. Without SMTP_URL the row is kept as
 * 'no_transport' (nothing is lost; an operator can configure mail and retry).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import { z } from 'zod';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { enqueue, type JobDef } from '../jobs';

export const SEND_MAIL = 'notify.send_mail';
const SendMail = z.object({ outboxId: z.string().uuid() });
export const MAIL_MAX_ATTEMPTS = 5;

export interface MailInput {
  organId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** An iCalendar object sent as text/calendar (METHOD given by icsMethod, e.g. REQUEST) and as invite.ics. */
  ics?: string | null;
  icsMethod?: 'REQUEST' | 'CANCEL' | 'PUBLISH' | 'REPLY' | null;
  related?: { type: string; id: string };
}

/** Writes the outbox row and its job inside the caller's transaction. Returns the outbox id. */
export async function queueMail(trx: DbOrTrx, m: MailInput): Promise<string> {
  const row = await trx
    .insertInto('mail_outbox')
    .values({
      organ_id: m.organId,
      to_addr: m.to,
      subject: m.subject,
      html: m.html,
      text_body: m.text,
      ics: m.ics ?? null,
      ics_method: m.ics ? (m.icsMethod ?? 'REQUEST') : null,
      related_type: m.related?.type ?? null,
      related_id: m.related?.id ?? null,
      last_error: null,
      message_id: null,
      sent_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueue(trx, SEND_MAIL, { outboxId: row.id }, { organId: m.organId, maxAttempts: MAIL_MAX_ATTEMPTS });
  return row.id;
}

let cached: { url: string; t: Transporter } | null = null;
/** The SMTP transport for SMTP_URL (read when a mail is sent, so a test or an operator may set it late). */
export function mailTransport(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (cached?.url !== url) {
    cached?.t.close();
    // Pooled: a connection per message costs ~110 ms of SMTP handshake (bench/mail.bench.ts); a pool reuses them.
    const pooled = new URL(url);
    if (!pooled.searchParams.has('pool')) pooled.searchParams.set('pool', 'true');
    if (!pooled.searchParams.has('maxConnections')) pooled.searchParams.set('maxConnections', '3');
    cached = { url, t: nodemailer.createTransport(pooled.toString(), { from: mailFrom() }) };
  }
  return cached.t;
}
export const mailFrom = () => process.env.MAIL_FROM ?? '"Văn thư điện tử" <vanthu@localhost>';
/** The bare address of MAIL_FROM (the organizer of invitations, so .ics replies come back to the mailbox). */
export const mailFromAddress = () => /<([^>]+)>/.exec(mailFrom())?.[1] ?? mailFrom().trim();

export async function sendOutboxRow(
  deps: Deps,
  outboxId: string,
  ctx: { attempt: number; maxAttempts: number },
): Promise<void> {
  const row = await deps.db.selectFrom('mail_outbox').selectAll().where('id', '=', outboxId).executeTakeFirst();
  if (!row || row.status === 'sent' || row.status === 'dead') return;
  const t = mailTransport();
  if (!t) {
    await deps.db
      .updateTable('mail_outbox')
      .set({ status: 'no_transport', last_error: 'Chưa cấu hình máy chủ thư (SMTP_URL).' })
      .where('id', '=', outboxId)
      .execute();
    return;
  }
  try {
    const info = await t.sendMail({
      from: mailFrom(),
      to: row.to_addr,
      subject: row.subject,
      html: row.html,
      text: row.text_body,
      ...(row.ics
        ? {
            icalEvent: {
              method: (row.ics_method ?? 'REQUEST').toLowerCase(),
              filename: 'invite.ics',
              content: row.ics,
            },
          }
        : {}),
      headers: { 'X-Vanthu-Outbox': row.id },
    });
    await deps.db
      .updateTable('mail_outbox')
      .set({
        status: 'sent',
        sent_at: new Date(),
        attempts: ctx.attempt,
        message_id: info.messageId ?? null,
        last_error: null,
      })
      .where('id', '=', outboxId)
      .execute();
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const dead = ctx.attempt >= ctx.maxAttempts;
    await deps.db
      .updateTable('mail_outbox')
      .set({ status: dead ? 'dead' : 'pending', attempts: ctx.attempt, last_error: msg.slice(0, 2000) })
      .where('id', '=', outboxId)
      .execute();
    throw err;
  }
}

export function defineMailJobs(deps: Deps): JobDef[] {
  return [
    deps.jobs.define({
      kind: SEND_MAIL,
      schema: SendMail,
      maxAttempts: MAIL_MAX_ATTEMPTS,
      handler: async (x, ctx) => {
        const job = await deps.db
          .selectFrom('jobs')
          .select('max_attempts')
          .where('id', '=', ctx.jobId)
          .executeTakeFirst();
        await sendOutboxRow(deps, x.outboxId, {
          attempt: ctx.attempt,
          maxAttempts: job?.max_attempts ?? MAIL_MAX_ATTEMPTS,
        });
      },
    }),
  ] as JobDef[];
}

// ---------- Vietnamese templates (HTML + text; nodemailer RFC 2047-encodes the subject) ----------

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface Rendered {
  subject: string;
  html: string;
  text: string;
}

/** A plain message: a greeting, paragraphs, optional key/value lines and a link. */
export function renderMail(t: {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  facts?: [string, string][];
  link?: { label: string; url: string };
}): Rendered {
  const greeting = t.greeting ?? 'Kính gửi đồng chí,';
  const facts = t.facts ?? [];
  const text = [
    greeting,
    '',
    ...t.paragraphs,
    '',
    ...facts.map(([k, v]) => `${k}: ${v}`),
    ...(t.link ? ['', `${t.link.label}: ${t.link.url}`] : []),
    '',
    '--',
    'Hệ thống quản lý văn bản và điều hành (thư tự động, không trả lời thư này).',
  ].join('\n');
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${esc(t.subject)}</title></head><body style="font-family:Arial,sans-serif;font-size:14px">
<p>${esc(greeting)}</p>${t.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}
${facts.length ? `<table cellpadding="4" style="border-collapse:collapse">${facts.map(([k, v]) => `<tr><td style="color:#555">${esc(k)}</td><td><b>${esc(v)}</b></td></tr>`).join('')}</table>` : ''}
${t.link ? `<p><a href="${esc(t.link.url)}">${esc(t.link.label)}</a></p>` : ''}
<hr><p style="color:#888;font-size:12px">Hệ thống quản lý văn bản và điều hành (thư tự động, không trả lời thư này).</p></body></html>`;
  return { subject: t.subject, html, text };
}

export const MAIL_TEMPLATES = {
  invitation: (v: { title: string; when: string; place: string; chair: string; url?: string }) =>
    renderMail({
      subject: `Giấy mời họp: ${v.title}`,
      paragraphs: [
        `Trân trọng kính mời đồng chí dự cuộc họp "${v.title}".`,
        'Đề nghị đồng chí xác nhận tham dự, từ chối hoặc cử người dự thay.',
      ],
      facts: [
        ['Thời gian', v.when],
        ['Địa điểm', v.place],
        ['Chủ trì', v.chair],
      ],
      ...(v.url ? { link: { label: 'Xem chi tiết cuộc họp', url: v.url } } : {}),
    }),
  reminder: (v: { title: string; when: string; place: string }) =>
    renderMail({
      subject: `Nhắc lịch họp: ${v.title}`,
      paragraphs: [`Cuộc họp "${v.title}" sắp bắt đầu.`],
      facts: [
        ['Thời gian', v.when],
        ['Địa điểm', v.place],
      ],
    }),
  outgoingDocument: (v: { summary: string; url?: string }) =>
    renderMail({
      subject: `Văn bản gửi đến quý cơ quan: ${v.summary}`,
      paragraphs: ['Cơ quan chúng tôi trân trọng gửi văn bản sau để quý cơ quan biết và thực hiện.', v.summary],
      ...(v.url ? { link: { label: 'Xem văn bản', url: v.url } } : {}),
    }),
  notification: (v: { title: string; body?: string | null; url?: string }) =>
    renderMail({
      subject: v.title,
      paragraphs: [v.body ?? v.title],
      ...(v.url ? { link: { label: 'Mở trên hệ thống', url: v.url } } : {}),
    }),
};
