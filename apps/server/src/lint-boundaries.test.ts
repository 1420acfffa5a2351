/**
 * The module boundary rule of eslint.config.js (issue 11 acceptance 1): a file in modules/<a>/ reaches another
 * module <b> only through '../<b>' (its index.ts). The repo's own config lints fixture sources placed, by path,
 * inside a module, so a deliberate cross-module internal import must fail lint.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const RULE = 'boundaries/dependencies';
let eslint: ESLint;

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === RULE && m.severity === 2).map((m) => m.message);
}

const inIncoming = 'apps/server/src/modules/incoming/lint-fixture.ts';
const inIncomingTest = 'apps/server/src/modules/incoming/lint-fixture.test.ts';

describe('module boundaries lint rule', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: repo, overrideConfigFile: `${repo}/eslint.config.js` });
  });

  it('fails lint on an import of another module’s internal file (service, tables, store, queue, seed)', async () => {
    for (const target of [
      '../registers/registers.service',
      '../registers/registers.tables',
      '../blobs/blobs.store',
      '../jobs/jobs.queue',
      '../registers/registers.seed',
    ]) {
      const errors = await boundaryErrors(`import { x } from '${target}';`, inIncoming);
      expect(errors, target).toHaveLength(1);
      expect(errors[0]).toContain('lối vào công khai');
    }
  });

  it('fails on type-only imports, re-exports and dynamic imports of internals too', async () => {
    expect(await boundaryErrors(`import type { x } from '../registers/registers.tables';`, inIncoming)).toHaveLength(1);
    expect(
      await boundaryErrors(`export { x as y } from '../registers/registers.service';\nconst x = 1;`, inIncoming),
    ).toHaveLength(1);
    expect(await boundaryErrors(`const x = () => import('../outgoing/outgoing.service');`, inIncoming)).toHaveLength(1);
  });

  it('passes the public entry, the module’s own files and shared code outside modules', async () => {
    expect(await boundaryErrors(`import { x } from '../registers';`, inIncoming)).toEqual([]);
    expect(await boundaryErrors(`import { x } from '../registers/index';`, inIncoming)).toEqual([]);
    expect(await boundaryErrors(`import { x } from './incoming.service';`, inIncoming)).toEqual([]);
    expect(await boundaryErrors(`import { x } from '../../db/kysely';`, inIncoming)).toEqual([]);
  });

  it('lets tests, not production files, use another module’s testkit', async () => {
    expect(await boundaryErrors(`import { x } from '../outgoing/outgoing.testkit';`, inIncomingTest)).toEqual([]);
    expect(await boundaryErrors(`import { x } from '../outgoing/outgoing.testkit';`, inIncoming)).toHaveLength(1);
    expect(await boundaryErrors(`import { x } from '../outgoing/outgoing.service';`, inIncomingTest)).toHaveLength(1);
  });
});
