import type { ColumnType, Generated } from 'kysely';

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Ts = ColumnType<Date, Date | string, Date | string>;
type Big = ColumnType<string, number | string, number | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export type FixityStatus = 'ok' | 'damaged' | 'missing';

export interface PreservationBackupsTable {
  id: string;
  kind: 'full' | 'incremental';
  base: string | null;
  created_at: Ts;
  finished_at: Generated<Date>;
  dirs: string[];
  bytes: Big;
  blobs: number;
  blobs_total: number;
  rows: Big;
  db_sha256: string;
  manifest_sha256: string;
  damaged: Generated<number>;
  missing: Generated<number>;
  ms: number;
  verified_at: TsNull;
  verify_ok: boolean | null;
}
export interface PreservationRestoresTable {
  id: Generated<string>;
  kind: 'restore' | 'drill';
  backup_id: string;
  chain: string[];
  at: Generated<Date>;
  ok: boolean;
  report: Json;
}
export interface PreservationFixityTable {
  sha256: string;
  checked_at: Ts;
  status: FixityStatus;
  mirror_ok: boolean | null;
  damaged_since: TsNull;
  detail: string | null;
}
export interface PreservationEventsTable {
  id: Generated<string>;
  at: Generated<Date>;
  event_type: string;
  object: string;
  outcome: 'success' | 'failure' | 'repaired';
  detail: Json;
  agent: Generated<string>;
}
export interface PreservationIncidentsTable {
  id: Generated<string>;
  kind: string;
  object: string;
  detail: string;
  opened_at: Generated<Date>;
  resolved_at: TsNull;
  resolution: string | null;
}

export interface PreservationTables {
  preservation_backups: PreservationBackupsTable;
  preservation_restores: PreservationRestoresTable;
  preservation_fixity: PreservationFixityTable;
  preservation_events: PreservationEventsTable;
  preservation_incidents: PreservationIncidentsTable;
}
declare module '../../db/types' {
  interface DB extends PreservationTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
}
