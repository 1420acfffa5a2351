import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | null | undefined, string | null>;

export interface ExchangeConnectorsTable {
  id: Generated<string>;
  organ_id: string;
  kind: 'internal_hub' | 'national_hub';
  endpoint: string;
  system_id: string;
  secret: string;
  enabled: Generated<boolean>;
  poll_interval_ms: Generated<number>;
  last_poll_at: TsNull;
  last_error: string | null;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface ExchangeOutboxTable {
  id: Generated<string>;
  organ_id: string;
  outgoing_ref: string | null;
  recipient_code: string;
  document_id: string;
  message_type: 'edoc' | 'status';
  business_type: number;
  status_code: string;
  subject: string;
  package: Json;
  state: Generated<'queued' | 'sent' | 'failed'>;
  hub_doc_id: string | null;
  attempts: Generated<number>;
  next_attempt_at: Ts;
  locked_until: TsNull;
  last_error: string | null;
  recipient_status: string | null;
  recipient_status_desc: string | null;
  recipient_status_at: TsNull;
  answer_status: string | null;
  answer_status_at: TsNull;
  created_at: Generated<Date>;
  sent_at: TsNull;
  updated_at: Ts;
}

export type InboxState =
  'receiving' | 'received' | 'registered' | 'rejected' | 'withdrawn' | 'applied' | 'invalid' | 'failed';

export interface ExchangeInboxTable {
  id: Generated<string>;
  organ_id: string;
  hub_doc_id: string;
  sender_code: Generated<string>;
  document_id: Generated<string>;
  message_type: 'edoc' | 'status';
  business_type: Generated<number>;
  status_code: Generated<string>;
  state: InboxState;
  incoming_ref: Generated<string | null>;
  subject: Generated<string>;
  code: Generated<string>;
  meta: Json;
  files: ColumnType<unknown, string | undefined, string>;
  signature: Json;
  error_code: string | null;
  error_message: string | null;
  retrieval: 'requested' | 'accepted' | 'refused' | null;
  retrieval_reason: string | null;
  acked_at: TsNull;
  created_at: Generated<Date>;
  updated_at: Ts;
}

export interface ExchangeTables {
  exchange_connectors: ExchangeConnectorsTable;
  exchange_outbox: ExchangeOutboxTable;
  exchange_inbox: ExchangeInboxTable;
}
