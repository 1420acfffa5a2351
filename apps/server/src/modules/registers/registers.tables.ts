import type { ColumnType, Generated } from 'kysely';

/** Tables of the registers module (migration 0002_incoming.sql). */
export interface DocTypesTable {
  id: Generated<string>;
  organ_id: string;
  code: string;
  name: string;
  abbr: string | null;
  active: Generated<boolean>;
  sort_order: Generated<number>;
}
export interface RegistersTable {
  id: Generated<string>;
  organ_id: string;
  kind: 'incoming' | 'outgoing' | 'copy';
  code: string;
  name: string;
  confidential: Generated<boolean>;
  doc_type_codes: string[] | null;
  active: Generated<boolean>;
  sort_order: Generated<number>;
  created_at: Generated<Date>;
}
export interface RegisterCountersTable {
  register_id: string;
  year: number;
  last_number: ColumnType<number, number | undefined, number>;
}

export interface RegistersTables {
  doc_types: DocTypesTable;
  registers: RegistersTable;
  register_counters: RegisterCountersTable;
}
