import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string, string>;
type JsonNull = ColumnType<unknown, string | null | undefined, string | null>;

export type Profile = 'office' | 'archival';
export type Material = 'text' | 'drawing';
export type Split = 'one' | 'files' | 'pages' | 'separator';
export type BatchStatus = 'queued' | 'processing' | 'done' | 'failed';
export interface Part {
  ordinal: number;
  from: number;
  to: number;
}

export interface DigitisationBatchesTable {
  id: Generated<string>;
  organ_id: string;
  created_by: string;
  profile: Profile;
  material: Material;
  split: Split;
  pages_per_doc: number | null;
  file_code: string | null;
  sign_copy: Generated<boolean>;
  status: Generated<BatchStatus>;
  total_pages: Generated<number>;
  done_pages: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface DigitisationScansTable {
  batch_id: string;
  ordinal: number;
  organ_id: string;
  file_id: string;
  kind: string;
  pages: number;
  info: Json;
}
export interface DigitisationItemsTable {
  id: Generated<string>;
  batch_id: string;
  organ_id: string;
  ordinal: number;
  parts: Json;
  pages: number;
  status: Generated<BatchStatus>;
  pages_done: Generated<number>;
  signed: Generated<boolean>;
  result_file_id: string | null;
  name: string | null;
  proposal: JsonNull;
  error_code: string | null;
  error_message: string | null;
  seconds: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DigitisationTables {
  digitisation_batches: DigitisationBatchesTable;
  digitisation_scans: DigitisationScansTable;
  digitisation_items: DigitisationItemsTable;
}

declare module '../../db/types' {
  interface DB extends DigitisationTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
}
