/**
 * "Văn bản liên quan": documents the caller may open that share subject words with one they may open, ranked by
 * those words (any of them), the same issuing organ first. Across organs never (the caller's organ only).
 */
import { sql } from 'kysely';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { AppError } from '../../http/errors';
import { viewerFor } from './search.service';
import type { ItemKind } from './search.tables';

export interface Similar {
  kind: ItemKind;
  id: string;
  fileId: string | null;
  numberNotation: string;
  title: string;
  organName: string;
  docDate: string | null;
  score: number;
}

const visible = sql`(s.named && v.named OR (s.conf_rank <= v.clr AND s.readers && v.readers))`;

export async function similarTo(deps: Deps, p: Principal, kind: ItemKind, id: string, limit = 10): Promise<Similar[]> {
  const v = await viewerFor(deps.db, p);
  const r = await sql<Similar & { found: boolean }>`
    WITH v AS (SELECT ${v.named}::text[] AS named, ${v.readers}::text[] AS readers, ${v.clearanceRank}::int AS clr),
    me AS (SELECT s.* FROM search_items s, v WHERE s.kind = ${kind} AND s.ref_id = ${id} AND s.organ_id = ${v.organId} AND ${visible}),
    q AS (SELECT to_tsquery('simple', coalesce(string_agg(DISTINCT w, ' | '), '')) AS f, min(me.organ_name) AS organ, min(me.parent_id::text) AS parent
          FROM me, LATERAL unnest(tsvector_to_array(to_tsvector('vn_fold', search_clean(me.title)))) AS w WHERE length(w) > 1)
    SELECT s.kind, s.ref_id AS id, s.parent_id AS "fileId", s.number_notation AS "numberNotation", s.title, s.organ_name AS "organName", to_char(s.doc_date, 'YYYY-MM-DD') AS "docDate",
      (ts_rank(s.tsv_meta, q.f) + CASE WHEN s.organ_name = q.organ THEN 0.2 ELSE 0 END + CASE WHEN s.parent_id::text = q.parent THEN 0.2 ELSE 0 END)::float8 AS score, true AS found
    FROM search_items s, q, v WHERE EXISTS (SELECT 1 FROM me) AND s.organ_id = ${v.organId} AND s.tsv_meta @@ q.f AND NOT (s.kind = ${kind} AND s.ref_id = ${id}) AND ${visible}
    ORDER BY score DESC, s.doc_date DESC NULLS LAST LIMIT ${limit}`.execute(deps.db);
  if (!r.rows.length) {
    const me = await sql<{
      ok: number;
    }>`SELECT 1 AS ok FROM search_items s, (SELECT ${v.named}::text[] AS named, ${v.readers}::text[] AS readers, ${v.clearanceRank}::int AS clr) v
      WHERE s.kind = ${kind} AND s.ref_id = ${id} AND s.organ_id = ${v.organId} AND ${visible}`.execute(deps.db);
    if (!me.rows.length) throw new AppError('search.not_found', 404, 'Không tìm thấy văn bản.');
  }
  return r.rows.map(({ found: _f, ...x }) => ({ ...x, score: Number(x.score) }));
}
