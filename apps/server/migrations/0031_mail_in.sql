-- Mail in (issue 18): a mail to the văn thư's mailbox becomes a "chờ vào sổ" incoming document (source 'email').
ALTER TABLE incoming_documents DROP CONSTRAINT IF EXISTS incoming_documents_source_check;
ALTER TABLE incoming_documents ADD CONSTRAINT incoming_documents_source_check CHECK (source IN ('paper', 'edxml', 'email'));
-- A mail is received once per organ and Message-ID (a sender's retry after a lost reply is not a second document).
CREATE UNIQUE INDEX mail_inbound_message_once ON mail_inbound (organ_id, message_id) WHERE message_id IS NOT NULL;
