-- Exchange (liên thông): connectors to a hub, outbox of packages to send, inbox of packages received.

-- One connector per organ: our internal hub or the national hub's adapter endpoint.
-- The secret is stored as given; in production it belongs in a secret store (README of the module).
CREATE TABLE exchange_connectors (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id          uuid NOT NULL UNIQUE REFERENCES organs (id),
  kind              text NOT NULL CHECK (kind IN ('internal_hub', 'national_hub')),
  endpoint          text NOT NULL,
  system_id         text NOT NULL,
  secret            text NOT NULL,
  enabled           boolean NOT NULL DEFAULT true,
  poll_interval_ms  integer NOT NULL DEFAULT 3000 CHECK (poll_interval_ms BETWEEN 200 AND 3600000),
  last_poll_at      timestamptz,
  last_error        text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Packages to send. One row per (document, recipient, message): the outbox is the durable queue, the
-- unique key makes queueing idempotent. For an edoc row, recipient_status is the sender's tracking of
-- that recipient (01 → 03 → 04 → 05 → 06, or 02) and answer_status the answer to a revoke/retrieval (15/16).
CREATE TABLE exchange_outbox (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id               uuid NOT NULL REFERENCES organs (id),
  outgoing_ref           text,
  recipient_code         text NOT NULL,
  document_id            text NOT NULL,
  message_type           text NOT NULL CHECK (message_type IN ('edoc', 'status')),
  business_type          smallint NOT NULL DEFAULT 0 CHECK (business_type BETWEEN 0 AND 3),
  status_code            text NOT NULL DEFAULT '',
  subject                text NOT NULL DEFAULT '',
  package                jsonb NOT NULL,
  state                  text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
  hub_doc_id             text,
  attempts               integer NOT NULL DEFAULT 0,
  next_attempt_at        timestamptz NOT NULL DEFAULT now(),
  locked_until           timestamptz,
  last_error             text,
  recipient_status       text,
  recipient_status_desc  text,
  recipient_status_at    timestamptz,
  answer_status          text,
  answer_status_at       timestamptz,
  created_at             timestamptz NOT NULL DEFAULT now(),
  sent_at                timestamptz,
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX exchange_outbox_idem ON exchange_outbox (organ_id, document_id, recipient_code, message_type, business_type, status_code);
CREATE INDEX exchange_outbox_ready ON exchange_outbox (next_attempt_at) WHERE state = 'queued';
CREATE INDEX exchange_outbox_list ON exchange_outbox (organ_id, created_at DESC);
CREATE INDEX exchange_outbox_outgoing ON exchange_outbox (organ_id, outgoing_ref) WHERE outgoing_ref IS NOT NULL;

-- Packages received. hub_doc_id is unique per organ: a package fetched twice (crash before the
-- acknowledgement) is processed once. A document (sender + DocumentId + business type) is registered once.
CREATE TABLE exchange_inbox (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id        uuid NOT NULL REFERENCES organs (id),
  hub_doc_id      text NOT NULL,
  sender_code     text NOT NULL DEFAULT '',
  document_id     text NOT NULL DEFAULT '',
  message_type    text NOT NULL CHECK (message_type IN ('edoc', 'status')),
  business_type   smallint NOT NULL DEFAULT 0,
  status_code     text NOT NULL DEFAULT '',
  state           text NOT NULL CHECK (state IN ('receiving', 'received', 'registered', 'rejected', 'withdrawn', 'applied', 'invalid', 'failed')),
  incoming_ref    text,
  subject         text NOT NULL DEFAULT '',
  code            text NOT NULL DEFAULT '',
  meta            jsonb,
  files           jsonb NOT NULL DEFAULT '[]',
  signature       jsonb,
  error_code      text,
  error_message   text,
  retrieval       text CHECK (retrieval IN ('requested', 'accepted', 'refused')),
  retrieval_reason text,
  acked_at        timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organ_id, hub_doc_id)
);
CREATE UNIQUE INDEX exchange_inbox_document ON exchange_inbox (organ_id, sender_code, document_id, business_type) WHERE message_type = 'edoc' AND state NOT IN ('invalid', 'failed');
CREATE INDEX exchange_inbox_list ON exchange_inbox (organ_id, created_at DESC);
CREATE INDEX exchange_inbox_incoming ON exchange_inbox (organ_id, incoming_ref) WHERE incoming_ref IS NOT NULL;
