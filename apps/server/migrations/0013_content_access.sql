-- Confidential content (issue 10, hole 1): a file made from another file (a signed result of a signing session,
-- the organ's signature over a file) inherits the source's access: the content decision (blobs.access.ts) follows
-- derived_from when no document holds the file itself.
ALTER TABLE files ADD COLUMN derived_from uuid REFERENCES files(id);
-- The file a signing session was opened on (the caller was allowed to see it); the result derives from it.
ALTER TABLE signing_sessions ADD COLUMN source_file_id uuid REFERENCES files(id);
CREATE INDEX IF NOT EXISTS incoming_files_file_idx ON incoming_files (file_id);
CREATE INDEX IF NOT EXISTS outgoing_versions_file_idx ON outgoing_versions (file_id);
