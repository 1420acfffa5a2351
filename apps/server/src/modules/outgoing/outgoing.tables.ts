/** Kysely table types of the outgoing module (migrations 0003_outgoing.sql, 0012_outgoing_prepared.sql); merged into DB in db/types.ts. */
import type { ColumnType, Generated } from 'kysely';

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type DateCol = ColumnType<string | null, string | null | undefined, string | null>;
type JsonCol = ColumnType<unknown, string, string>;

export interface OutgoingDocsTable {
  id: Generated<string>;
  organ_id: string;
  drafting_unit_id: string;
  drafter_id: string;
  doc_type: string;
  subject: string;
  urgency: Generated<string>;
  confidentiality: Generated<string>;
  signer_id: string | null;
  answers_incoming_id: string | null;
  advisory_body: string | null;
  status: Generated<string>;
  return_to_ord: number | null;
  register_id: string | null;
  year: number | null;
  number: number | null;
  notation: string | null;
  number_notation: string | null;
  issued_date: DateCol;
  signed_at: TsNull;
  signed_by: string | null;
  sign_rank: string | null;
  final_file_id: string | null;
  signed_file_id: string | null;
  sealed_file_id: string | null;
  issued_at: TsNull;
  issued_by: string | null;
  email_recipients: Generated<string[]>;
  recalled_at: TsNull;
  recall_kind: string | null;
  recall_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Deferred signing (0012_outgoing_prepared.sql): the stamped PDF waiting for the personal signature, its source, its date. */
  prepared_file_id: ColumnType<string | null, string | null | undefined, string | null>;
  prepared_source_id: ColumnType<string | null, string | null | undefined, string | null>;
  prepared_date: DateCol;
}
export interface OutgoingVersionsTable {
  id: Generated<string>;
  organ_id: string;
  outgoing_id: string;
  kind: 'draft' | 'attachment';
  version_no: number;
  file_id: string;
  uploaded_by: string;
  created_at: Generated<Date>;
}
export interface OutgoingCommentsTable {
  id: Generated<string>;
  organ_id: string;
  outgoing_id: string;
  version_id: string | null;
  author_id: string;
  body: string;
  created_at: Generated<Date>;
}
export interface OutgoingConsultationsTable {
  id: Generated<string>;
  organ_id: string;
  outgoing_id: string;
  unit_id: string;
  question: string;
  asked_by: string;
  answer: string | null;
  answer_file_id: string | null;
  answered_by: string | null;
  answered_at: TsNull;
  created_at: Generated<Date>;
}
export interface OutgoingRouteTemplatesTable {
  id: Generated<string>;
  organ_id: string;
  doc_type: string | null;
  name: string;
  steps: JsonCol;
  created_at: Generated<Date>;
}
export interface OutgoingStepsTable {
  id: Generated<string>;
  organ_id: string;
  outgoing_id: string;
  ord: number;
  action: string;
  actor_id: string;
  state: Generated<string>;
  acted_by: string | null;
  acted_at: TsNull;
  delegation_id: string | null;
}
export interface OutgoingStepEventsTable {
  id: Generated<string>;
  organ_id: string;
  outgoing_id: string;
  ord: number;
  action: string;
  decision: string;
  user_id: string;
  target: string | null;
  comment: string | null;
  created_at: Generated<Date>;
}
export interface DelegationsTable {
  id: Generated<string>;
  organ_id: string;
  from_user_id: string;
  to_user_id: string;
  rank: string;
  starts_on: string;
  ends_on: string;
  note: string | null;
  revoked_at: TsNull;
  created_by: string;
  created_at: Generated<Date>;
}
export interface OutgoingRegisterRulesTable {
  id: Generated<string>;
  organ_id: string;
  doc_type: string;
  register_id: string;
}
export interface OutgoingNumbersTable {
  id: Generated<string>;
  organ_id: string;
  register_id: string;
  year: number;
  number: number;
  number_notation: string;
  outgoing_id: string | null;
  copy_id: string | null;
  taken_by: string | null;
  taken_at: Generated<Date>;
  cancelled_at: TsNull;
  cancel_reason: string | null;
}
export interface OutgoingRecipientsTable {
  id: Generated<string>;
  organ_id: string;
  outgoing_id: string;
  kind: 'internal' | 'external';
  unit_id: string | null;
  organ_code: string | null;
  name: string;
  status: Generated<string>;
  incoming_id: string | null;
  note: string | null;
  updated_at: Generated<Date>;
}
export interface OutgoingCopiesTable {
  id: Generated<string>;
  organ_id: string;
  form: string;
  source_kind: string;
  source_id: string;
  source_file_id: string;
  register_id: string;
  year: number;
  number: number;
  number_notation: string;
  file_id: string;
  recipients: string | null;
  created_by: string;
  created_at: Generated<Date>;
}
export interface OutgoingRecallRecordsTable {
  id: Generated<string>;
  organ_id: string;
  outgoing_id: string;
  recipient_id: string | null;
  kind: string;
  reason: string;
  summary: string;
  replacement_id: string | null;
  created_by: string;
  created_at: Generated<Date>;
}

export interface OutgoingDemoKeysTable {
  subject: string;
  key_pem: string;
  cert_der: Buffer;
  created_at: Generated<Date>;
}

export interface OutgoingTables {
  outgoing_demo_keys: OutgoingDemoKeysTable;
  outgoing_docs: OutgoingDocsTable;
  outgoing_versions: OutgoingVersionsTable;
  outgoing_comments: OutgoingCommentsTable;
  outgoing_consultations: OutgoingConsultationsTable;
  outgoing_route_templates: OutgoingRouteTemplatesTable;
  outgoing_steps: OutgoingStepsTable;
  outgoing_step_events: OutgoingStepEventsTable;
  delegations: DelegationsTable;
  outgoing_register_rules: OutgoingRegisterRulesTable;
  outgoing_numbers: OutgoingNumbersTable;
  outgoing_recipients: OutgoingRecipientsTable;
  outgoing_copies: OutgoingCopiesTable;
  outgoing_recall_records: OutgoingRecallRecordsTable;
}
