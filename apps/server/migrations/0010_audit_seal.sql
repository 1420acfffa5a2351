-- Audit events are written without a lock by the transactions that cause them and chained shortly after
-- commit by a sealer (one per organ at a time): seq, prev_hash and hash are set when the event is sealed.
ALTER TABLE audit_events ALTER COLUMN seq DROP NOT NULL;
ALTER TABLE audit_events ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_events ALTER COLUMN hash DROP NOT NULL;
CREATE INDEX audit_events_unsealed ON audit_events (organ_id, id) WHERE seq IS NULL;
