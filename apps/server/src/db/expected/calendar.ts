/** Tables and columns the calendar migrations create, in order (checked by db/migrate.test.ts). */
export const EXPECTED_CALENDAR: Record<string, string[]> = {};
