import type { ColumnType, Generated } from 'kysely';

export type ItemKind = 'incoming' | 'outgoing' | 'workfile' | 'member';
type LocalDateNull = ColumnType<string | null, string | null | undefined, string | null>;

/** One searchable item; written only by the triggers of migration 0022 (never by code). */
export interface SearchItemsTable {
  kind: ItemKind;
  ref_id: string;
  organ_id: string;
  parent_id: string | null;
  number_notation: string;
  title: string;
  organ_name: string;
  doc_type: string | null;
  type_name: string;
  doc_date: LocalDateNull;
  year: number | null;
  status: string;
  urgency: string;
  unit_ids: string[];
  conf_rank: number;
  confidentiality: string;
  named: string[];
  readers: string[];
  body: string;
  tsv: unknown;
  tsv_meta: unknown;
  tsv_exact: unknown;
  updated_at: Generated<Date>;
}
export interface SearchFileTextsTable {
  file_id: string;
  organ_id: string;
  text: string;
  pages: number;
  method: string;
  extracted_at: Generated<Date>;
}
export interface SearchSavedTable {
  id: Generated<string>;
  organ_id: string;
  user_id: string;
  name: string;
  params: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
}

export interface SearchTables {
  search_items: SearchItemsTable;
  search_file_texts: SearchFileTextsTable;
  search_saved: SearchSavedTable;
}

declare module '../../db/types' {
  interface DB extends SearchTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
}
