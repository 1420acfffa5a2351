/** Tables and columns the workfiles migrations create, in order (checked by db/migrate.test.ts). */
export const EXPECTED_WORKFILES: Record<string, string[]> = {};
