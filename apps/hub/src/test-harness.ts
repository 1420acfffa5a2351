import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase } from '../../../test-support/pg';
import { createHubApp } from './app';
import { HubClient } from './client';
import { upsertSystem } from './systems.repo';

/** The organs of the test topology: system A speaks for A, B for B, C for both C and D. */
export const ORG = { A: '000.00.01.G22', B: '000.00.02.H41', C: '000.00.03.H41', D: '000.00.04.H41' } as const;
export const SYSTEMS = [
  { systemId: 'sys-a', secret: 'secret-of-system-a-0001', organs: [ORG.A] },
  { systemId: 'sys-b', secret: 'secret-of-system-b-0002', organs: [ORG.B] },
  { systemId: 'sys-c', secret: 'secret-of-system-c-0003', organs: [ORG.C, ORG.D] },
  { systemId: 'sys-admin', secret: 'secret-of-the-admin-004', organs: [], isAdmin: true },
] as const;

export interface TestHub {
  app: FastifyInstance;
  endpoint: string;
  dataDir: string;
  dbUrl: string;
  client: (systemId: string, secret?: string) => HubClient;
  close: () => Promise<void>;
}

/** A hub on a fresh database and data directory, listening on 127.0.0.1, with the test systems. */
export async function startTestHub(opts: { clock?: () => Date; retentionDays?: number } = {}): Promise<TestHub> {
  const db = await createTestDatabase('hub');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-hub-'));
  const app = await createHubApp({
    db: db.url,
    dataDir,
    retentionDays: opts.retentionDays ?? 30,
    clock: opts.clock,
    sweepIntervalMs: 0,
    authCacheMs: 0,
  });
  for (const s of SYSTEMS) await upsertSystem(app.hub.pool, { ...s, organs: [...s.organs] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const endpoint = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    app,
    endpoint,
    dataDir,
    dbUrl: db.url,
    client: (systemId, secret) =>
      new HubClient({
        endpoint,
        systemId,
        secret: secret ?? SYSTEMS.find((s) => s.systemId === systemId)!.secret,
        clock: opts.clock,
      }),
    close: async () => {
      await app.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every file under dataDir/<sub>. */
export function filesUnder(dataDir: string, sub: 'tmp' | 'objects'): string[] {
  const root = path.join(dataDir, sub);
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .map((f) => path.join(root, f))
    .filter((f) => fs.statSync(f).isFile());
}
