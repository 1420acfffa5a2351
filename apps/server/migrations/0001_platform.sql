-- Platform: organs, units, people, sessions, audit, blobs, jobs, calendar.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE organs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  abbr        text NOT NULL,
  address     text,
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE units (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id    uuid NOT NULL REFERENCES organs(id),
  parent_id   uuid REFERENCES units(id),
  name        text NOT NULL,
  abbr        text NOT NULL,
  sort_order  integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_organ_parent ON units (organ_id, parent_id);

CREATE TABLE positions (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id  uuid NOT NULL REFERENCES organs(id),
  name      text NOT NULL,
  rank      integer NOT NULL DEFAULT 100,
  UNIQUE (organ_id, name)
);

CREATE TABLE users (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id         uuid NOT NULL REFERENCES organs(id),
  username         text NOT NULL,
  full_name        text NOT NULL,
  email            text,
  password_hash    text NOT NULL,
  active           boolean NOT NULL DEFAULT true,
  sysadmin         boolean NOT NULL DEFAULT false,
  clearance        text NOT NULL DEFAULT 'thuong' CHECK (clearance IN ('thuong','mat','toi_mat','tuyet_mat')),
  failed_logins    integer NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  totp_secret      text,
  totp_enabled     boolean NOT NULL DEFAULT false,
  totp_last_step   bigint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username ON users (lower(username));
CREATE INDEX users_organ ON users (organ_id);

-- A user's post: unit + position + roles. Rights come only from active memberships (Ađ).
CREATE TABLE memberships (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id     uuid NOT NULL REFERENCES organs(id),
  user_id      uuid NOT NULL REFERENCES users(id),
  unit_id      uuid NOT NULL REFERENCES units(id),
  position_id  uuid NOT NULL REFERENCES positions(id),
  roles        text[] NOT NULL DEFAULT '{}',
  is_primary   boolean NOT NULL DEFAULT true,
  started_at   timestamptz NOT NULL DEFAULT now(),
  ended_at     timestamptz
);
CREATE INDEX memberships_user_active ON memberships (user_id) WHERE ended_at IS NULL;
CREATE INDEX memberships_unit_active ON memberships (unit_id) WHERE ended_at IS NULL;

-- Directory of other organs for exchange, per owning organ.
CREATE TABLE external_organs (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id  uuid NOT NULL REFERENCES organs(id),
  code      text NOT NULL,
  name      text NOT NULL,
  email     text,
  phone     text,
  address   text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organ_id, code)
);

CREATE TABLE sessions (
  id_hash       bytea PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users(id),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  csrf_token    text NOT NULL,
  ip            text,
  user_agent    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL REFERENCES users(id),
  organ_id     uuid NOT NULL REFERENCES organs(id),
  name         text NOT NULL,
  token_hash   bytea NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);

-- Audit trail, hash-chained per organ. audit_heads serialises appends per organ.
CREATE TABLE audit_heads (
  organ_id  uuid PRIMARY KEY REFERENCES organs(id),
  seq       bigint NOT NULL,
  hash      text NOT NULL
);
CREATE TABLE audit_events (
  id           bigserial PRIMARY KEY,
  organ_id     uuid NOT NULL REFERENCES organs(id),
  seq          bigint NOT NULL,
  at           timestamptz NOT NULL,
  actor_id     uuid,
  actor_name   text,
  action       text NOT NULL,
  entity_type  text NOT NULL,
  entity_id    text,
  ip           text,
  user_agent   text,
  summary      text,
  before       jsonb,
  after        jsonb,
  prev_hash    text NOT NULL,
  hash         text NOT NULL,
  UNIQUE (organ_id, seq)
);
CREATE INDEX audit_events_organ_at ON audit_events (organ_id, at DESC);
CREATE INDEX audit_events_entity ON audit_events (organ_id, entity_type, entity_id);

-- Content-addressed blobs (global, immutable) and organ-scoped file records pointing at them.
CREATE TABLE blobs (
  sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size        bigint NOT NULL,
  mime        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE files (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id     uuid NOT NULL REFERENCES organs(id),
  sha256       text NOT NULL REFERENCES blobs(sha256),
  name         text NOT NULL,
  mime         text NOT NULL,
  size         bigint NOT NULL,
  uploaded_by  uuid REFERENCES users(id),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_organ ON files (organ_id);

-- Job queue on PostgreSQL: enqueued in the caller's transaction.
CREATE TABLE jobs (
  id            bigserial PRIMARY KEY,
  organ_id      uuid REFERENCES organs(id),
  kind          text NOT NULL,
  payload       jsonb NOT NULL,
  state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','running','done','dead')),
  attempts      integer NOT NULL DEFAULT 0,
  max_attempts  integer NOT NULL DEFAULT 5,
  run_at        timestamptz NOT NULL DEFAULT now(),
  locked_at     timestamptz,
  locked_by     text,
  last_error    text,
  unique_key    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  done_at       timestamptz
);
CREATE INDEX jobs_ready ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_state ON jobs (state, updated_at DESC);
CREATE UNIQUE INDEX jobs_unique_key ON jobs (kind, unique_key) WHERE unique_key IS NOT NULL;

-- Announced day swaps and extra days off, per organ (the statutory holidays are computed by @vanthu/vn).
CREATE TABLE calendar_overrides (
  id        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id  uuid NOT NULL REFERENCES organs(id),
  date      date NOT NULL,
  kind      text NOT NULL CHECK (kind IN ('off','work')),
  note      text NOT NULL DEFAULT '',
  UNIQUE (organ_id, date)
);
