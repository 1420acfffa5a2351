/** Helpers for the exchange tests: a hub in the test process, connectors for the two demo organs, a stored PDF. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHubApp, upsertSystem } from '@vanthu/hub';
import type { Deps } from '../../deps';
import { recordFile } from '../blobs';

export const ORGAN_A = '000.00.00.G09';
export const ORGAN_B = '000.00.12.H29';

export interface InProcessHub {
  app: FastifyInstance;
  endpoint: string;
  close: () => Promise<void>;
}

/** A hub on the same database (hub_ tables), listening on 127.0.0.1, with one system per demo organ. */
export async function startHubFor(deps: Deps): Promise<InProcessHub & { secrets: Record<string, string> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-exhub-'));
  const app = await createHubApp({ db: deps.pool, dataDir, retentionDays: 30, sweepIntervalMs: 0, authCacheMs: 0 });
  const secrets: Record<string, string> = {};
  for (const code of [ORGAN_A, ORGAN_B]) {
    secrets[code] = `secret-for-${code}-0123456789`;
    await upsertSystem(app.hub.pool, { systemId: `sys-${code}`, secret: secrets[code], organs: [code] });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const endpoint = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    app,
    endpoint,
    secrets,
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const organIdOf = async (deps: Deps, code: string) =>
  (await deps.db.selectFrom('organs').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;

/** A small but real-looking PDF (its bytes differ per `tag`). */
export function tinyPdf(tag: string, padTo = 0): Buffer {
  const body = `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% ${tag}\n`;
  const pad = padTo > body.length ? `%${'x'.repeat(padTo - body.length - 8)}\n` : '';
  return Buffer.from(`${body}${pad}trailer <</Root 1 0 R>>\n%%EOF\n`);
}

export async function storePdf(deps: Deps, organId: string, bytes: Buffer, name = 'van-ban.pdf'): Promise<string> {
  const put = await deps.blobs.put(Readable.from([bytes]), { allowed: ['pdf'], maxBytes: 50 * 1024 * 1024 });
  return deps.db.transaction().execute((trx) => recordFile(trx, { organId, put, name, uploadedBy: null }));
}
