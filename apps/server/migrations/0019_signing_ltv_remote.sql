-- Signing (issue 12): long-term validation and remote signing.

-- Per-organ signing settings: the RFC 3161 TSA (B-T) and the remote signing service (CSC API v2).
-- The client secret is encrypted like server-held keys (AES-256-GCM under VANTHU_KEY_SECRET).
CREATE TABLE signing_organ_settings (
  organ_id              uuid PRIMARY KEY REFERENCES organs (id),
  tsa_url               text CHECK (tsa_url IS NULL OR tsa_url ~ '^https?://'),
  csc_enabled           boolean NOT NULL DEFAULT false,
  csc_base_url          text CHECK (csc_base_url IS NULL OR csc_base_url ~ '^https?://'),
  csc_client_id         text,
  csc_client_secret_enc bytea,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  updated_by            uuid REFERENCES users (id),
  CHECK (NOT csc_enabled OR csc_base_url IS NOT NULL)
);

-- CRLs fetched from distribution points, kept until their nextUpdate (one row per URL, the newest).
CREATE TABLE revocation_cache (
  url          text PRIMARY KEY,
  der          bytea NOT NULL,
  this_update  timestamptz NOT NULL,
  next_update  timestamptz,
  fetched_at   timestamptz NOT NULL DEFAULT now()
);

-- Remote signing: which OTP-protected credential of the CSC service a signing session signs with.
ALTER TABLE signing_sessions ADD COLUMN remote_credential_id text;

-- Server-held keys may also be the demo TSA and the demo CSC service's credentials (one per user).
ALTER TABLE signing_keys DROP CONSTRAINT signing_keys_owner_check;
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_owner_check
  CHECK (owner ~ '^(user:|organ:|csc:)[0-9a-f-]{36}$' OR owner IN ('demo-ca', 'demo-tsa'));
