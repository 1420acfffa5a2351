-- The agency archive (issue 21; records.md "Transfer", "Packages", "Destruction", "Access"; F5c, F5d, F6c, F6k, F6l, F7a, Ad, Ag).
-- A transfer (nộp lưu) brings closed work files into the archive; each becomes an archive record with an AIP
-- (E-ARK CSIP ZIP stored as a blob). Readers request access; reads are logged. Destruction follows TT 06/2025
-- and leaves a residual record of what was destroyed.

CREATE TABLE archive_transfers (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id     uuid NOT NULL REFERENCES organs(id),
  number       int NOT NULL,                       -- biên bản giao nhận số, per organ
  unit_ids     uuid[] NOT NULL,                    -- the units that handed the files over
  note         text NOT NULL DEFAULT '',
  received_by  uuid NOT NULL REFERENCES users(id),
  received_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organ_id, number)
);

CREATE TABLE archive_records (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  transfer_id   uuid NOT NULL REFERENCES archive_transfers(id),
  workfile_id   uuid NOT NULL,                     -- the work file it came from (workfiles module; by id only)
  code          text NOT NULL,
  title         text NOT NULL,
  search_key    text NOT NULL DEFAULT '',          -- folded code + title (foldKey)
  unit_id       uuid NOT NULL REFERENCES units(id),
  retention     text NOT NULL CHECK (retention IN ('permanent','70','50','30','20','10','5','lapse')),
  start_date    date NOT NULL,
  end_date      date NOT NULL,
  mode          text NOT NULL CHECK (mode IN ('01','02','03')),   -- access regime: public, restricted, secret
  status        text NOT NULL DEFAULT 'packaging' CHECK (status IN ('packaging','archived','failed','destroyed')),
  doc_count     int NOT NULL,
  metadata      jsonb NOT NULL,                    -- file + documents snapshot (TT 05 fields, content hashes)
  tt05_xml      text NOT NULL,                     -- the TT 05/2025 XML (same mapping as the work-file export)
  aip_sha256    text,                              -- the AIP blob (null until built, and after destruction)
  aip_size      bigint,
  validation    jsonb,                             -- eark validation summary of the AIP
  hold_reason   text,                              -- legal hold: blocks destruction at any step
  hold_by       uuid REFERENCES users(id),
  hold_until    date,
  hold_at       timestamptz,
  destroyed_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organ_id, workfile_id)
);
CREATE INDEX archive_records_organ ON archive_records (organ_id, status, end_date);

CREATE TABLE archive_access_requests (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  record_id     uuid NOT NULL REFERENCES archive_records(id),
  requester_id  uuid NOT NULL REFERENCES users(id),
  purpose       text NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
  decided_by    uuid REFERENCES users(id),
  decided_at    timestamptz,
  decision_note text NOT NULL DEFAULT '',
  valid_until   date,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX archive_access_requests_record ON archive_access_requests (organ_id, record_id, requester_id);
CREATE INDEX archive_access_requests_pending ON archive_access_requests (organ_id, status);

-- Every view and download (F6l); counts per record come from here.
CREATE TABLE archive_reads (
  id          bigserial PRIMARY KEY,
  organ_id    uuid NOT NULL REFERENCES organs(id),
  record_id   uuid NOT NULL REFERENCES archive_records(id),
  user_id     uuid NOT NULL REFERENCES users(id),
  kind        text NOT NULL CHECK (kind IN ('view','download','aip')),
  ordinal     int,
  purpose     text NOT NULL DEFAULT '',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX archive_reads_record ON archive_reads (organ_id, record_id);

-- Destruction (TT 06/2025): list + explanatory note → council decision → council minutes → appraisal →
-- destruction decision → destroyed (within 15 days) with minutes. Items keep the residual record.
CREATE TABLE archive_destructions (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id          uuid NOT NULL REFERENCES organs(id),
  title             text NOT NULL,
  note              text NOT NULL,                 -- bản thuyết minh
  status            text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','council','reviewed','appraised','decided','destroyed','cancelled')),
  council_ref       text,                          -- quyết định thành lập hội đồng
  council_members   uuid[] NOT NULL DEFAULT '{}',
  council_minutes   text,
  appraisal         text,                          -- văn bản thẩm định của cơ quan có thẩm quyền
  decision_ref      text,                          -- quyết định hủy
  decision_date     date,
  decided_by        uuid REFERENCES users(id),
  destruction_minutes text,
  destroyed_at      timestamptz,
  created_by        uuid NOT NULL REFERENCES users(id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE archive_destruction_items (
  destruction_id  uuid NOT NULL REFERENCES archive_destructions(id),
  record_id       uuid NOT NULL REFERENCES archive_records(id),
  organ_id        uuid NOT NULL REFERENCES organs(id),
  code            text NOT NULL,
  title           text NOT NULL,
  aip_sha256      text,
  doc_hashes      jsonb NOT NULL DEFAULT '[]',     -- [{ordinal, subject, sha256}] kept after destruction
  PRIMARY KEY (destruction_id, record_id)
);
CREATE INDEX archive_destruction_items_record ON archive_destruction_items (organ_id, record_id);
