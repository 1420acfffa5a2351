import type { ColumnType, Generated } from 'kysely';

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Ts = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface CalendarRoomsTable {
  id: Generated<string>;
  organ_id: string;
  name: string;
  capacity: number;
  equipment: Generated<string[]>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface CalendarMeetingsTable {
  id: Generated<string>;
  organ_id: string;
  title: string;
  description: Generated<string>;
  room_id: string | null;
  place: Generated<string>;
  chair_id: string | null;
  starts_at: Ts;
  ends_at: Ts;
  series_id: string | null;
  rrule: string | null;
  skipped: Json;
  status: Generated<'scheduled' | 'cancelled'>;
  ical_uid: string;
  sequence: Generated<number>;
  minutes_ref: string | null;
  conclusion_ref: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export type Answer = 'pending' | 'attend' | 'decline' | 'deputy';
export interface CalendarAttendeesTable {
  meeting_id: string;
  organ_id: string;
  user_id: string;
  required: Generated<boolean>;
  answer: Generated<Answer>;
  deputy_id: string | null;
  note: Generated<string>;
  answered_at: TsNull;
}
export interface CalendarPapersTable {
  id: Generated<string>;
  meeting_id: string;
  organ_id: string;
  kind: 'incoming' | 'outgoing' | 'file';
  ref_id: string;
  title: string;
  added_by: string;
  added_at: Generated<Date>;
}
export interface CalendarFeedTokensTable {
  id: Generated<string>;
  organ_id: string;
  user_id: string;
  scope: 'user' | 'organ';
  token_hash: Buffer;
  created_at: Generated<Date>;
  revoked_at: TsNull;
}
export interface CalendarWeekEntriesTable {
  id: Generated<string>;
  organ_id: string;
  unit_id: string | null;
  week_start: string;
  starts_at: Ts;
  ends_at: TsNull;
  place: Generated<string>;
  leaders: Generated<string>;
  leader_ids: Generated<string[]>;
  content: string;
  participants: Generated<string>;
  preparing_unit: Generated<string>;
  status: Generated<'draft' | 'submitted' | 'approved' | 'published'>;
  changed: Generated<boolean>;
  change_note: Generated<string>;
  created_by: string;
  approved_by: string | null;
  approved_at: TsNull;
  published_at: TsNull;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface CalendarTables {
  calendar_rooms: CalendarRoomsTable;
  calendar_meetings: CalendarMeetingsTable;
  calendar_attendees: CalendarAttendeesTable;
  calendar_papers: CalendarPapersTable;
  calendar_feed_tokens: CalendarFeedTokensTable;
  calendar_week_entries: CalendarWeekEntriesTable;
}
// The module's tables join the database type here (declaration merging), so db/types.ts stays untouched.
declare module '../../db/types' {
  interface DB extends CalendarTables {} // eslint-disable-line @typescript-eslint/no-empty-object-type
}
