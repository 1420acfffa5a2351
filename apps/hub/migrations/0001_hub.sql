-- Exchange hub (trục liên thông). Tables are prefixed hub_ so the hub may share a database with the server.

CREATE TABLE hub_systems (
  system_id   text PRIMARY KEY,
  secret      text NOT NULL,
  name        text NOT NULL DEFAULT '',
  is_admin    boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The organ codes a system speaks for: one organ, one system.
CREATE TABLE hub_system_organs (
  organ_code  text PRIMARY KEY,
  system_id   text NOT NULL REFERENCES hub_systems (system_id) ON DELETE CASCADE
);
CREATE INDEX hub_system_organs_system ON hub_system_organs (system_id);

-- Agency directory (getAgenciesList / registerAgency / deleteAgency).
CREATE TABLE hub_agencies (
  code         text PRIMARY KEY,
  name         text NOT NULL,
  parent_code  text,
  system_id    text REFERENCES hub_systems (system_id) ON DELETE SET NULL,
  address      text,
  email        text,
  telephone    text,
  website      text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);

CREATE TABLE hub_packages (
  id              uuid PRIMARY KEY,
  sender_organ    text NOT NULL,
  sender_system   text NOT NULL,
  document_id     text NOT NULL,
  message_type    text NOT NULL CHECK (message_type IN ('edoc', 'status')),
  business_type   smallint NOT NULL DEFAULT 0,
  status_code     text NOT NULL DEFAULT '',
  response_organ  text NOT NULL DEFAULT '',
  sha256          text NOT NULL,
  size            bigint NOT NULL,
  storage_path    text NOT NULL,
  created_at      timestamptz NOT NULL
);
-- Idempotency: a repeated sendEdoc of the same package returns the same DocId and delivers nothing twice.
CREATE UNIQUE INDEX hub_packages_idem
  ON hub_packages (sender_organ, document_id, message_type, business_type, status_code, response_organ);
CREATE INDEX hub_packages_sha ON hub_packages (sha256);
CREATE INDEX hub_packages_sender ON hub_packages (sender_organ, created_at);

CREATE TABLE hub_deliveries (
  id                uuid PRIMARY KEY,
  package_id        uuid NOT NULL REFERENCES hub_packages (id) ON DELETE CASCADE,
  recipient_organ   text NOT NULL,
  state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'done', 'fail')),
  transport_status  text CHECK (transport_status IN ('processing', 'done', 'fail')),
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  fetched_at        timestamptz,
  done_at           timestamptz,
  UNIQUE (package_id, recipient_organ)
);
CREATE INDEX hub_deliveries_open ON hub_deliveries (recipient_organ, created_at, id) WHERE state IN ('pending', 'delivered');
CREATE INDEX hub_deliveries_closed ON hub_deliveries (done_at) WHERE state IN ('done', 'fail');
