/** Tables and columns the reports migrations create, in order (checked by db/migrate.test.ts). */
export const EXPECTED_REPORTS: Record<string, string[]> = {};
