/** Tables and columns the preservation migrations create, in order (checked by db/migrate.test.ts). */
export const EXPECTED_PRESERVATION: Record<string, string[]> = {};
