/** Tables and columns the scale migrations create, in order (checked by db/migrate.test.ts). */
export const EXPECTED_SCALE: Record<string, string[]> = {};
