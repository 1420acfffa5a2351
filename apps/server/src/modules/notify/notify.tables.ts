import type { ColumnType, Generated } from 'kysely';

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface NotificationsTable {
  id: Generated<string>;
  organ_id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  dedup_key: string | null;
  created_at: Generated<Date>;
  read_at: TsNull;
}
export type MailStatus = 'pending' | 'sent' | 'dead' | 'no_transport';
/** 0026: the mail outbox (one row per recipient). */
export interface MailOutboxTable {
  id: Generated<string>;
  organ_id: string;
  to_addr: string;
  subject: string;
  html: string;
  text_body: string;
  ics: string | null;
  ics_method: string | null;
  related_type: string | null;
  related_id: string | null;
  status: Generated<MailStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string | null;
  created_at: Generated<Date>;
  sent_at: TsNull;
}
/** 0026: mail received by the văn thư's mailbox. */
export interface MailInboundTable {
  id: Generated<string>;
  organ_id: string;
  message_id: string | null;
  sender: string;
  subject: string;
  status: 'accepted' | 'refused';
  reason: string | null;
  incoming_id: string | null;
  attachments: Json;
  received_at: Generated<Date>;
}
export interface NotifyTables {
  notifications: NotificationsTable;
  mail_outbox: MailOutboxTable;
  mail_inbound: MailInboundTable;
}
