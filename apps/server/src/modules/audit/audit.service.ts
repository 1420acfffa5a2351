import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../db/database';
import { GENESIS_HASH, eventHash } from './audit.hash';

/** Who did it and from where: carried from the request into every service call. */
export interface Actor {
  userId: string | null;
  name: string | null;
  organId: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditInput {
  action: string; // e.g. 'org.unit.create'
  entityType: string;
  entityId?: string | null;
  summary?: string | null;
  before?: unknown;
  after?: unknown;
  organId?: string; // defaults to the actor's organ
}

/**
 * Appends an event to the organ's chain inside the caller's transaction (ARCHITECTURE rule 2).
 * The head row is locked FOR UPDATE so appends of one organ are serialised; call this last in a
 * transaction to keep the lock short.
 */
export async function recordAudit(trx: DbOrTrx, actor: Actor, input: AuditInput): Promise<void> {
  const organId = input.organId ?? actor.organId;
  await trx.insertInto('audit_heads').values({ organ_id: organId, seq: 0, hash: GENESIS_HASH }).onConflict((oc) => oc.column('organ_id').doNothing()).execute();
  const head = await trx.selectFrom('audit_heads').select(['seq', 'hash']).where('organ_id', '=', organId).forUpdate().executeTakeFirstOrThrow();
  const seq = Number(head.seq) + 1;
  const at = new Date();
  const fields = {
    organId,
    seq,
    at,
    actorId: actor.userId,
    actorName: actor.name,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent ? actor.userAgent.slice(0, 300) : null,
    summary: input.summary ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
  };
  const hash = eventHash(head.hash, fields);
  await trx
    .insertInto('audit_events')
    .values({
      organ_id: organId,
      seq,
      at,
      actor_id: fields.actorId,
      actor_name: fields.actorName,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      ip: fields.ip,
      user_agent: fields.userAgent,
      summary: fields.summary,
      before: fields.before === null ? null : JSON.stringify(fields.before),
      after: fields.after === null ? null : JSON.stringify(fields.after),
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await trx.updateTable('audit_heads').set({ seq, hash }).where('organ_id', '=', organId).execute();
}

export interface ChainBreak {
  organId: string;
  id: string;
  seq: number;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'head_mismatch';
}

/** Walks each organ's chain in order and returns the first broken link per organ (none = intact). */
export async function verifyAuditChains(db: Db, organId?: string): Promise<{ checked: number; breaks: ChainBreak[] }> {
  const organs = organId ? [{ organ_id: organId }] : await db.selectFrom('audit_heads').select('organ_id').execute();
  const breaks: ChainBreak[] = [];
  let checked = 0;
  for (const { organ_id } of organs) {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let lastId = '0';
    let broken: ChainBreak | null = null;
    for (;;) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('organ_id', '=', organ_id)
        .where('seq', '>=', String(expectedSeq))
        .orderBy('seq')
        .limit(2000)
        .execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        checked++;
        const seq = Number(r.seq);
        lastId = r.id;
        if (seq !== expectedSeq) broken = { organId: organ_id, id: r.id, seq, reason: 'seq_gap' };
        else if (r.prev_hash !== prev) broken = { organId: organ_id, id: r.id, seq, reason: 'prev_hash_mismatch' };
        else {
          const h = eventHash(prev, {
            organId: r.organ_id, seq, at: r.at, actorId: r.actor_id, actorName: r.actor_name, action: r.action,
            entityType: r.entity_type, entityId: r.entity_id, ip: r.ip, userAgent: r.user_agent, summary: r.summary,
            before: r.before, after: r.after,
          });
          if (h !== r.hash) broken = { organId: organ_id, id: r.id, seq, reason: 'hash_mismatch' };
        }
        if (broken) break;
        prev = r.hash;
        expectedSeq++;
      }
      if (broken) break;
    }
    if (!broken) {
      const head = await db.selectFrom('audit_heads').select(['seq', 'hash']).where('organ_id', '=', organ_id).executeTakeFirst();
      if (head && (Number(head.seq) !== expectedSeq - 1 || head.hash !== prev)) {
        broken = { organId: organ_id, id: lastId, seq: expectedSeq - 1, reason: 'head_mismatch' };
      }
    }
    if (broken) breaks.push(broken);
  }
  return { checked, breaks };
}

export async function listAuditEvents(
  db: Db,
  organId: string,
  f: { action?: string; actorId?: string; entityType?: string; entityId?: string; from?: string; to?: string; page: number; pageSize: number },
) {
  let q = db.selectFrom('audit_events').where('organ_id', '=', organId);
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.from) q = q.where('at', '>=', sql<Date>`(${f.from}::date)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  if (f.to) q = q.where('at', '<', sql<Date>`((${f.to}::date + 1)::timestamp) AT TIME ZONE 'Asia/Ho_Chi_Minh'`);
  const [items, total] = await Promise.all([
    q
      .select(['id', 'seq', 'at', 'actor_id', 'actor_name', 'action', 'entity_type', 'entity_id', 'ip', 'summary'])
      .orderBy('seq', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    items: items.map((r) => ({
      id: r.id, seq: Number(r.seq), at: r.at.toISOString(), actorId: r.actor_id, actorName: r.actor_name, action: r.action,
      entityType: r.entity_type, entityId: r.entity_id, ip: r.ip, summary: r.summary,
    })),
  };
}
