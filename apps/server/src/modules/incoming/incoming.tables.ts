import type { ColumnType, Generated } from 'kysely';
import type { RegistersTables } from '../registers';
import type { NotifyTables } from '../notify';

type Ts = ColumnType<Date, Date | string | undefined, Date | string>;
type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<unknown, string | null | undefined, string | null>;
type LocalDate = ColumnType<string, string, string>;
type LocalDateNull = ColumnType<string | null, string | null | undefined, string | null>;

export type IncomingStatus = 'pending_registration' | 'pending_assignment' | 'in_progress' | 'done' | 'returned';
export type AssignmentRole = 'present' | 'lead' | 'coordinate' | 'info';
export type AssignmentState = 'pending' | 'in_progress' | 'done' | 'returned' | 'info';

export interface IncomingDocumentsTable {
  id: string;
  organ_id: string;
  status: IncomingStatus;
  source: 'paper' | 'edxml' | 'email';
  source_info: Json;
  register_id: string | null;
  arrival_year: number | null;
  arrival_number: number | null;
  arrival_date: LocalDateNull;
  registered_at: TsNull;
  received_at: Ts;
  doc_type_code: string;
  type_name: string;
  number: string;
  notation: string;
  issued_date: LocalDate;
  issuing_organ_id: string | null;
  issuing_organ_code: string | null;
  issuing_organ_name: string;
  subject: string;
  signer_position: string | null;
  signer_name: string | null;
  urgency: string;
  confidentiality: string;
  conf_rank: number;
  page_count: number | null;
  recipients: string | null;
  description: string | null;
  language: Generated<string>;
  document_identifier: string | null;
  deadline: LocalDateNull;
  dup_key: string;
  search_text: string;
  search_fold: string;
  completed_at: TsNull;
  completed_by: string | null;
  completion_note: string | null;
  answer_outgoing_id: string | null;
  answer_ref: string | null;
  returned_reason: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface IncomingFilesTable {
  document_id: string;
  file_id: string;
  kind: 'main' | 'attachment' | 'progress';
  sort_order: number;
  added_by: string | null;
}
export interface IncomingAssignmentsTable {
  id: Generated<string>;
  organ_id: string;
  document_id: string;
  parent_id: string | null;
  role: AssignmentRole;
  is_top: Generated<boolean>;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  assigned_by: string | null;
  direction: string | null;
  deadline: LocalDateNull;
  state: AssignmentState;
  conf_rank: number;
  note: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  done_at: TsNull;
}
export interface IncomingTraceTable {
  id: Generated<string>;
  organ_id: string;
  document_id: string;
  at: Generated<Date>;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  note: string | null;
  details: Json;
}

export interface IncomingTables extends RegistersTables, NotifyTables {
  incoming_documents: IncomingDocumentsTable;
  incoming_files: IncomingFilesTable;
  incoming_assignments: IncomingAssignmentsTable;
  incoming_trace: IncomingTraceTable;
}
