/** Job kinds of the outgoing module: the exchange outbox hand-off, internal delivery, e-mail. Payloads re-validated at run time. */
import { z } from 'zod';
import type { Deps } from '../../deps';
import { recordAudit } from '../audit';
import { setAnswerFinder } from '../incoming';
import type { JobDef } from '../jobs';
import { MAIL_TEMPLATES, queueMail } from '../notify';
import { deliverInternal } from './outgoing.issue.service';
import { withdrawInternalCopy } from './outgoing.incoming-adapter';
import { findIssuedAnswer } from './outgoing.search.service';

export const SendExternal = z.object({
  organId: z.string().uuid(),
  outgoingId: z.string().uuid(),
  recipientOrganCode: z.string().min(1),
});
export const DeliverInternal = z.object({
  organId: z.string().uuid(),
  outgoingId: z.string().uuid(),
  recipientId: z.string().uuid(),
});
export const SendEmail = z.object({
  organId: z.string().uuid(),
  outgoingId: z.string().uuid(),
  to: z.string().email(),
});

export const SEND_EXTERNAL = 'outgoing.send_external';
export const DELIVER_INTERNAL = 'outgoing.deliver_internal';
export const SEND_EMAIL = 'outgoing.send_email';
export const WITHDRAW_INTERNAL = 'outgoing.withdraw_internal';
export const WithdrawInternal = z.object({
  organId: z.string().uuid(),
  incomingId: z.string().uuid(),
  outgoingId: z.string().uuid(),
  reason: z.string().min(1),
});
export const RecallExternal = z.object({
  organId: z.string().uuid(),
  outgoingId: z.string().uuid(),
  recipientOrganCode: z.string().min(1),
  kind: z.enum(['recall', 'update', 'replace']),
  reason: z.string(),
});

export const RECALL_EXTERNAL = 'outgoing.recall_external';
export type SendExternalJob = z.infer<typeof SendExternal>;
export type RecallExternalJob = z.infer<typeof RecallExternal>;

/**
 * Who carries issued documents to external organs. This module owns and handles both jobs; the exchange module
 * (exchange → outgoing, one way) registers itself as the carrier at boot. Read when a job runs, so the order of
 * registration does not matter; with no carrier the hand-off is recorded as waiting for the exchange.
 */
export interface ExternalCarrier {
  send: (deps: Deps, x: SendExternalJob) => Promise<void>;
  recall: (deps: Deps, x: RecallExternalJob) => Promise<void>;
}
let carrier: ExternalCarrier | null = null;
export function setExternalCarrier(c: ExternalCarrier | null): void {
  carrier = c;
}

export function defineOutgoingJobs(deps: Deps): JobDef[] {
  // an incoming document is completed "answered by" an issued outgoing one: outgoing tells incoming how to find it
  setAnswerFinder(findIssuedAnswer);
  const system = (organId: string) => ({ userId: null, name: 'Hệ thống', organId });
  return [
    deps.jobs.define({
      kind: SEND_EXTERNAL,
      schema: SendExternal,
      // The exchange carries it; without a carrier, record that the document waits for exchange.
      handler: async (x) => {
        if (carrier) return carrier.send(deps, x);
        await deps.db.transaction().execute(async (trx) => {
          await recordAudit(trx, system(x.organId), {
            action: 'outgoing.queued_for_exchange',
            entityType: 'outgoing',
            entityId: x.outgoingId,
            summary: `Chờ gửi liên thông tới ${x.recipientOrganCode}`,
          });
        });
      },
    }),
    deps.jobs.define({
      kind: WITHDRAW_INTERNAL,
      schema: WithdrawInternal,
      // Idempotent: withdrawing an already withdrawn copy changes nothing.
      handler: async (x) =>
        void (await withdrawInternalCopy(
          deps,
          { userId: null, name: 'Hệ thống (thu hồi văn bản đi)', organId: x.organId },
          { organId: x.organId, incomingId: x.incomingId, reason: x.reason },
        )),
    }),
    deps.jobs.define({
      kind: DELIVER_INTERNAL,
      schema: DeliverInternal,
      handler: async (x) => deliverInternal(deps, x.organId, x.outgoingId, x.recipientId),
    }),
    deps.jobs.define({
      kind: RECALL_EXTERNAL,
      schema: RecallExternal,
      // The exchange tells the recipient (edXML recall status); without a carrier, recorded as waiting.
      handler: async (x) => {
        if (carrier) return carrier.recall(deps, x);
        await deps.db.transaction().execute(async (trx) => {
          await recordAudit(trx, system(x.organId), {
            action: 'outgoing.recall_queued',
            entityType: 'outgoing',
            entityId: x.outgoingId,
            summary: `Chờ báo thu hồi liên thông tới ${x.recipientOrganCode}`,
          });
        });
      },
    }),
    deps.jobs.define({
      kind: SEND_EMAIL,
      schema: SendEmail,
      // Handed to the notify module's mail outbox (SMTP_URL; retries and dead letters there), with the hand-off recorded.
      handler: async (x) => {
        await deps.db.transaction().execute(async (trx) => {
          const doc = await trx
            .selectFrom('outgoing_docs')
            .select(['subject', 'number_notation'])
            .where('id', '=', x.outgoingId)
            .where('organ_id', '=', x.organId)
            .executeTakeFirst();
          const summary = doc ? `${doc.number_notation ?? ''} ${doc.subject}`.trim() : x.outgoingId;
          await queueMail(trx, {
            organId: x.organId,
            to: x.to,
            ...MAIL_TEMPLATES.outgoingDocument({ summary }),
            related: { type: 'outgoing', id: x.outgoingId },
          });
          await recordAudit(trx, system(x.organId), {
            action: 'outgoing.email_queued',
            entityType: 'outgoing',
            entityId: x.outgoingId,
            summary: `Chờ gửi thư điện tử tới ${x.to}`,
          });
        });
      },
    }),
  ] as JobDef[];
}
