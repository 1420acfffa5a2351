-- Digitisation (số hóa, issue 22): a batch of scans uploaded together becomes one or more documents (items);
-- each item is OCR'd by the job `digitisation.process` into a two-layer PDF/A-2b, a separate file whose
-- derived_from is the item's first scan. A signed PDF is never rewritten: its item keeps the original file and
-- only its text is stored (search_file_texts). Proposed metadata (F1g) is kept per item for the registration form.
CREATE TABLE digitisation_batches (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  created_by    uuid NOT NULL REFERENCES users(id),
  profile       text NOT NULL CHECK (profile IN ('office', 'archival')),
  material      text NOT NULL CHECK (material IN ('text', 'drawing')),
  split         text NOT NULL CHECK (split IN ('one', 'files', 'pages', 'separator')),
  pages_per_doc integer CHECK (pages_per_doc IS NULL OR pages_per_doc BETWEEN 1 AND 1000),
  file_code     text,
  sign_copy     boolean NOT NULL DEFAULT false,
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done', 'failed')),
  total_pages   integer NOT NULL DEFAULT 0,
  done_pages    integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX digitisation_batches_organ ON digitisation_batches (organ_id, created_at DESC);

-- The scans of a batch in upload order, with what their headers said (pages, size, resolution, colour).
CREATE TABLE digitisation_scans (
  batch_id   uuid NOT NULL REFERENCES digitisation_batches(id),
  ordinal    integer NOT NULL,
  organ_id   uuid NOT NULL REFERENCES organs(id),
  file_id    uuid NOT NULL REFERENCES files(id),
  kind       text NOT NULL,
  pages      integer NOT NULL,
  info       jsonb NOT NULL,
  PRIMARY KEY (batch_id, ordinal)
);

CREATE TABLE digitisation_items (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  batch_id      uuid NOT NULL REFERENCES digitisation_batches(id),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  ordinal       integer NOT NULL,
  -- [{ordinal, from, to}] ranges of the batch's scans (pages 1-based, inclusive)
  parts         jsonb NOT NULL,
  pages         integer NOT NULL,
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done', 'failed')),
  pages_done    integer NOT NULL DEFAULT 0,
  signed        boolean NOT NULL DEFAULT false,
  result_file_id uuid REFERENCES files(id),
  name          text,
  proposal      jsonb,
  error_code    text,
  error_message text,
  seconds       real,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (batch_id, ordinal)
);
CREATE INDEX digitisation_items_result ON digitisation_items (result_file_id);
