-- Signing (issue 5): verification reports of every PDF that enters, server-held keys, deferred signing sessions.

-- One report per (file content, trust store): re-verified when the trust store changes.
CREATE TABLE signature_reports (
  sha256             text NOT NULL REFERENCES blobs (sha256),
  trust_fingerprint  text NOT NULL,
  verified_at        timestamptz NOT NULL DEFAULT now(),
  verdict            text NOT NULL CHECK (verdict IN ('valid', 'invalid', 'indeterminate', 'unsigned')),
  report             jsonb NOT NULL,
  PRIMARY KEY (sha256, trust_fingerprint)
);

-- Server-held keys: demo CA, demo users, organs (software or PKCS#11 reference).
-- The private key is PKCS#8 DER encrypted with AES-256-GCM (iv ‖ tag ‖ ciphertext) under VANTHU_KEY_SECRET.
CREATE TABLE signing_keys (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner            text NOT NULL UNIQUE CHECK (owner ~ '^(user:|organ:)[0-9a-f-]{36}$' OR owner = 'demo-ca'),
  kind             text NOT NULL CHECK (kind IN ('software', 'pkcs11')),
  certificate      bytea NOT NULL,
  chain            bytea[] NOT NULL DEFAULT '{}',
  private_key_enc  bytea,
  pkcs11_label     text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'software') = (private_key_enc IS NOT NULL))
);

-- Deferred signing: the server prepared the PDF, a signer elsewhere signs the attributes.
CREATE TABLE signing_sessions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id        uuid NOT NULL REFERENCES organs (id),
  user_id         uuid NOT NULL REFERENCES users (id),
  source_sha256   text NOT NULL REFERENCES blobs (sha256),
  prepared_sha256 text NOT NULL REFERENCES blobs (sha256),
  byte_range      integer[] NOT NULL,
  document_digest bytea NOT NULL,
  to_be_signed    bytea NOT NULL,
  certificate     bytea NOT NULL,
  signing_time    timestamptz NOT NULL,
  field_name      text NOT NULL,
  state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed', 'failed')),
  result_sha256   text REFERENCES blobs (sha256),
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  completed_at    timestamptz
);
CREATE INDEX signing_sessions_user ON signing_sessions (organ_id, user_id, created_at DESC);
