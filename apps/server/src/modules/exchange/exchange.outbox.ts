/**
 * The outbox: rows are the durable queue of packages to send. Queueing is idempotent (unique key per
 * document, recipient and message); a drainer claims ready rows with SKIP LOCKED, sends them through the
 * organ's connector and retries with backoff until the hub has accepted them (the hub itself is idempotent,
 * so a retry after a lost answer never delivers twice).
 */
import { sql } from 'kysely';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { getConnector, hubClientFor } from './exchange.connector';
import { coalesce, packageStream, type OutPackage } from './exchange.package';
import { notifyOutgoing } from './exchange.status';

export const MAX_SEND_ATTEMPTS = 30;

export interface QueueItem {
  organId: string;
  outgoingRef?: string | null;
  recipientCode: string;
  documentId: string;
  subject?: string;
  pkg: OutPackage;
}

const keyOf = (p: OutPackage) =>
  p.kind === 'edoc'
    ? { message_type: 'edoc' as const, business_type: p.business.type, status_code: '' }
    : { message_type: 'status' as const, business_type: 0, status_code: p.status.statusCode };

/** Inserts outbox rows in the caller's transaction; a row that exists already is left as it is. Returns the new row ids. */
export async function queuePackages(trx: DbOrTrx, items: QueueItem[]): Promise<string[]> {
  if (items.length === 0) return [];
  const rows = await trx
    .insertInto('exchange_outbox')
    .values(
      items.map((i) => ({
        organ_id: i.organId,
        outgoing_ref: i.outgoingRef ?? null,
        recipient_code: i.recipientCode,
        document_id: i.documentId,
        ...keyOf(i.pkg),
        subject: (i.subject ?? '').slice(0, 500),
        package: JSON.stringify(i.pkg),
        next_attempt_at: new Date(),
        updated_at: new Date(),
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['organ_id', 'document_id', 'recipient_code', 'message_type', 'business_type', 'status_code'])
        .doNothing(),
    )
    .returning('id')
    .execute();
  if (rows.length > 0) await sql`SELECT pg_notify('vanthu_exchange', 'outbox')`.execute(trx);
  return rows.map((r) => r.id);
}

interface Claimed {
  id: string;
  organ_id: string;
  recipient_code: string;
  message_type: 'edoc' | 'status';
  outgoing_ref: string | null;
  package: OutPackage;
  attempts: number;
}

/** Claims up to `limit` ready rows (of one organ, or all) for 2 minutes. */
async function claim(deps: Deps, organId: string | null, limit: number): Promise<Claimed[]> {
  const r = await sql<Claimed>`
    UPDATE exchange_outbox SET locked_until = now() + interval '2 minutes', attempts = attempts + 1, updated_at = now()
     WHERE id IN (
       SELECT id FROM exchange_outbox
        WHERE state = 'queued' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
          AND (${organId}::uuid IS NULL OR organ_id = ${organId}::uuid)
        ORDER BY next_attempt_at, created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
     RETURNING id, organ_id, recipient_code, message_type, outgoing_ref, package, attempts`.execute(deps.db);
  return r.rows;
}

export const backoffMs = (attempts: number) => Math.min(500 * 2 ** Math.max(0, attempts - 1), 30_000);

async function sendOne(deps: Deps, row: Claimed): Promise<boolean> {
  try {
    const c = await getConnector(deps.db, row.organ_id);
    if (!c || !c.enabled) throw new Error('exchange.no_connector: chưa cấu hình hoặc đã tắt kết nối liên thông');
    const from = row.package.kind === 'edoc' ? row.package.header.from.organId : row.package.status.from.organId;
    const out = await hubClientFor(c).sendEdoc(packageStream(row.package, deps.blobs, deps.now()).pipe(coalesce()), {
      from,
      messageType: row.message_type,
      to: [row.recipient_code],
    });
    await deps.db
      .updateTable('exchange_outbox')
      .set({
        state: 'sent',
        hub_doc_id: out.docId,
        sent_at: new Date(),
        locked_until: null,
        last_error: null,
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    if (
      row.message_type === 'edoc' &&
      row.outgoing_ref &&
      row.package.kind === 'edoc' &&
      row.package.business.type === 0
    )
      await notifyOutgoing(deps, row.organ_id, row.outgoing_ref, row.recipient_code, 'sent');
    return true;
  } catch (err) {
    const e = err as Error & { code?: string };
    const msg = `${e.code ?? e.name}: ${e.message}`.slice(0, 2000);
    const failed = row.attempts >= MAX_SEND_ATTEMPTS;
    await deps.db
      .updateTable('exchange_outbox')
      .set({
        state: failed ? 'failed' : 'queued',
        last_error: msg,
        locked_until: null,
        next_attempt_at: new Date(Date.now() + backoffMs(row.attempts)),
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    deps.log.warn({ outboxId: row.id, attempt: row.attempts, err: msg }, 'exchange send failed');
    return false;
  }
}

/** Sends every ready row (several at once); returns how many were sent. Tests call it directly. */
export async function drainOutbox(
  deps: Deps,
  organId: string | null = null,
  opts: { concurrency?: number; maxRounds?: number } = {},
): Promise<number> {
  const concurrency = opts.concurrency ?? 8;
  let sent = 0;
  for (let round = 0; round < (opts.maxRounds ?? 1000); round++) {
    const rows = await claim(deps, organId, concurrency * 4);
    if (rows.length === 0) break;
    let next = 0;
    const workers = Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        if (await sendOne(deps, row)) sent++;
      }
    });
    await Promise.all(workers);
  }
  return sent;
}

/** Puts a failed (or waiting) row back in the queue at once. */
export async function retryOutbox(db: DbOrTrx, organId: string, id: string): Promise<boolean> {
  const r = await db
    .updateTable('exchange_outbox')
    .set({ state: 'queued', attempts: 0, next_attempt_at: new Date(), locked_until: null, updated_at: new Date() })
    .where('id', '=', id)
    .where('organ_id', '=', organId)
    .where('state', 'in', ['failed', 'queued'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
