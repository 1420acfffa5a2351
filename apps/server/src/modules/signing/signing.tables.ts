import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string, string>;

export interface SignatureReportsTable {
  sha256: string;
  trust_fingerprint: string;
  verified_at: Ts;
  verdict: 'valid' | 'invalid' | 'indeterminate' | 'unsigned';
  report: Json;
}

export interface SignatureVisualChecksTable {
  sha256: string;
  status: 'pending' | 'same' | 'different' | 'error' | 'skipped';
  queued_at: Generated<Ts>;
  checked_at: TsNull;
  result: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface SigningKeysTable {
  id: Generated<string>;
  owner: string;
  kind: 'software' | 'pkcs11';
  certificate: Buffer;
  chain: ColumnType<Buffer[], Buffer[] | undefined, Buffer[]>;
  private_key_enc: Buffer | null;
  pkcs11_label: string | null;
  created_at: Generated<Date>;
}

export interface SigningSessionsTable {
  id: Generated<string>;
  organ_id: string;
  user_id: string;
  source_sha256: string;
  /** 0013: the file the session was opened on (the caller could see it); the signed result derives from it. */
  source_file_id: ColumnType<string | null, string | null | undefined, string | null>;
  prepared_sha256: string;
  byte_range: number[];
  document_digest: Buffer;
  to_be_signed: Buffer;
  certificate: Buffer;
  signing_time: Ts;
  field_name: string;
  state: Generated<'open' | 'completed' | 'failed'>;
  result_sha256: string | null;
  created_at: Generated<Date>;
  expires_at: Ts;
  completed_at: TsNull;
  /** 0019: the CSC credential a remote session signs with (null: the signer's own token). */
  remote_credential_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** 0019: per-organ TSA and remote signing (CSC API v2) settings. */
export interface SigningOrganSettingsTable {
  organ_id: string;
  tsa_url: string | null;
  csc_enabled: ColumnType<boolean, boolean | undefined, boolean>;
  csc_base_url: string | null;
  csc_client_id: string | null;
  csc_client_secret_enc: Buffer | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string | null;
}

/** 0019: CRLs by distribution point URL, reused until nextUpdate. */
export interface RevocationCacheTable {
  url: string;
  der: Buffer;
  this_update: Ts;
  next_update: TsNull;
  fetched_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface SigningTables {
  signature_reports: SignatureReportsTable;
  signature_visual_checks: SignatureVisualChecksTable;
  signing_keys: SigningKeysTable;
  signing_sessions: SigningSessionsTable;
  signing_organ_settings: SigningOrganSettingsTable;
  revocation_cache: RevocationCacheTable;
}
