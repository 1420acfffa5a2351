-- Work files and the file plan (issue 14; records.md, functions.md F4a–F4g, F5b, O5, O6).
-- Retention is a code: 'permanent' | '70' | '50' | '30' | '20' | '10' | '5' | 'lapse' (until the document lapses).

-- Retention schedule (TT 10/2022 examples, maintained by the admin): proposes retention for plan entries and files.
CREATE TABLE workfile_retention (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id       uuid NOT NULL REFERENCES organs(id),
  name           text NOT NULL,                 -- e.g. 'Báo cáo tổng kết năm của cơ quan'
  retention      text NOT NULL CHECK (retention IN ('permanent','70','50','30','20','10','5','lapse')),
  keywords       text NOT NULL DEFAULT '',      -- folded words that propose this row for a title
  doc_type_codes text[],                        -- document types this row applies to (null: any)
  source         text NOT NULL DEFAULT 'TT 10/2022/TT-BNV',
  active         boolean NOT NULL DEFAULT true,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workfile_retention_organ ON workfile_retention (organ_id);

-- File plan (danh mục hồ sơ): one per organ and year, drafted by the clerk, approved by the head.
CREATE TABLE workfile_plans (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  year          int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title         text NOT NULL,
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','approved')),
  numbering     text NOT NULL DEFAULT 'plan' CHECK (numbering IN ('plan','heading')), -- file numbers across the plan or within each main heading
  copied_from   uuid REFERENCES workfile_plans(id),
  decision_ref  text,                           -- the Quyết định issuing the plan
  created_by    uuid NOT NULL REFERENCES users(id),
  approved_by   uuid REFERENCES users(id),
  approved_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organ_id, year)
);

-- Headings: main (I, II… parent null) and sub-headings (1, 2…).
CREATE TABLE workfile_plan_headings (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id   uuid NOT NULL REFERENCES organs(id),
  plan_id    uuid NOT NULL REFERENCES workfile_plans(id) ON DELETE CASCADE,
  parent_id  uuid REFERENCES workfile_plan_headings(id) ON DELETE CASCADE,
  ord        int NOT NULL,
  label      text NOT NULL,                     -- 'I', 'II', '1', '2'
  title      text NOT NULL,
  unit_id    uuid REFERENCES units(id)
);
CREATE INDEX workfile_plan_headings_plan ON workfile_plan_headings (plan_id, ord);

-- Entries: one future work file each.
CREATE TABLE workfile_plan_entries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id         uuid NOT NULL REFERENCES organs(id),
  plan_id          uuid NOT NULL REFERENCES workfile_plans(id) ON DELETE CASCADE,
  heading_id       uuid NOT NULL REFERENCES workfile_plan_headings(id) ON DELETE CASCADE,
  ord              int NOT NULL,
  notation         text NOT NULL CHECK (length(notation) BETWEEN 1 AND 20), -- '01.TCCB'
  title            text NOT NULL,
  retention        text NOT NULL CHECK (retention IN ('permanent','70','50','30','20','10','5','lapse')),
  creator_unit_id  uuid REFERENCES units(id),
  creator_user_id  uuid REFERENCES users(id),
  note             text NOT NULL DEFAULT '',
  doc_type_codes   text[],                       -- proposal rules: documents of these types …
  unit_ids         uuid[],                       -- … handled in these units go to this file
  UNIQUE (plan_id, notation)
);
CREATE INDEX workfile_plan_entries_plan ON workfile_plan_entries (plan_id, ord);

-- Work files (hồ sơ công việc). code = organ code + '.' + year + '.' + notation (records.md).
CREATE TABLE workfiles (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id              uuid NOT NULL REFERENCES organs(id),
  year                  int NOT NULL,
  plan_entry_id         uuid REFERENCES workfile_plan_entries(id),
  notation              text NOT NULL CHECK (length(notation) BETWEEN 1 AND 20),
  code                  text NOT NULL CHECK (length(code) <= 100),
  title                 text NOT NULL CHECK (length(title) <= 1000),
  retention             text CHECK (retention IN ('permanent','70','50','30','20','10','5','lapse')),
  creator_id            uuid NOT NULL REFERENCES users(id),
  unit_id               uuid NOT NULL REFERENCES units(id),
  start_date            date NOT NULL,
  end_date              date,
  status                text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
  -- TT 05/2025 file-level fields kept on the file
  language              text NOT NULL DEFAULT 'Tiếng Việt',
  mode                  text NOT NULL DEFAULT '01' CHECK (mode IN ('01','02','03')),
  keyword               text NOT NULL DEFAULT '',
  infor_sign            text NOT NULL DEFAULT '',
  confidence_level      text NOT NULL DEFAULT '01' CHECK (confidence_level IN ('01','02','03')),
  paper_file_code       text,
  format                text NOT NULL DEFAULT 'Điện tử',
  risk_recovery         text NOT NULL DEFAULT '',
  risk_recovery_status  text NOT NULL DEFAULT '',
  description           text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  extra                 jsonb NOT NULL DEFAULT '{}',  -- per-organ extra fields (F7c)
  search_key            text NOT NULL DEFAULT '',     -- folded code + title: search without diacritics
  member_count          int NOT NULL DEFAULT 0,
  closed_at             timestamptz,
  closed_by             uuid REFERENCES users(id),
  transfer_notified_at  timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organ_id, code)
);
CREATE INDEX workfiles_creator ON workfiles (organ_id, creator_id, created_at DESC);
CREATE INDEX workfiles_unit_year ON workfiles (organ_id, unit_id, year, code);
CREATE INDEX workfiles_entry ON workfiles (plan_entry_id) WHERE plan_entry_id IS NOT NULL;

-- Members: documents by reference (never copied). ordinal is the DocOrdinal (F4b), 1..n without gaps.
CREATE TABLE workfile_members (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id         uuid NOT NULL REFERENCES organs(id),
  workfile_id      uuid NOT NULL REFERENCES workfiles(id) ON DELETE CASCADE,
  ordinal          int NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('incoming','outgoing','upload')),
  ref_id           uuid NOT NULL,                -- incoming_documents.id / outgoing_docs.id / files.id
  doc_date         date NOT NULL,
  -- TT 05/2025 document-level fields, filled from the document when it is added (F1g)
  type_name        text NOT NULL DEFAULT '',
  type_code        text,
  code_number      text NOT NULL DEFAULT '',
  code_notation    text NOT NULL DEFAULT '',
  organ_name       text NOT NULL DEFAULT '',
  subject          text NOT NULL DEFAULT '',
  language         text NOT NULL DEFAULT 'Tiếng Việt',
  page_count       int,
  confidentiality  text NOT NULL DEFAULT 'thuong',
  signed           boolean NOT NULL DEFAULT false,
  draft            boolean NOT NULL DEFAULT false,
  autograph        text NOT NULL DEFAULT '',     -- signer position and name
  file_ids         uuid[] NOT NULL DEFAULT '{}', -- the document's files (files.id), referenced, not copied
  description      text NOT NULL DEFAULT '',
  added_by         uuid NOT NULL REFERENCES users(id),
  added_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workfile_id, kind, ref_id),
  CONSTRAINT workfile_members_ordinal UNIQUE (workfile_id, ordinal) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX workfile_members_ref ON workfile_members (organ_id, kind, ref_id);
CREATE INDEX workfile_members_file_date ON workfile_members (workfile_id, doc_date, ordinal);

-- Explicit access to a file (F3b), besides its creator and its unit.
CREATE TABLE workfile_grants (
  workfile_id  uuid NOT NULL REFERENCES workfiles(id) ON DELETE CASCADE,
  organ_id     uuid NOT NULL REFERENCES organs(id),
  user_id      uuid NOT NULL REFERENCES users(id),
  access       text NOT NULL CHECK (access IN ('read','edit')),
  granted_by   uuid NOT NULL REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workfile_id, user_id)
);
CREATE INDEX workfile_grants_user ON workfile_grants (organ_id, user_id);

-- Submissions to leaders (phiếu trình): specialist → unit head → leader.
CREATE TABLE workfile_submissions (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  workfile_id   uuid REFERENCES workfiles(id),
  title         text NOT NULL,
  note          text NOT NULL DEFAULT '',
  submitter_id  uuid NOT NULL REFERENCES users(id),
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','returned','more_info')),
  deadline      date,
  electronic    boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  decided_at    timestamptz
);
CREATE INDEX workfile_submissions_submitter ON workfile_submissions (organ_id, submitter_id, created_at DESC);

CREATE TABLE workfile_submission_steps (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id       uuid NOT NULL REFERENCES organs(id),
  submission_id  uuid NOT NULL REFERENCES workfile_submissions(id) ON DELETE CASCADE,
  ord            int NOT NULL,
  role           text NOT NULL CHECK (role IN ('unit_head','leader')),
  actor_id       uuid NOT NULL REFERENCES users(id),
  state          text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting','pending','approved','returned','more')),
  opinion        text NOT NULL DEFAULT '',
  deadline       date,
  acted_at       timestamptz,
  UNIQUE (submission_id, ord)
);
CREATE INDEX workfile_submission_steps_actor ON workfile_submission_steps (organ_id, actor_id, state);
