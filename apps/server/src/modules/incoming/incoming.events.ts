import { z } from 'zod';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { enqueue, type JobDef } from '../jobs';

/** edXML status codes the exchange module sends back to the sender (exchange.md): 02 rejected, 03 accepted, 04 assigned, 05 in progress, 06 done. */
export type IncomingStatusCode = '02' | '03' | '04' | '05' | '06';

export const StatusEvent = z.object({
  organId: z.string().uuid(),
  documentId: z.string().uuid(),
  code: z.enum(['02', '03', '04', '05', '06']),
  description: z.string().max(2000),
  at: z.string(),
  actorName: z.string().nullable().optional(),
});
export type IncomingStatusEvent = z.infer<typeof StatusEvent>;
/** A listener gets each event at least once, with the job id as idempotency key. */
export type IncomingStatusListener = (
  event: IncomingStatusEvent,
  ctx: { eventId: string; deps: Deps },
) => Promise<void>;

const listeners: IncomingStatusListener[] = [];

/** The exchange module registers here to turn status changes into edXML status packages. Returns an unsubscribe function. */
export function onIncomingStatus(listener: IncomingStatusListener): () => void {
  listeners.push(listener);
  return () => {
    const i = listeners.indexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

export const STATUS_JOB = 'incoming.status_changed';

export function defineStatusJob(deps: Deps): JobDef<typeof StatusEvent> {
  return deps.jobs.define({
    kind: STATUS_JOB,
    schema: StatusEvent,
    handler: async (event, ctx) => {
      for (const l of [...listeners]) await l(event, { eventId: ctx.jobId, deps });
    },
  });
}

/**
 * Enqueued in the caller's transaction: the event exists only if the change commits. The statuses are for the
 * sender of an electronic document (edXML 02–06); a paper document has no sender to tell, so it emits nothing
 * (and its registration, the clerk's hottest path, costs no job).
 */
export async function emitStatus(
  trx: DbOrTrx,
  source: 'paper' | 'edxml' | 'email',
  e: Omit<IncomingStatusEvent, 'at'> & { at?: Date },
): Promise<void> {
  if (source !== 'edxml') return;
  await enqueue(
    trx,
    STATUS_JOB,
    { ...e, at: (e.at ?? new Date()).toISOString() },
    { organId: e.organId, uniqueKey: `${e.documentId}:${e.code}:${(e.at ?? new Date()).getTime()}` },
  );
}
