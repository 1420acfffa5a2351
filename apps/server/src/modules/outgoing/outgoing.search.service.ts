/**
 * Issued outgoing documents found by number/notation or subject, with or without diacritics, for pickers of other
 * modules (an incoming document "answered by" an outgoing one). Only what outgoing's policy lets the caller see.
 */
import { sql } from 'kysely';
import { foldKey, type Confidentiality } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { listDocTypes } from '../registers';
import { canSee, type DocFacts } from './outgoing.policy';
import type { DocStatus } from './outgoing.model';
import { loadDoc } from './outgoing.repo';

export interface IssuedHit {
  id: string;
  numberNotation: string;
  subject: string;
  issuedDate: string | null;
  docTypeName: string;
}

/**
 * Every precomposed Latin letter whose fold (foldKey) is one ASCII letter, and A–Z: PostgreSQL's translate() folds
 * with it the way foldKey does, whatever the database's locale (đ → d, Ầ → a, …).
 */
const FOLD = (() => {
  let from = '';
  let to = '';
  for (let c = 0x41; c <= 0x1ef9; c++) {
    if (c > 0x5a && c < 0xc0) continue;
    const ch = String.fromCodePoint(c);
    const f = foldKey(ch);
    if (f !== ch && /^[a-z]$/.test(f)) {
      from += ch;
      to += f;
    }
  }
  return { from, to };
})();
const folded = (col: 'd.subject' | 'd.number_notation') =>
  sql<string>`translate(${sql.ref(col)}, ${FOLD.from}, ${FOLD.to})`;
const likeArg = (s: string) => `%${s.replace(/[\\%_]/g, (m) => '\\' + m)}%`;

const BATCH = 100;
export const SEARCH_LIMIT = 20;

/** What the policy needs of issued documents, read for a batch (issued: no active step, so no delegation counts). */
async function factsOf(
  db: DbOrTrx,
  docs: {
    id: string;
    organ_id: string;
    drafter_id: string;
    drafting_unit_id: string;
    signer_id: string | null;
    confidentiality: string;
    status: string;
  }[],
): Promise<Map<string, DocFacts>> {
  const ids = docs.map((d) => d.id);
  const [steps, recipients] = ids.length
    ? await Promise.all([
        db.selectFrom('outgoing_steps').select(['outgoing_id', 'actor_id']).where('outgoing_id', 'in', ids).execute(),
        db
          .selectFrom('outgoing_recipients')
          .select(['outgoing_id', 'unit_id', 'kind', 'status'])
          .where('outgoing_id', 'in', ids)
          .execute(),
      ])
    : [[], []];
  return new Map(
    docs.map((d) => [
      d.id,
      {
        organId: d.organ_id,
        drafterId: d.drafter_id,
        draftingUnitId: d.drafting_unit_id,
        signerId: d.signer_id,
        confidentiality: d.confidentiality as Confidentiality,
        status: d.status as DocStatus,
        routeActorIds: steps.filter((s) => s.outgoing_id === d.id).map((s) => s.actor_id),
        activeActorIds: [],
        recipientUnitIds: recipients
          .filter((r) => r.outgoing_id === d.id && r.kind === 'internal' && r.unit_id && r.status !== 'withdrawn')
          .map((r) => r.unit_id!),
      },
    ]),
  );
}

/**
 * The caller's organ's issued documents matching `q` in the number/notation or the subject (folded: "quyet dinh" finds
 * "Quyết định"; digits alone also match the number, "1" finds 01/BNV-PC), newest first, at most 20, those the caller may see.
 */
export async function searchIssued(deps: Deps, p: Principal, q: string | undefined): Promise<IssuedHit[]> {
  const key = foldKey(q ?? '');
  const digits = /^\d{1,9}$/.test(key) ? Number(key) : null;
  const out: IssuedHit[] = [];
  let typeNames: Map<string, string> | null = null;
  for (let offset = 0; out.length < SEARCH_LIMIT; offset += BATCH) {
    let query = deps.db
      .selectFrom('outgoing_docs as d')
      .select([
        'd.id',
        'd.organ_id',
        'd.drafter_id',
        'd.drafting_unit_id',
        'd.signer_id',
        'd.confidentiality',
        'd.status',
        'd.number_notation',
        'd.subject',
        'd.issued_date',
        'd.doc_type',
      ])
      .where('d.organ_id', '=', p.organId)
      .where('d.status', '=', 'issued');
    if (key) {
      query = query.where((eb) =>
        eb.or([
          eb(folded('d.subject'), 'like', likeArg(key)),
          eb(folded('d.number_notation'), 'like', likeArg(key)),
          ...(digits !== null ? [eb('d.number', '=', digits)] : []),
        ]),
      );
    }
    const rows = await query
      .orderBy('d.issued_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(BATCH)
      .offset(offset)
      .execute();
    const facts = await factsOf(deps.db, rows);
    for (const r of rows) {
      if (out.length >= SEARCH_LIMIT) break;
      if (!canSee(p, facts.get(r.id)!)) continue;
      typeNames ??= new Map((await listDocTypes(deps.db, p.organId)).map((t) => [t.code, t.name]));
      out.push({
        id: r.id,
        numberNotation: r.number_notation ?? '',
        subject: r.subject,
        issuedDate: r.issued_date,
        docTypeName: typeNames.get(r.doc_type) ?? r.doc_type,
      });
    }
    if (rows.length < BATCH) break;
  }
  return out;
}

/**
 * The issued document `outgoingId` of the caller's organ if the caller may see it, else null (draft, in review,
 * recalled, another organ, not visible: all alike). For the incoming module's "completed, answered by".
 */
export async function findIssuedAnswer(
  db: DbOrTrx,
  p: Principal,
  outgoingId: string,
  now: Date,
): Promise<{ id: string; numberNotation: string } | null> {
  try {
    const l = await loadDoc(db, p, outgoingId, now);
    if (l.doc.status !== 'issued' || !l.doc.number_notation) return null;
    return { id: l.doc.id, numberNotation: l.doc.number_notation };
  } catch (e) {
    if ((e as { code?: string }).code === 'outgoing.not_found') return null;
    throw e;
  }
}
