/**
 * Issue 11 acceptance 2: the web's API types (apps/web/src/api/schema.d.ts) are generated from /api/openapi.json;
 * `npm run typecheck` runs `scripts/api-types.ts --check`, which refuses a committed file that no longer matches.
 * Here a route with a response schema is added to the app in process: the generated contract changes, the
 * committed one is reported stale, and the new answer's type is in the generated text.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { generate, isStale } from '../../../../scripts/api-types';
import type { RouteModule } from './app';

const extra: RouteModule = async (app) => {
  app.get(
    '/api/contract-probe',
    {
      schema: {
        tags: ['test'],
        summary: 'Thử hợp đồng API',
        response: { 200: z.object({ probeCount: z.number().int() }) },
      },
    },
    async () => ({ probeCount: 1 }),
  );
};

describe('generated API contract', () => {
  it('is reported stale when a route or response schema changes without regenerating', async () => {
    const changed = await generate([extra]);
    expect(changed).toContain('"/api/contract-probe"');
    expect(changed).toMatch(/probeCount: number;/);
    expect(isStale(changed)).toBe(true);
    // The committed file itself carries the platform routes the web reads its types from.
    const committed = await import('node:fs').then((fs) =>
      fs.readFileSync(new URL('../../../web/src/api/schema.d.ts', import.meta.url), 'utf8'),
    );
    expect(committed).toContain('"/api/auth/me"');
    expect(committed).not.toContain('contract-probe');
  });
});
