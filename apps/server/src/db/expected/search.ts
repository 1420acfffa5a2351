/** Tables and columns the search migrations create, in order (checked by db/migrate.test.ts). */
export const EXPECTED_SEARCH: Record<string, string[]> = {};
