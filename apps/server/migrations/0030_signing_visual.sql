-- Visual second opinion on signed PDFs (issue 12): each signed revision and the final file rendered and compared
-- by a background job (signing.visual_check), never on the verification path. Keyed by content: the result does
-- not depend on the trust store.
CREATE TABLE signature_visual_checks (
  sha256 text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('pending', 'same', 'different', 'error', 'skipped')),
  queued_at timestamptz NOT NULL DEFAULT now(),
  checked_at timestamptz,
  result jsonb
);
