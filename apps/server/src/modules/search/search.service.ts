/**
 * One search over what the caller may open: hits, total, facets and snippets, all from rows the caller's tokens
 * open (search.policy), in the caller's organ. Nothing the caller could not open is counted or shown.
 */
import { sql, type RawBuilder } from 'kysely';
import { isLocalDate, parseDate } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { searchError } from './search.errors';
import { searchViewer, type SearchViewer } from './search.policy';
import { parseQuery } from './search.query';
import type { ItemKind } from './search.tables';

export const KINDS: readonly ItemKind[] = ['incoming', 'outgoing', 'workfile', 'member'];
export const SORTS = ['relevance', 'date_desc', 'date_asc', 'title', 'number'] as const;
export type Sort = (typeof SORTS)[number];

export interface SearchInput {
  q?: string;
  kind?: ItemKind[];
  from?: string;
  to?: string;
  year?: number;
  docType?: string;
  organName?: string;
  unitId?: string;
  status?: string;
  urgency?: string;
  sort?: Sort;
  page?: number;
  pageSize?: number;
  facets?: boolean;
}

/** Highlight markers in snippets (private-use characters: never in documents, never HTML). */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

export interface Hit {
  kind: ItemKind;
  id: string;
  fileId: string | null;
  numberNotation: string;
  title: string;
  organName: string;
  typeName: string;
  docDate: string | null;
  status: string;
  urgency: string;
  confidentiality: string;
  titleHl: string;
  snippet: string;
  snippetPage: number | null;
  score: number;
}
export interface FacetValue {
  value: string;
  label: string;
  count: number;
}
export interface SearchResult {
  items: Hit[];
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: number;
  facets: Record<'kind' | 'year' | 'docType' | 'organName' | 'unit' | 'status' | 'urgency', FacetValue[]> | null;
}

export async function ledUnits(db: DbOrTrx, p: Principal): Promise<string[]> {
  if (!p.roles.has('unit_leader')) return [];
  const rows = await db
    .selectFrom('memberships')
    .select('unit_id')
    .where('user_id', '=', p.userId)
    .where('ended_at', 'is', null)
    .where(sql<boolean>`'unit_leader' = ANY(roles)`)
    .execute();
  return rows.map((r) => r.unit_id);
}

export async function viewerFor(db: DbOrTrx, p: Principal): Promise<SearchViewer> {
  return searchViewer(p, await ledUnits(db, p));
}

function toDate(s: string | undefined): string | undefined {
  if (s === undefined || s === '') return undefined;
  const d = isLocalDate(s) ? s : parseDate(s);
  if (!d) throw searchError('search.date_invalid', { value: s });
  return d;
}

/** The visible, filtered set as SQL conditions over `s` (and the query `q.f` when there is one). */
function whereOf(v: SearchViewer, f: SearchInput, hasQuery: boolean): RawBuilder<unknown> {
  const from = toDate(f.from);
  const to = toDate(f.to);
  if (from && to && from > to) throw searchError('search.range_invalid');
  const conds: RawBuilder<unknown>[] = [
    sql`s.organ_id = ${v.organId}`,
    sql`(s.named && ${v.named}::text[] OR (s.conf_rank <= ${v.clearanceRank} AND s.readers && ${v.readers}::text[]))`,
  ];
  if (hasQuery) conds.push(sql`s.tsv @@ q.f`);
  if (f.kind?.length) conds.push(sql`s.kind = ANY(${f.kind}::text[])`);
  if (from) conds.push(sql`s.doc_date >= ${from}::date`);
  if (to) conds.push(sql`s.doc_date <= ${to}::date`);
  if (f.year !== undefined) conds.push(sql`s.year = ${f.year}`);
  if (f.docType) conds.push(sql`s.type_name = ${f.docType}`);
  if (f.organName) conds.push(sql`s.organ_name = ${f.organName}`);
  if (f.unitId) conds.push(sql`${f.unitId}::uuid = ANY(s.unit_ids)`);
  if (f.status) conds.push(sql`s.status = ${f.status}`);
  if (f.urgency) conds.push(sql`s.urgency = ${f.urgency}`);
  return sql.join(conds, sql` AND `);
}

function orderOf(sort: Sort, hasQuery: boolean): RawBuilder<unknown> {
  switch (sort) {
    case 'date_asc':
      return sql`s.doc_date ASC NULLS LAST, s.ref_id`;
    case 'title':
      return sql`s.title COLLATE search_vi ASC, s.ref_id`;
    case 'number':
      return sql`s.number_notation COLLATE search_vi ASC, s.ref_id`;
    case 'date_desc':
      return sql`s.doc_date DESC NULLS LAST, s.ref_id`;
    case 'relevance':
      return hasQuery
        ? sql`score DESC, s.doc_date DESC NULLS LAST, s.ref_id`
        : sql`s.doc_date DESC NULLS LAST, s.ref_id`;
  }
}

interface HitRow {
  kind: ItemKind;
  ref_id: string;
  parent_id: string | null;
  number_notation: string;
  title: string;
  organ_name: string;
  type_name: string;
  doc_date: string | null;
  status: string;
  urgency: string;
  confidentiality: string;
  score: number;
  tier?: number;
}

/**
 * Ranking: number/notation (A) above subject (B) above issuing organ and type (C) above body text (D) (ts_rank_cd
 * weights), +1 when the words match with the caller's own diacritics, and a small bonus for recency.
 */
const RECENCY = sql`(0.1 / (1 + greatest(0, current_date - coalesce(s.doc_date, current_date)) / 365.0))`;
const SCORE = sql`(ts_rank_cd('{0.05,0.2,0.5,1.0}', s.tsv, q.f, 1) + CASE WHEN s.tsv_exact @@ q.e THEN 1 ELSE 0 END + ${RECENCY})`;
const META_SCORE = sql`(ts_rank_cd('{0.05,0.2,0.5,1.0}', s.tsv_meta, q.f, 1) + CASE WHEN s.tsv_exact @@ q.e THEN 1 ELSE 0 END + ${RECENCY})`;
export const TOTAL_CAP = 10_000;

export async function search(deps: Deps, p: Principal, f: SearchInput): Promise<SearchResult> {
  if (f.q !== undefined && f.q.length > 200) throw searchError('search.query_too_long');
  const v = await viewerFor(deps.db, p);
  const parsed = parseQuery(f.q ?? '');
  const hasQuery = parsed.tsquery !== null;
  const page = Math.max(1, f.page ?? 1);
  const pageSize = Math.min(100, Math.max(1, f.pageSize ?? 20));
  const where = whereOf(v, f, hasQuery);
  const qcte = hasQuery
    ? sql`WITH q AS (SELECT to_tsquery('vn_fold', ${parsed.tsquery}) AS f, to_tsquery('simple', ${parsed.tsquery}) AS e)`
    : sql``;
  const qfrom = hasQuery ? sql`, q` : sql``;
  const score = hasQuery ? SCORE : sql`0`;
  const order = orderOf(f.sort ?? 'relevance', hasQuery);

  const cols = sql`s.kind, s.ref_id, s.parent_id, s.number_notation, s.title, s.organ_name, s.type_name, to_char(s.doc_date, 'YYYY-MM-DD') AS doc_date, s.status, s.urgency, s.confidentiality`;
  const offset = (page - 1) * pageSize;
  let hitsP;
  if (hasQuery && (f.sort ?? 'relevance') === 'relevance') {
    // Two tiers: matches in number/notation, subject, organ, type (small vectors, ranked), then matches that need the
    // body text, newest first. Ranking never reads the bodies, so it stays fast when a word is in most documents.
    const base = whereOf(v, f, false);
    const lim = offset + pageSize;
    hitsP = sql<HitRow>`${qcte} SELECT * FROM (
        (SELECT ${cols}, 0 AS tier, (10 + ${META_SCORE})::float8 AS score FROM search_items s, q WHERE ${base} AND s.tsv_meta @@ q.f ORDER BY score DESC, s.doc_date DESC NULLS LAST, s.ref_id LIMIT ${lim})
        UNION ALL
        (SELECT ${cols}, 1 AS tier, ${RECENCY}::float8 AS score FROM search_items s, q WHERE ${base} AND s.tsv @@ q.f AND NOT (s.tsv_meta @@ q.f) ORDER BY s.doc_date DESC NULLS LAST, s.ref_id LIMIT ${lim})
      ) t ORDER BY tier, score DESC, doc_date DESC NULLS LAST, ref_id OFFSET ${offset} LIMIT ${pageSize}`.execute(
      deps.db,
    );
  } else {
    hitsP = sql<HitRow>`${qcte} SELECT ${cols}, ${score}::float8 AS score
      FROM search_items s ${qfrom} WHERE ${where} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset}`.execute(
      deps.db,
    );
  }
  // Without facets the total is exact up to TOTAL_CAP ("more than 10,000" beyond): counting a word found in most of a
  // million documents would cost more than the search.
  const countP =
    f.facets === false
      ? sql<{
          n: string;
        }>`${qcte} SELECT count(*) AS n FROM (SELECT 1 FROM search_items s ${qfrom} WHERE ${where} LIMIT ${TOTAL_CAP + 1}) c`.execute(
          deps.db,
        )
      : null;
  const facetsP = f.facets === false ? null : facetsOf(deps, v, where, qcte, qfrom);
  const [hits, count, facets] = await Promise.all([hitsP, countP, facetsP]);
  const rows = hits.rows;
  const snippets =
    hasQuery && rows.length
      ? await snippetsOf(deps, parsed.tsquery!, rows)
      : new Map<string, { title: string; body: string; page: number | null }>();
  const items: Hit[] = rows.map((r) => {
    const sn = snippets.get(`${r.kind}:${r.ref_id}`);
    return {
      kind: r.kind,
      id: r.ref_id,
      fileId: r.parent_id,
      numberNotation: r.number_notation,
      title: r.title,
      organName: r.organ_name,
      typeName: r.type_name,
      docDate: r.doc_date,
      status: r.status,
      urgency: r.urgency,
      confidentiality: r.confidentiality,
      titleHl: sn?.title ?? r.title,
      snippet: sn?.body ?? '',
      snippetPage: sn?.page ?? null,
      score: Number(r.score),
    };
  });
  const counted = facets ? facets.total : Number(count!.rows[0]?.n ?? 0);
  const capped = !facets && counted > TOTAL_CAP;
  return {
    items,
    total: capped ? TOTAL_CAP : counted,
    totalCapped: capped,
    page,
    pageSize,
    facets: facets?.facets ?? null,
  };
}

async function facetsOf(
  deps: Deps,
  v: SearchViewer,
  where: RawBuilder<unknown>,
  qcte: RawBuilder<unknown>,
  qfrom: RawBuilder<unknown>,
) {
  const r = await sql<{
    kind: string | null;
    year: number | null;
    type_name: string | null;
    organ_name: string | null;
    status: string | null;
    urgency: string | null;
    g: number;
    n: string;
  }>`
    ${qcte} SELECT s.kind, s.year, s.type_name, s.organ_name, s.status, s.urgency, GROUPING(s.kind, s.year, s.type_name, s.organ_name, s.status, s.urgency) AS g, count(*) AS n
    FROM search_items s ${qfrom} WHERE ${where}
    GROUP BY GROUPING SETS ((s.kind), (s.year), (s.type_name), (s.organ_name), (s.status), (s.urgency))`.execute(
    deps.db,
  );
  const units = await sql<{ id: string; name: string; n: string }>`${qcte} SELECT u.id, u.name, count(*) AS n
    FROM search_items s ${qfrom} CROSS JOIN LATERAL unnest(s.unit_ids) AS x(unit_id) JOIN units u ON u.id = x.unit_id AND u.organ_id = ${v.organId}
    WHERE ${where} GROUP BY u.id, u.name ORDER BY count(*) DESC LIMIT 30`.execute(deps.db);
  const pick = (bit: number, val: (row: (typeof r.rows)[number]) => string | number | null) =>
    r.rows
      .filter((x) => x.g === bit)
      .map((x) => ({ value: String(val(x) ?? ''), label: String(val(x) ?? ''), count: Number(x.n) }))
      .filter((x) => x.value !== '')
      .sort((a, b) => b.count - a.count)
      .slice(0, 30);
  // GROUPING() sets a bit for each argument NOT in the set: kind=32, year=16, type=8, organ=4, status=2, urgency=1.
  const all = 63;
  const kind = pick(all - 32, (x) => x.kind);
  const total = kind.reduce((s, x) => s + x.count, 0);
  return {
    total,
    facets: {
      kind: kind.map((x) => ({ ...x, label: KIND_LABELS[x.value as ItemKind] ?? x.value })),
      year: pick(all - 16, (x) => x.year).sort((a, b) => Number(b.value) - Number(a.value)),
      docType: pick(all - 8, (x) => x.type_name),
      organName: pick(all - 4, (x) => x.organ_name),
      status: pick(all - 2, (x) => x.status).map((x) => ({ ...x, label: STATUS_LABELS[x.value] ?? x.value })),
      urgency: pick(all - 1, (x) => x.urgency).map((x) => ({ ...x, label: URGENCY_LABELS[x.value] ?? x.value })),
      unit: units.rows.map((u) => ({ value: u.id, label: u.name, count: Number(u.n) })),
    },
  };
}

/** Highlighted subject and the best body fragment with its page (pages of extracted text are form-feed separated). */
async function snippetsOf(deps: Deps, tsquery: string, rows: HitRow[]) {
  const kinds = rows.map((r) => r.kind);
  const ids = rows.map((r) => r.ref_id);
  const opts = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
  const bodyOpts = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxFragments=1, MaxWords=30, MinWords=12, FragmentDelimiter=" … "`;
  // The body fragment from the first page (form-feed separated) holding every word, else from the whole body
  // when the words are in the body at all (weight D of the index); its page is then unknown.
  const r = await sql<{ k: string; title: string; body: string | null; page: number | null }>`
    WITH q AS (SELECT to_tsquery('vn_fold', ${tsquery}) AS f),
    x AS (SELECT s.kind || ':' || s.ref_id AS k, s.title, s.body, s.tsv FROM search_items s
          JOIN unnest(${kinds}::text[], ${ids}::uuid[]) AS w(kind, id) ON s.kind = w.kind AND s.ref_id = w.id),
    y AS (SELECT x.*, (SELECT p.ord FROM unnest(string_to_array(x.body, E'\f')) WITH ORDINALITY AS p(t, ord)
                       WHERE x.body <> '' AND to_tsvector('vn_fold', search_clean(p.t)) @@ q.f ORDER BY p.ord LIMIT 1) AS page FROM x, q)
    SELECT y.k, ts_headline('vn_fold', y.title, q.f, ${opts}) AS title,
      CASE WHEN y.page IS NOT NULL THEN ts_headline('vn_fold', (string_to_array(y.body, E'\f'))[y.page], q.f, ${bodyOpts})
           WHEN y.body <> '' AND ts_filter(y.tsv, '{d}') @@ q.f THEN ts_headline('vn_fold', left(y.body, 400000), q.f, ${bodyOpts}) END AS body,
      y.page::int AS page
    FROM y, q`.execute(deps.db);
  return new Map(
    r.rows.map((x) => [x.k, { title: x.title, body: (x.body ?? '').replace(/\f/g, ' ').trim(), page: x.page }]),
  );
}

export const KIND_LABELS: Record<ItemKind, string> = {
  incoming: 'Văn bản đến',
  outgoing: 'Văn bản đi',
  workfile: 'Hồ sơ',
  member: 'Văn bản trong hồ sơ',
};
export const STATUS_LABELS: Record<string, string> = {
  pending_registration: 'Chờ vào sổ',
  pending_assignment: 'Chờ phân công',
  in_progress: 'Đang xử lý',
  done: 'Đã xử lý xong',
  returned: 'Trả lại',
  draft: 'Dự thảo',
  in_review: 'Đang trình duyệt',
  signed: 'Đã ký',
  issued: 'Đã ban hành',
  recalled: 'Đã thu hồi',
  open: 'Đang mở',
  closed: 'Đã đóng',
};
export const URGENCY_LABELS: Record<string, string> = {
  thuong: 'Thường',
  khan: 'Khẩn',
  thuong_khan: 'Thượng khẩn',
  hoa_toc: 'Hỏa tốc',
  hoa_toc_hen_gio: 'Hỏa tốc hẹn giờ',
};
