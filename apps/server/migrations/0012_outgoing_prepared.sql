-- Deferred signing of an outgoing document (issue 5, acceptance 7): the signing step first prepares the final PDF
-- (number taken, number and date stamped) as a file of the document; the signer signs that file with a key held
-- outside the server (vanthu-signer) and the result must be an incremental update of exactly this file.
ALTER TABLE outgoing_docs
  ADD COLUMN prepared_file_id    uuid REFERENCES files(id),   -- the stamped PDF waiting for the personal signature
  ADD COLUMN prepared_source_id  uuid REFERENCES files(id),   -- the final PDF it was stamped from (a new draft version makes it stale)
  ADD COLUMN prepared_date       date;                        -- the date stamped into it (Vietnam local date)
