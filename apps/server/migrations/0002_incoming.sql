-- Registers (numbering sequences), document types, incoming documents, their assignments and trace, notifications.

CREATE TABLE doc_types (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id    uuid NOT NULL REFERENCES organs(id),
  code        text NOT NULL,
  name        text NOT NULL,
  abbr        text,
  active      boolean NOT NULL DEFAULT true,
  sort_order  integer NOT NULL DEFAULT 0,
  UNIQUE (organ_id, code)
);

-- A register (sổ): one numbering sequence per year. kind: incoming | outgoing | copy.
CREATE TABLE registers (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id        uuid NOT NULL REFERENCES organs(id),
  kind            text NOT NULL CHECK (kind IN ('incoming','outgoing','copy')),
  code            text NOT NULL,
  name            text NOT NULL,
  confidential    boolean NOT NULL DEFAULT false,
  -- null: every document type; otherwise only these doc_types.code
  doc_type_codes  text[],
  active          boolean NOT NULL DEFAULT true,
  sort_order      integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organ_id, kind, code)
);

-- The row locked by the registering transaction: numbers are consecutive, never skipped or repeated.
CREATE TABLE register_counters (
  register_id  uuid NOT NULL REFERENCES registers(id),
  year         integer NOT NULL,
  last_number  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (register_id, year)
);

CREATE TABLE incoming_documents (
  id                   uuid PRIMARY KEY,
  organ_id             uuid NOT NULL REFERENCES organs(id),
  status               text NOT NULL CHECK (status IN ('pending_registration','pending_assignment','in_progress','done','returned')),
  source               text NOT NULL CHECK (source IN ('paper','edxml')),
  source_info          jsonb,
  register_id          uuid REFERENCES registers(id),
  arrival_year         integer,
  arrival_number       integer,
  arrival_date         date,
  registered_at        timestamptz,
  received_at          timestamptz NOT NULL DEFAULT now(),
  doc_type_code        text NOT NULL,
  type_name            text NOT NULL,
  number               text NOT NULL,
  notation             text NOT NULL,
  issued_date          date NOT NULL,
  issuing_organ_id     uuid REFERENCES external_organs(id),
  issuing_organ_code   text,
  issuing_organ_name   text NOT NULL,
  subject              text NOT NULL,
  signer_position      text,
  signer_name          text,
  urgency              text NOT NULL,
  confidentiality      text NOT NULL,
  conf_rank            smallint NOT NULL,
  page_count           integer,
  recipients           text,
  description          text,
  language             text NOT NULL DEFAULT 'Tiếng Việt',
  document_identifier  text,
  deadline             date,
  dup_key              text NOT NULL,
  search_text          text NOT NULL,
  search_fold          text NOT NULL,
  completed_at         timestamptz,
  completed_by         uuid REFERENCES users(id),
  completion_note      text,
  answer_outgoing_id   uuid,
  answer_ref           text,
  returned_reason      text,
  created_by           uuid REFERENCES users(id),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (register_id, arrival_year, arrival_number)
);
CREATE INDEX incoming_docs_register ON incoming_documents (organ_id, arrival_date DESC, arrival_number DESC);
CREATE INDEX incoming_docs_status ON incoming_documents (organ_id, status) WHERE status IN ('pending_registration','pending_assignment');
CREATE INDEX incoming_docs_dup ON incoming_documents (organ_id, dup_key);
CREATE INDEX incoming_docs_identifier ON incoming_documents (organ_id, document_identifier) WHERE document_identifier IS NOT NULL;
CREATE INDEX incoming_docs_fold_trgm ON incoming_documents USING gin (search_fold gin_trgm_ops);

CREATE TABLE incoming_files (
  document_id  uuid NOT NULL REFERENCES incoming_documents(id),
  file_id      uuid NOT NULL REFERENCES files(id),
  kind         text NOT NULL DEFAULT 'main' CHECK (kind IN ('main','attachment','progress')),
  sort_order   integer NOT NULL DEFAULT 0,
  added_by     uuid REFERENCES users(id),
  PRIMARY KEY (document_id, file_id)
);

-- The inbox: one row per (assignee, document, role). A row addressed to a unit (assignee_user_id NULL) is the
-- unit head's; re-assignment inside the unit adds child rows addressed to people (parent_id).
CREATE TABLE incoming_assignments (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id          uuid NOT NULL REFERENCES organs(id),
  document_id       uuid NOT NULL REFERENCES incoming_documents(id),
  parent_id         uuid REFERENCES incoming_assignments(id),
  role              text NOT NULL CHECK (role IN ('present','lead','coordinate','info')),
  is_top            boolean NOT NULL DEFAULT false,
  assignee_user_id  uuid REFERENCES users(id),
  assignee_unit_id  uuid REFERENCES units(id),
  assigned_by       uuid REFERENCES users(id),
  direction         text,
  deadline          date,
  state             text NOT NULL CHECK (state IN ('pending','in_progress','done','returned','info')),
  conf_rank         smallint NOT NULL DEFAULT 0,
  note              text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  done_at           timestamptz,
  CHECK (assignee_user_id IS NOT NULL OR assignee_unit_id IS NOT NULL)
);
CREATE INDEX incoming_asg_user ON incoming_assignments (organ_id, assignee_user_id, state, deadline) WHERE assignee_user_id IS NOT NULL;
CREATE INDEX incoming_asg_unit ON incoming_assignments (organ_id, assignee_unit_id, state, deadline) WHERE assignee_user_id IS NULL;
CREATE INDEX incoming_asg_doc ON incoming_assignments (document_id);
CREATE INDEX incoming_asg_open_deadline ON incoming_assignments (organ_id, deadline) WHERE state IN ('pending','in_progress');
CREATE INDEX incoming_asg_report ON incoming_assignments (organ_id, created_at) WHERE is_top AND role = 'lead';

-- The processing history (TraceHeaderList): who did what, when, with the direction text.
CREATE TABLE incoming_trace (
  id           bigserial PRIMARY KEY,
  organ_id     uuid NOT NULL REFERENCES organs(id),
  document_id  uuid NOT NULL REFERENCES incoming_documents(id),
  at           timestamptz NOT NULL DEFAULT now(),
  actor_id     uuid REFERENCES users(id),
  actor_name   text,
  action       text NOT NULL,
  note         text,
  details      jsonb
);
CREATE INDEX incoming_trace_doc ON incoming_trace (document_id, id);

CREATE TABLE notifications (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id    uuid NOT NULL REFERENCES organs(id),
  user_id     uuid NOT NULL REFERENCES users(id),
  kind        text NOT NULL,
  title       text NOT NULL,
  body        text,
  link        text,
  dedup_key   text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  read_at     timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE UNIQUE INDEX notifications_dedup ON notifications (user_id, dedup_key) WHERE dedup_key IS NOT NULL;
