/** Tables and columns the digitisation migrations create, in order (checked by db/migrate.test.ts). */
export const EXPECTED_DIGITISATION: Record<string, string[]> = {};
