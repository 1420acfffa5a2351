import type { ColumnType, Generated } from 'kysely';

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface NotificationsTable {
  id: Generated<string>; organ_id: string; user_id: string; kind: string; title: string; body: string | null; link: string | null;
  dedup_key: string | null; created_at: Generated<Date>; read_at: TsNull;
}
export interface NotifyTables { notifications: NotificationsTable }
