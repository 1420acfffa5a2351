import type { ColumnType, Generated } from 'kysely';

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type LocalDate = ColumnType<string, string, string>;
type LocalDateNull = ColumnType<string | null, string | null | undefined, string | null>;
type Json = ColumnType<unknown, string | undefined, string>;

/** Retention codes (TT 10/2022 periods; 'lapse' = until the document lapses). */
export const RETENTIONS = ['permanent', '70', '50', '30', '20', '10', '5', 'lapse'] as const;
export type Retention = (typeof RETENTIONS)[number];
export type MemberKind = 'incoming' | 'outgoing' | 'upload';
export type SubmissionStatus = 'pending' | 'approved' | 'returned' | 'more_info';
export type StepState = 'waiting' | 'pending' | 'approved' | 'returned' | 'more';

export interface WorkfileRetentionTable {
  id: Generated<string>;
  organ_id: string;
  name: string;
  retention: Retention;
  keywords: Generated<string>;
  doc_type_codes: string[] | null;
  source: Generated<string>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface WorkfilePlansTable {
  id: Generated<string>;
  organ_id: string;
  year: number;
  title: string;
  status: Generated<'draft' | 'approved'>;
  numbering: Generated<'plan' | 'heading'>;
  copied_from: string | null;
  decision_ref: string | null;
  created_by: string;
  approved_by: string | null;
  approved_at: TsNull;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface WorkfilePlanHeadingsTable {
  id: Generated<string>;
  organ_id: string;
  plan_id: string;
  parent_id: string | null;
  ord: number;
  label: string;
  title: string;
  unit_id: string | null;
}
export interface WorkfilePlanEntriesTable {
  id: Generated<string>;
  organ_id: string;
  plan_id: string;
  heading_id: string;
  ord: number;
  notation: string;
  title: string;
  retention: Retention;
  creator_unit_id: string | null;
  creator_user_id: string | null;
  note: Generated<string>;
  doc_type_codes: string[] | null;
  unit_ids: string[] | null;
}
export interface WorkfilesTable {
  id: Generated<string>;
  organ_id: string;
  year: number;
  plan_entry_id: string | null;
  notation: string;
  code: string;
  title: string;
  retention: Retention | null;
  creator_id: string;
  unit_id: string;
  start_date: LocalDate;
  end_date: LocalDateNull;
  status: Generated<'open' | 'closed'>;
  language: Generated<string>;
  mode: Generated<'01' | '02' | '03'>;
  keyword: Generated<string>;
  infor_sign: Generated<string>;
  confidence_level: Generated<'01' | '02' | '03'>;
  paper_file_code: string | null;
  format: Generated<string>;
  risk_recovery: Generated<string>;
  risk_recovery_status: Generated<string>;
  description: Generated<string>;
  extra: Json;
  search_key: Generated<string>;
  member_count: Generated<number>;
  closed_at: TsNull;
  closed_by: string | null;
  transfer_notified_at: TsNull;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface WorkfileMembersTable {
  id: Generated<string>;
  organ_id: string;
  workfile_id: string;
  ordinal: number;
  kind: MemberKind;
  ref_id: string;
  doc_date: LocalDate;
  type_name: Generated<string>;
  type_code: string | null;
  code_number: Generated<string>;
  code_notation: Generated<string>;
  organ_name: Generated<string>;
  subject: Generated<string>;
  language: Generated<string>;
  page_count: number | null;
  confidentiality: Generated<string>;
  signed: Generated<boolean>;
  draft: Generated<boolean>;
  autograph: Generated<string>;
  file_ids: Generated<string[]>;
  description: Generated<string>;
  added_by: string;
  added_at: Generated<Date>;
}
export interface WorkfileGrantsTable {
  workfile_id: string;
  organ_id: string;
  user_id: string;
  access: 'read' | 'edit';
  granted_by: string;
  created_at: Generated<Date>;
}
export interface WorkfileSubmissionsTable {
  id: Generated<string>;
  organ_id: string;
  workfile_id: string | null;
  title: string;
  note: Generated<string>;
  submitter_id: string;
  status: Generated<SubmissionStatus>;
  deadline: LocalDateNull;
  electronic: Generated<boolean>;
  created_at: Generated<Date>;
  decided_at: TsNull;
}
export interface WorkfileSubmissionStepsTable {
  id: Generated<string>;
  organ_id: string;
  submission_id: string;
  ord: number;
  role: 'unit_head' | 'leader';
  actor_id: string;
  state: Generated<StepState>;
  opinion: Generated<string>;
  deadline: LocalDateNull;
  acted_at: TsNull;
}

export interface WorkfilesTables {
  workfile_retention: WorkfileRetentionTable;
  workfile_plans: WorkfilePlansTable;
  workfile_plan_headings: WorkfilePlanHeadingsTable;
  workfile_plan_entries: WorkfilePlanEntriesTable;
  workfiles: WorkfilesTable;
  workfile_members: WorkfileMembersTable;
  workfile_grants: WorkfileGrantsTable;
  workfile_submissions: WorkfileSubmissionsTable;
  workfile_submission_steps: WorkfileSubmissionStepsTable;
}

// The module's tables join the database type here (declaration merging), so db/types.ts stays untouched.
declare module '../../db/types' {
  interface DB extends WorkfilesTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
}
