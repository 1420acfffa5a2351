import { sql } from 'kysely';
import { isClearedFor, type Confidentiality } from '@vanthu/vn';
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
 * Writes an event inside the caller's transaction (ARCHITECTURE rule 2): it exists if and only if the change
 * commits. It takes no lock, so audited transactions never wait for each other; the event joins its
 * organ's hash chain when `sealAudit` runs (right after, in the worker, and before any verification).
 */
export async function recordAudit(trx: DbOrTrx, actor: Actor, input: AuditInput): Promise<void> {
  const organId = input.organId ?? actor.organId;
  await trx
    .insertInto('audit_events')
    .values({
      organ_id: organId,
      seq: null,
      at: new Date(),
      actor_id: actor.userId,
      actor_name: actor.name,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId ?? null,
      ip: actor.ip ?? null,
      user_agent: actor.userAgent ? actor.userAgent.slice(0, 300) : null,
      summary: input.summary ?? null,
      before: input.before === undefined || input.before === null ? null : JSON.stringify(input.before),
      after: input.after === undefined || input.after === null ? null : JSON.stringify(input.after),
      prev_hash: null,
      hash: null,
    })
    .execute();
}

/**
 * Chains committed, unsealed events: per organ, in id order, under that organ's head row lock (one sealer
 * per organ at a time). hash(n) = SHA-256(hash(n-1) ‖ canonical JSON of event n). Returns events sealed.
 */
export async function sealAudit(db: Db, organId?: string, batch = 5000): Promise<number> {
  let organs: string[];
  if (organId) organs = [organId];
  else
    organs = (
      await sql<{ organ_id: string }>`SELECT DISTINCT organ_id FROM audit_events WHERE seq IS NULL`.execute(db)
    ).rows.map((r) => r.organ_id);
  let sealed = 0;
  for (const organ of organs) {
    for (;;) {
      const n = await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('audit_heads')
          .values({ organ_id: organ, seq: 0, hash: GENESIS_HASH })
          .onConflict((oc) => oc.column('organ_id').doNothing())
          .execute();
        const head = await trx
          .selectFrom('audit_heads')
          .select(['seq', 'hash'])
          .where('organ_id', '=', organ)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const rows = await trx
          .selectFrom('audit_events')
          .selectAll()
          .where('organ_id', '=', organ)
          .where('seq', 'is', null)
          .orderBy('id')
          .limit(batch)
          .execute();
        if (rows.length === 0) return 0;
        let seq = Number(head.seq);
        let prev = head.hash;
        const ids: string[] = [],
          seqs: number[] = [],
          prevs: string[] = [],
          hashes: string[] = [];
        for (const r of rows) {
          seq++;
          const h = eventHash(prev, {
            organId: r.organ_id,
            seq,
            at: r.at,
            actorId: r.actor_id,
            actorName: r.actor_name,
            action: r.action,
            entityType: r.entity_type,
            entityId: r.entity_id,
            ip: r.ip,
            userAgent: r.user_agent,
            summary: r.summary,
            before: r.before,
            after: r.after,
          });
          ids.push(r.id);
          seqs.push(seq);
          prevs.push(prev);
          hashes.push(h);
          prev = h;
        }
        await sql`UPDATE audit_events e SET seq = v.seq, prev_hash = v.prev, hash = v.hash
          FROM unnest(${ids}::bigint[], ${seqs}::bigint[], ${prevs}::text[], ${hashes}::text[]) AS v(id, seq, prev, hash)
          WHERE e.id = v.id`.execute(trx);
        await trx.updateTable('audit_heads').set({ seq, hash: prev }).where('organ_id', '=', organ).execute();
        return rows.length;
      });
      sealed += n;
      if (n < batch) break;
    }
  }
  return sealed;
}

export interface ChainBreak {
  organId: string;
  id: string;
  seq: number;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'head_mismatch';
}

/** Walks each organ's chain in order and returns the first broken link per organ (none = intact). */
export async function verifyAuditChains(db: Db, organId?: string): Promise<{ checked: number; breaks: ChainBreak[] }> {
  await sealAudit(db, organId);
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
        .where('seq', 'is not', null)
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
            organId: r.organ_id,
            seq,
            at: r.at,
            actorId: r.actor_id,
            actorName: r.actor_name,
            action: r.action,
            entityType: r.entity_type,
            entityId: r.entity_id,
            ip: r.ip,
            userAgent: r.user_agent,
            summary: r.summary,
            before: r.before,
            after: r.after,
          });
          if (h !== r.hash) broken = { organId: organ_id, id: r.id, seq, reason: 'hash_mismatch' };
        }
        if (broken) break;
        prev = r.hash ?? GENESIS_HASH;
        expectedSeq++;
      }
      if (broken) break;
    }
    if (!broken) {
      const head = await db
        .selectFrom('audit_heads')
        .select(['seq', 'hash'])
        .where('organ_id', '=', organ_id)
        .executeTakeFirst();
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
  f: {
    action?: string;
    actorId?: string;
    entityType?: string;
    entityId?: string;
    from?: string;
    to?: string;
    page: number;
    pageSize: number;
  },
  clearance?: Confidentiality,
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
      .orderBy('id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const hidden = clearance ? await confidentialAbove(db, organId, clearance, items) : new Set<string>();
  return {
    total: Number(total.n),
    items: items.map((r) => ({
      id: r.id,
      seq: r.seq === null ? null : Number(r.seq),
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      ip: r.ip,
      summary:
        r.entity_id && hidden.has(r.entity_id)
          ? 'Thao tác trên văn bản mật (nội dung chỉ hiển thị cho người được tiếp cận bí mật nhà nước ở độ mật này).'
          : r.summary,
    })),
  };
}

/**
 * Events about documents whose confidentiality is above the reader's clearance show no summary (it may carry the
 * subject, issue 10 hole 1): the ids of those documents among `items`.
 */
async function confidentialAbove(
  db: Db,
  organId: string,
  clearance: Confidentiality,
  items: { entity_type: string; entity_id: string | null }[],
): Promise<Set<string>> {
  const ids = (t: string) => [
    ...new Set(
      items
        .filter((r) => r.entity_type === t && r.entity_id && /^[0-9a-f-]{36}$/i.test(r.entity_id))
        .map((r) => r.entity_id!),
    ),
  ];
  const [out, inc] = [ids('outgoing'), ids('incoming_document')];
  const rows = [
    ...(out.length
      ? await db
          .selectFrom('outgoing_docs')
          .select(['id', 'confidentiality'])
          .where('organ_id', '=', organId)
          .where('id', 'in', out)
          .execute()
      : []),
    ...(inc.length
      ? await db
          .selectFrom('incoming_documents')
          .select(['id', 'confidentiality'])
          .where('organ_id', '=', organId)
          .where('id', 'in', inc)
          .execute()
      : []),
  ];
  return new Set(rows.filter((r) => !isClearedFor(clearance, r.confidentiality as Confidentiality)).map((r) => r.id));
}
