-- Outgoing documents (văn bản đi): drafts and versions, approval routes, delegations, numbering
-- records, issue tracking per recipient, copies and recalls. Registers (sổ) and their counters
-- belong to the registers module; only their ids are kept here (no foreign key across modules).

CREATE TABLE outgoing_docs (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id              uuid NOT NULL REFERENCES organs(id),
  drafting_unit_id      uuid NOT NULL REFERENCES units(id),
  drafter_id            uuid NOT NULL REFERENCES users(id),
  doc_type              text NOT NULL,
  subject               text NOT NULL,
  urgency               text NOT NULL DEFAULT 'thuong',
  confidentiality       text NOT NULL DEFAULT 'thuong',
  signer_id             uuid REFERENCES users(id),
  answers_incoming_id   uuid,
  advisory_body         text,
  status                text NOT NULL DEFAULT 'draft'
                        CHECK (status IN ('draft','in_review','signed','issued','recalled')),
  return_to_ord         integer,
  register_id           uuid,
  year                  integer,
  number                integer,
  notation              text,
  number_notation       text,
  issued_date           date,
  signed_at             timestamptz,
  signed_by             uuid REFERENCES users(id),
  sign_rank             text,
  final_file_id         uuid REFERENCES files(id),
  signed_file_id        uuid REFERENCES files(id),
  sealed_file_id        uuid REFERENCES files(id),
  issued_at             timestamptz,
  issued_by             uuid REFERENCES users(id),
  email_recipients      text[] NOT NULL DEFAULT '{}',
  recalled_at           timestamptz,
  recall_kind           text,
  recall_reason         text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outgoing_docs_organ_status ON outgoing_docs (organ_id, status, created_at DESC);
CREATE UNIQUE INDEX outgoing_docs_number ON outgoing_docs (organ_id, register_id, year, number) WHERE number IS NOT NULL;

-- Every upload is a new version; kind 'draft' is the main file, 'attachment' an annex.
CREATE TABLE outgoing_versions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id     uuid NOT NULL REFERENCES organs(id),
  outgoing_id  uuid NOT NULL REFERENCES outgoing_docs(id),
  kind         text NOT NULL CHECK (kind IN ('draft','attachment')),
  version_no   integer NOT NULL,
  file_id      uuid NOT NULL REFERENCES files(id),
  uploaded_by  uuid NOT NULL REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (outgoing_id, kind, version_no)
);

CREATE TABLE outgoing_comments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id     uuid NOT NULL REFERENCES organs(id),
  outgoing_id  uuid NOT NULL REFERENCES outgoing_docs(id),
  version_id   uuid REFERENCES outgoing_versions(id),
  author_id    uuid NOT NULL REFERENCES users(id),
  body         text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outgoing_comments_doc ON outgoing_comments (outgoing_id, created_at);

-- Xin ý kiến: a question to another unit, answered with a text and optionally a file (F1n).
CREATE TABLE outgoing_consultations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id        uuid NOT NULL REFERENCES organs(id),
  outgoing_id     uuid NOT NULL REFERENCES outgoing_docs(id),
  unit_id         uuid NOT NULL REFERENCES units(id),
  question        text NOT NULL,
  asked_by        uuid NOT NULL REFERENCES users(id),
  answer          text,
  answer_file_id  uuid REFERENCES files(id),
  answered_by     uuid REFERENCES users(id),
  answered_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Approval route templates per organ and document type (doc_type NULL = any type).
CREATE TABLE outgoing_route_templates (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id    uuid NOT NULL REFERENCES organs(id),
  doc_type    text,
  name        text NOT NULL,
  steps       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX outgoing_route_templates_type ON outgoing_route_templates (organ_id, coalesce(doc_type, ''));

-- The route of one document: ordered steps with a resolved actor.
CREATE TABLE outgoing_steps (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id       uuid NOT NULL REFERENCES organs(id),
  outgoing_id    uuid NOT NULL REFERENCES outgoing_docs(id),
  ord            integer NOT NULL,
  action         text NOT NULL CHECK (action IN ('review','initial','format_check','sign')),
  actor_id       uuid NOT NULL REFERENCES users(id),
  state          text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','active','done')),
  acted_by       uuid REFERENCES users(id),
  acted_at       timestamptz,
  delegation_id  uuid,
  UNIQUE (outgoing_id, ord)
);

-- Every decision on a step, in order (approve, return, forward).
CREATE TABLE outgoing_step_events (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id     uuid NOT NULL REFERENCES organs(id),
  outgoing_id  uuid NOT NULL REFERENCES outgoing_docs(id),
  ord          integer NOT NULL,
  action       text NOT NULL,
  decision     text NOT NULL CHECK (decision IN ('submit','approve','return','forward','adjust')),
  user_id      uuid NOT NULL REFERENCES users(id),
  target       text,
  comment      text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outgoing_step_events_doc ON outgoing_step_events (outgoing_id, created_at);

-- Delegated signing (TUQ., KT., TL., Q.): written, time-limited, never delegated again.
CREATE TABLE delegations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  from_user_id  uuid NOT NULL REFERENCES users(id),
  to_user_id    uuid NOT NULL REFERENCES users(id),
  rank          text NOT NULL CHECK (rank IN ('TUQ','KT','TL','Q')),
  starts_on     date NOT NULL,
  ends_on       date NOT NULL,
  note          text,
  revoked_at    timestamptz,
  created_by    uuid NOT NULL REFERENCES users(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on),
  CHECK (from_user_id <> to_user_id)
);
CREATE INDEX delegations_to ON delegations (organ_id, to_user_id);

-- Which register a document type uses (admin-configurable). doc_type '*' = default, or 'confidential'.
CREATE TABLE outgoing_register_rules (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id     uuid NOT NULL REFERENCES organs(id),
  doc_type     text NOT NULL,
  register_id  uuid NOT NULL,
  UNIQUE (organ_id, doc_type)
);

-- Every number given out, with its fate: a cancelled number stays recorded with its reason.
CREATE TABLE outgoing_numbers (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id       uuid NOT NULL REFERENCES organs(id),
  register_id    uuid NOT NULL,
  year           integer NOT NULL,
  number         integer NOT NULL,
  number_notation text NOT NULL,
  outgoing_id    uuid REFERENCES outgoing_docs(id),
  copy_id        uuid,
  taken_by       uuid REFERENCES users(id),
  taken_at       timestamptz NOT NULL DEFAULT now(),
  cancelled_at   timestamptz,
  cancel_reason  text,
  UNIQUE (organ_id, register_id, year, number)
);

-- Issue tracking per recipient (F1k, F1o).
CREATE TABLE outgoing_recipients (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id       uuid NOT NULL REFERENCES organs(id),
  outgoing_id    uuid NOT NULL REFERENCES outgoing_docs(id),
  kind           text NOT NULL CHECK (kind IN ('internal','external')),
  unit_id        uuid REFERENCES units(id),
  organ_code     text,
  name           text NOT NULL,
  status         text NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending','queued','sent','received','registered','assigned','in_progress','done','rejected','withdrawn')),
  incoming_id    uuid,
  note           text,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outgoing_recipients_doc ON outgoing_recipients (outgoing_id);
CREATE INDEX outgoing_recipients_unit ON outgoing_recipients (organ_id, unit_id);

-- Copies (sao y, sao lục, trích sao) of an issued outgoing or an incoming document.
CREATE TABLE outgoing_copies (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id         uuid NOT NULL REFERENCES organs(id),
  form             text NOT NULL CHECK (form IN ('SY','SL','TrS')),
  source_kind      text NOT NULL CHECK (source_kind IN ('outgoing','incoming')),
  source_id        uuid NOT NULL,
  source_file_id   uuid NOT NULL REFERENCES files(id),
  register_id      uuid NOT NULL,
  year             integer NOT NULL,
  number           integer NOT NULL,
  number_notation  text NOT NULL,
  file_id          uuid NOT NULL REFERENCES files(id),
  recipients       text,
  created_by       uuid NOT NULL REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Residual record of a withdrawn/recalled item (F8b): what was removed, when, why.
CREATE TABLE outgoing_recall_records (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id       uuid NOT NULL REFERENCES organs(id),
  outgoing_id    uuid NOT NULL REFERENCES outgoing_docs(id),
  recipient_id   uuid REFERENCES outgoing_recipients(id),
  kind           text NOT NULL CHECK (kind IN ('recall','update','replace')),
  reason         text NOT NULL,
  summary        text NOT NULL,
  replacement_id uuid REFERENCES outgoing_docs(id),
  created_by     uuid NOT NULL REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- Demo mode only: server-held software keys for demo users and organs, issued by a demo CA at first use.
CREATE TABLE outgoing_demo_keys (
  subject      text PRIMARY KEY,           -- 'ca', 'user:<id>' or 'organ:<id>'
  key_pem      text NOT NULL,
  cert_der     bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
