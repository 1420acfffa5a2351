-- Work calendars, meetings and real mail (issue 18).
-- Mail outbox: a row written in the same transaction as the change; the job notify.send_mail sends it by SMTP
-- (SMTP_URL) with the queue's retries and backoff; after the last attempt the row is 'dead' with the reason.
CREATE TABLE mail_outbox (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  to_addr       text NOT NULL,
  subject       text NOT NULL,
  html          text NOT NULL,
  text_body     text NOT NULL,
  ics           text,
  ics_method    text,
  related_type  text,
  related_id    text,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead', 'no_transport')),
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  message_id    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz
);
CREATE INDEX mail_outbox_organ ON mail_outbox (organ_id, created_at DESC);
CREATE INDEX mail_outbox_related ON mail_outbox (related_type, related_id);

-- Mail received by the văn thư's mailbox: accepted (became a "Chờ vào sổ" incoming item) or refused with a reason.
CREATE TABLE mail_inbound (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  message_id    text,
  sender        text NOT NULL,
  subject       text NOT NULL,
  status        text NOT NULL CHECK (status IN ('accepted', 'refused')),
  reason        text,
  incoming_id   uuid,
  attachments   jsonb NOT NULL DEFAULT '[]',
  received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_inbound_organ ON mail_inbound (organ_id, received_at DESC);

CREATE TABLE calendar_rooms (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id    uuid NOT NULL REFERENCES organs(id),
  name        text NOT NULL,
  capacity    integer NOT NULL CHECK (capacity > 0),
  equipment   text[] NOT NULL DEFAULT '{}',
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (organ_id, name)
);

-- A meeting; a recurring series is expanded into one row per occurrence sharing series_id (the first one's id).
CREATE TABLE calendar_meetings (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id      uuid NOT NULL REFERENCES organs(id),
  title         text NOT NULL,
  description   text NOT NULL DEFAULT '',
  room_id       uuid REFERENCES calendar_rooms(id),
  place         text NOT NULL DEFAULT '',
  chair_id      uuid REFERENCES users(id),
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL CHECK (ends_at > starts_at),
  series_id     uuid,
  rrule         text,
  skipped       jsonb NOT NULL DEFAULT '[]',
  status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  ical_uid      text NOT NULL,
  sequence      integer NOT NULL DEFAULT 0,
  minutes_ref   text,
  conclusion_ref text,
  created_by    uuid NOT NULL REFERENCES users(id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendar_meetings_time ON calendar_meetings (organ_id, starts_at);
CREATE INDEX calendar_meetings_room ON calendar_meetings (room_id, starts_at);
CREATE INDEX calendar_meetings_series ON calendar_meetings (series_id);

CREATE TABLE calendar_attendees (
  meeting_id   uuid NOT NULL REFERENCES calendar_meetings(id) ON DELETE CASCADE,
  organ_id     uuid NOT NULL REFERENCES organs(id),
  user_id      uuid NOT NULL REFERENCES users(id),
  required     boolean NOT NULL DEFAULT true,
  answer       text NOT NULL DEFAULT 'pending' CHECK (answer IN ('pending', 'attend', 'decline', 'deputy')),
  deputy_id    uuid REFERENCES users(id),
  note         text NOT NULL DEFAULT '',
  answered_at  timestamptz,
  PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX calendar_attendees_user ON calendar_attendees (user_id);
CREATE INDEX calendar_attendees_deputy ON calendar_attendees (deputy_id) WHERE deputy_id IS NOT NULL;

-- Meeting papers: links to documents and files, shown to the meeting's attendees only.
CREATE TABLE calendar_papers (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  meeting_id  uuid NOT NULL REFERENCES calendar_meetings(id) ON DELETE CASCADE,
  organ_id    uuid NOT NULL REFERENCES organs(id),
  kind        text NOT NULL CHECK (kind IN ('incoming', 'outgoing', 'file')),
  ref_id      uuid NOT NULL,
  title       text NOT NULL,
  added_by    uuid NOT NULL REFERENCES users(id),
  added_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendar_papers_meeting ON calendar_papers (meeting_id);

-- iCalendar subscription feeds: a secret token (only its SHA-256 is kept), per user or per organ, revocable.
CREATE TABLE calendar_feed_tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id    uuid NOT NULL REFERENCES organs(id),
  user_id     uuid NOT NULL REFERENCES users(id),
  scope       text NOT NULL CHECK (scope IN ('user', 'organ')),
  token_hash  bytea NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);
CREATE INDEX calendar_feed_tokens_user ON calendar_feed_tokens (user_id);

-- Leaders' weekly work calendar (lịch công tác tuần) of the organ (unit_id NULL) or of a unit.
CREATE TABLE calendar_week_entries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organ_id        uuid NOT NULL REFERENCES organs(id),
  unit_id         uuid REFERENCES units(id),
  week_start      date NOT NULL,
  starts_at       timestamptz NOT NULL,
  ends_at         timestamptz,
  place           text NOT NULL DEFAULT '',
  leaders         text NOT NULL DEFAULT '',
  leader_ids      uuid[] NOT NULL DEFAULT '{}',
  content         text NOT NULL,
  participants    text NOT NULL DEFAULT '',
  preparing_unit  text NOT NULL DEFAULT '',
  status          text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'published')),
  changed         boolean NOT NULL DEFAULT false,
  change_note     text NOT NULL DEFAULT '',
  created_by      uuid NOT NULL REFERENCES users(id),
  approved_by     uuid REFERENCES users(id),
  approved_at     timestamptz,
  published_at    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calendar_week_entries_week ON calendar_week_entries (organ_id, week_start, starts_at);
