import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | null | undefined, string | null>;

export interface OrgansTable {
  id: Generated<string>;
  code: string;
  name: string;
  abbr: string;
  address: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface UnitsTable {
  id: Generated<string>;
  organ_id: string;
  parent_id: string | null;
  name: string;
  abbr: string;
  sort_order: Generated<number>;
  created_at: Generated<Date>;
}
export interface PositionsTable {
  id: Generated<string>;
  organ_id: string;
  name: string;
  rank: Generated<number>;
}
export interface UsersTable {
  id: Generated<string>;
  organ_id: string;
  username: string;
  full_name: string;
  email: string | null;
  password_hash: string;
  active: Generated<boolean>;
  sysadmin: Generated<boolean>;
  clearance: Generated<string>;
  failed_logins: Generated<number>;
  locked_until: TsNull;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: ColumnType<string | null, number | null | undefined, number | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface MembershipsTable {
  id: Generated<string>;
  organ_id: string;
  user_id: string;
  unit_id: string;
  position_id: string;
  roles: string[];
  is_primary: Generated<boolean>;
  started_at: Generated<Date>;
  ended_at: TsNull;
}
export interface ExternalOrgansTable {
  id: Generated<string>;
  organ_id: string;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  created_at: Generated<Date>;
}
export interface SessionsTable {
  id_hash: Buffer;
  user_id: string;
  organ_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Ts;
  last_seen_at: Ts;
  expires_at: Ts;
}
export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  organ_id: string;
  name: string;
  token_hash: Buffer;
  created_at: Generated<Date>;
  last_used_at: TsNull;
  revoked_at: TsNull;
}
export interface AuditHeadsTable {
  organ_id: string;
  seq: ColumnType<string, number | string, number | string>;
  hash: string;
}
export interface AuditEventsTable {
  id: Generated<string>;
  organ_id: string;
  seq: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  at: Ts;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string | null;
  user_agent: string | null;
  summary: string | null;
  before: Json;
  after: Json;
  prev_hash: string | null;
  hash: string | null;
}
export interface BlobsTable {
  sha256: string;
  size: ColumnType<string, number, number>;
  mime: string;
  created_at: Generated<Date>;
}
export interface FilesTable {
  id: Generated<string>;
  organ_id: string;
  sha256: string;
  name: string;
  mime: string;
  size: ColumnType<string, number, number>;
  uploaded_by: string | null;
  created_at: Generated<Date>;
  /** 0013: the file this one was made from (a signed result); it inherits that file's access. */
  derived_from: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface JobsTable {
  id: Generated<string>;
  organ_id: string | null;
  kind: string;
  payload: Json;
  state: Generated<string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: Ts;
  locked_at: TsNull;
  locked_by: string | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  done_at: TsNull;
}
export interface CalendarOverridesTable {
  id: Generated<string>;
  organ_id: string;
  date: ColumnType<string, string, string>;
  kind: 'off' | 'work';
  note: string;
}

export interface DB {
  organs: OrgansTable;
  units: UnitsTable;
  positions: PositionsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  external_organs: ExternalOrgansTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_heads: AuditHeadsTable;
  audit_events: AuditEventsTable;
  blobs: BlobsTable;
  files: FilesTable;
  jobs: JobsTable;
  calendar_overrides: CalendarOverridesTable;
}
export type UserRow = Selectable<UsersTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
import type { ExchangeTables } from '../modules/exchange/exchange.tables';
export interface DB extends ExchangeTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
import type { IncomingTables } from '../modules/incoming/incoming.tables';
export interface DB extends IncomingTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
import type { OutgoingTables } from '../modules/outgoing/outgoing.tables';
export interface DB extends OutgoingTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
import type { SigningTables } from '../modules/signing/signing.tables';
export interface DB extends SigningTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
