/** Tables and columns the onestop migrations create, in order (checked by db/migrate.test.ts). */
export const EXPECTED_ONESTOP: Record<string, string[]> = {};
