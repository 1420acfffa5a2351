/**
 * Pickers (document type, issuing organ, unit, person, work file): every typed word is the start of a word of
 * the name, without diacritics and in any order ("tai chinh" → Bộ Tài chính, "phap che" → Vụ Pháp chế).
 * Names that start with the first word come first, then shorter names, then Vietnamese order.
 */
import { sql, type RawBuilder } from 'kysely';
import { nfc } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { searchError } from './search.errors';
import { viewerFor } from './search.service';

export const PICKER_KINDS = ['doc_type', 'issuing_organ', 'unit', 'person', 'workfile'] as const;
export type PickerKind = (typeof PICKER_KINDS)[number];
export interface PickItem {
  id: string;
  code: string | null;
  name: string;
  detail: string | null;
}

const words = (q: string) =>
  (
    nfc(q)
      .toLocaleLowerCase('vi')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, 8);

/** Each word as the start of a word of `col` (folded both sides). */
function wordsMatch(col: RawBuilder<unknown>, ws: string[]): RawBuilder<unknown> {
  if (!ws.length) return sql`true`;
  return sql.join(
    ws.map((w) => sql`(' ' || search_fold(search_clean(${col}))) LIKE ('% ' || search_fold(${w}) || '%')`),
    sql` AND `,
  );
}

export async function pick(
  deps: Deps,
  p: Principal,
  kind: PickerKind,
  q: string | undefined,
  limit = 20,
): Promise<PickItem[]> {
  if (q !== undefined && q.length > 200) throw searchError('search.query_too_long');
  const ws = words(q ?? '');
  const first = ws[0] ?? '';
  const o = p.organId;
  let rows: { id: string; code: string | null; name: string; detail: string | null }[];
  const starts = (col: RawBuilder<unknown>) => sql`(search_fold(${col}) LIKE (search_fold(${first}) || '%'))`;
  switch (kind) {
    case 'doc_type': {
      const m = wordsMatch(sql`name || ' ' || coalesce(abbr, '') || ' ' || code`, ws);
      rows = (
        await sql<PickItem>`SELECT id, code, name, abbr AS detail FROM doc_types WHERE organ_id = ${o} AND active AND ${m}
        ORDER BY ${starts(sql`name`)} DESC, length(name), sort_order LIMIT ${limit}`.execute(deps.db)
      ).rows;
      break;
    }
    case 'issuing_organ': {
      const m = wordsMatch(sql`name || ' ' || code`, ws);
      rows = (
        await sql<PickItem>`SELECT id, code, name, address AS detail FROM external_organs WHERE organ_id = ${o} AND ${m}
        ORDER BY ${starts(sql`name`)} DESC, length(name) LIMIT ${limit}`.execute(deps.db)
      ).rows;
      break;
    }
    case 'unit': {
      const m = wordsMatch(sql`name || ' ' || abbr`, ws);
      rows = (
        await sql<PickItem>`SELECT id, abbr AS code, name, NULL AS detail FROM units WHERE organ_id = ${o} AND ${m}
        ORDER BY ${starts(sql`name`)} DESC, length(name), sort_order LIMIT ${limit}`.execute(deps.db)
      ).rows;
      break;
    }
    case 'person': {
      const m = wordsMatch(sql`u.full_name || ' ' || u.username`, ws);
      rows = (
        await sql<PickItem>`SELECT u.id, u.username AS code, u.full_name AS name,
          (SELECT string_agg(un.name, ', ') FROM memberships ms JOIN units un ON un.id = ms.unit_id WHERE ms.user_id = u.id AND ms.ended_at IS NULL) AS detail
        FROM users u WHERE u.organ_id = ${o} AND u.active AND ${m} ORDER BY length(u.full_name) LIMIT ${limit}`.execute(
          deps.db,
        )
      ).rows;
      break;
    }
    case 'workfile': {
      // Work files through the index: only those the caller may open.
      const v = await viewerFor(deps.db, p);
      const m = wordsMatch(sql`s.number_notation || ' ' || s.title`, ws);
      rows = (
        await sql<PickItem>`SELECT s.ref_id AS id, s.number_notation AS code, s.title AS name, s.status AS detail FROM search_items s
        WHERE s.kind = 'workfile' AND s.organ_id = ${o} AND s.readers && ${v.readers}::text[] AND ${m} ORDER BY s.doc_date DESC LIMIT ${limit}`.execute(
          deps.db,
        )
      ).rows;
      return rows;
    }
  }
  return rows;
}
