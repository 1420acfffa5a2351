import type { ColumnType, Generated } from 'kysely';

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DateNull = ColumnType<string | null, string | null | undefined, string | null>;
type LocalDate = ColumnType<string, string, string>;
type Json = ColumnType<unknown, string, string>;
type JsonNull = ColumnType<unknown, string | null | undefined, string | null>;

export type Mode = '01' | '02' | '03';
export type RecordStatus = 'packaging' | 'archived' | 'failed' | 'destroyed';
export type DestructionStatus =
  'proposed' | 'council' | 'reviewed' | 'appraised' | 'decided' | 'destroyed' | 'cancelled';

export interface ArchiveTransfersTable {
  id: Generated<string>;
  organ_id: string;
  number: number;
  unit_ids: string[];
  note: Generated<string>;
  received_by: string;
  received_at: Generated<Date>;
}
export interface ArchiveRecordsTable {
  id: Generated<string>;
  organ_id: string;
  transfer_id: string;
  workfile_id: string;
  code: string;
  title: string;
  search_key: Generated<string>;
  unit_id: string;
  retention: string;
  start_date: LocalDate;
  end_date: LocalDate;
  mode: Mode;
  status: Generated<RecordStatus>;
  doc_count: number;
  metadata: Json;
  tt05_xml: string;
  aip_sha256: string | null;
  aip_size: ColumnType<string | null, number | null | undefined, number | null>;
  validation: JsonNull;
  hold_reason: string | null;
  hold_by: string | null;
  hold_until: DateNull;
  hold_at: TsNull;
  destroyed_at: TsNull;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface ArchiveAccessRequestsTable {
  id: Generated<string>;
  organ_id: string;
  record_id: string;
  requester_id: string;
  purpose: string;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  decided_by: string | null;
  decided_at: TsNull;
  decision_note: Generated<string>;
  valid_until: DateNull;
  created_at: Generated<Date>;
}
export interface ArchiveReadsTable {
  id: Generated<string>;
  organ_id: string;
  record_id: string;
  user_id: string;
  kind: 'view' | 'download' | 'aip';
  ordinal: number | null;
  purpose: Generated<string>;
  at: Generated<Date>;
}
export interface ArchiveDestructionsTable {
  id: Generated<string>;
  organ_id: string;
  title: string;
  note: string;
  status: Generated<DestructionStatus>;
  council_ref: string | null;
  council_members: Generated<string[]>;
  council_minutes: string | null;
  appraisal: string | null;
  decision_ref: string | null;
  decision_date: DateNull;
  decided_by: string | null;
  destruction_minutes: string | null;
  destroyed_at: TsNull;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface ArchiveDestructionItemsTable {
  destruction_id: string;
  record_id: string;
  organ_id: string;
  code: string;
  title: string;
  aip_sha256: string | null;
  doc_hashes: Json;
}

export interface ArchiveTables {
  archive_transfers: ArchiveTransfersTable;
  archive_records: ArchiveRecordsTable;
  archive_access_requests: ArchiveAccessRequestsTable;
  archive_reads: ArchiveReadsTable;
  archive_destructions: ArchiveDestructionsTable;
  archive_destruction_items: ArchiveDestructionItemsTable;
}

// The module's tables join the database type here (declaration merging), so db/types.ts stays untouched.
declare module '../../db/types' {
  interface DB extends ArchiveTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
}
