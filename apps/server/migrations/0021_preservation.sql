-- Preservation (issue 16): the backup log, restores and drills, the fixity state of every blob, PREMIS-like events
-- and incidents. Installation-wide (blobs are shared by content across organs); read by the system administrator.
CREATE TABLE preservation_backups (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('full', 'incremental')),
  base text,
  created_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now(),
  dirs text[] NOT NULL,
  bytes bigint NOT NULL,
  blobs integer NOT NULL,
  blobs_total integer NOT NULL,
  rows bigint NOT NULL,
  db_sha256 text NOT NULL,
  manifest_sha256 text NOT NULL,
  damaged integer NOT NULL DEFAULT 0,
  missing integer NOT NULL DEFAULT 0,
  ms integer NOT NULL,
  verified_at timestamptz,
  verify_ok boolean
);

CREATE TABLE preservation_restores (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('restore', 'drill')),
  backup_id text NOT NULL,
  chain text[] NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  ok boolean NOT NULL,
  report jsonb NOT NULL
);

-- One row per blob once it has been checked: the sweep takes the blobs never checked, then the oldest checks.
CREATE TABLE preservation_fixity (
  sha256 text PRIMARY KEY REFERENCES blobs (sha256) ON DELETE CASCADE,
  checked_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('ok', 'damaged', 'missing')),
  mirror_ok boolean,
  damaged_since timestamptz,
  detail text
);
CREATE INDEX preservation_fixity_checked ON preservation_fixity (checked_at);
CREATE INDEX preservation_fixity_bad ON preservation_fixity (sha256) WHERE status <> 'ok';

-- PREMIS events (eventType from the PREMIS vocabulary: 'fixity check', 'replication', 'ingestion', 'migration').
CREATE TABLE preservation_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  event_type text NOT NULL,
  object text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'repaired')),
  detail jsonb NOT NULL DEFAULT '{}',
  agent text NOT NULL DEFAULT 'vanthu'
);
CREATE INDEX preservation_events_object ON preservation_events (object, at);

CREATE TABLE preservation_incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  object text NOT NULL,
  detail text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolution text
);
CREATE UNIQUE INDEX preservation_incidents_open ON preservation_incidents (kind, object) WHERE resolved_at IS NULL;
