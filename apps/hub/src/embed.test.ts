import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test-support/pg';
import { createHubApp } from './app';
import { HubClient, HubClientError } from './client';
import { loadHubConfig } from './config';
import { startHubServer } from './embed';
import { upsertSystem } from './systems.repo';
import { buildTestEdoc } from './test-edxml';

let db: { url: string; drop: () => Promise<void> };
let dataDir: string;
beforeAll(async () => {
  db = await createTestDatabase('hubemb');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-hubemb-'));
});
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('startHubServer (the demo runs one beside the server)', () => {
  it('provisions systems, listens and exchanges; a second boot on the same database migrates nothing twice', async () => {
    const systems = [
      { systemId: 'demo-a', secret: 'demo-secret-aaaaaaaa', organs: ['000.00.01.H41'] },
      { systemId: 'demo-b', secret: 'demo-secret-bbbbbbbb', organs: ['000.00.02.H41'] },
    ];
    const first = await startHubServer({ db: db.url, dataDir, systems, port: 0 });
    await first.close();
    const hub = await startHubServer({ db: db.url, dataDir, systems, port: 0 });
    try {
      const a = new HubClient({ endpoint: hub.endpoint, systemId: 'demo-a', secret: 'demo-secret-aaaaaaaa' });
      const b = new HubClient({ endpoint: hub.endpoint, systemId: 'demo-b', secret: 'demo-secret-bbbbbbbb' });
      const pkg = buildTestEdoc({
        from: '000.00.01.H41',
        to: ['000.00.02.H41'],
        documentId: '000.00.01.H41,2025/01/02,1/DEMO',
      });
      await a.sendEdoc(pkg, { from: '000.00.01.H41', messageType: 'edoc' });
      const [item] = await b.getReceivedEdocList();
      expect((await b.getEdoc(item!.docId)).equals(pkg)).toBe(true);
      const migrations = await hub.app.hub.pool.query('SELECT name FROM hub_schema_migrations');
      expect(migrations.rows).toEqual([{ name: '0001_hub.sql' }, { name: '0002_auth_replay.sql' }]);
      // Every table is prefixed hub_ (the hub may share the server's database) and the idempotency key is unique.
      const tables = await hub.app.hub.pool.query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      expect(tables.rows.map((r) => r.t)).toEqual([
        'hub_agencies',
        'hub_auth_replay',
        'hub_deliveries',
        'hub_packages',
        'hub_schema_migrations',
        'hub_system_organs',
        'hub_systems',
      ]);
      const idem = await hub.app.hub.pool.query<{ def: string }>(
        "SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'hub_packages_idem'",
      );
      expect(idem.rows[0]?.def).toMatch(
        /UNIQUE INDEX .*\(sender_organ, document_id, message_type, business_type, status_code, response_organ\)/,
      );
    } finally {
      await hub.close();
    }
  });
});

describe('package size limit', () => {
  it('refuses a package over maxPackageBytes with hub.package_too_large and keeps no temp file', async () => {
    const app = await createHubApp({
      db: db.url,
      dataDir,
      retentionDays: 30,
      maxPackageBytes: 50_000,
      sweepIntervalMs: 0,
    });
    try {
      await upsertSystem(app.hub.pool, {
        systemId: 'demo-a',
        secret: 'demo-secret-aaaaaaaa',
        organs: ['000.00.01.H41'],
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const addr = app.server.address();
      const a = new HubClient({
        endpoint: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
        systemId: 'demo-a',
        secret: 'demo-secret-aaaaaaaa',
      });
      const big = buildTestEdoc({
        from: '000.00.01.H41',
        to: ['000.00.02.H41'],
        documentId: '000.00.01.H41,2025/01/02,2/BIG',
        attachmentBytes: 60_000,
      });
      const err = await a.sendEdoc(big, { from: '000.00.01.H41', messageType: 'edoc' }).catch((e: unknown) => e);
      expect((err as HubClientError).code).toBe('hub.package_too_large');
      expect((err as HubClientError).httpStatus).toBe(413);
      expect(fs.readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('loadHubConfig', () => {
  it('reads defaults and systems, and refuses weak secrets and bad numbers', () => {
    const cfg = loadHubConfig({
      HUB_DATABASE_URL: 'postgres://x/y',
      HUB_SYSTEMS: JSON.stringify([{ systemId: 's', secret: '0123456789abcdef', organs: ['000.00.01.H41'] }]),
    });
    expect(cfg).toMatchObject({
      port: 3100,
      retentionDays: 30,
      dataDir: './data/hub',
      maxPackageBytes: 1024 * 1024 * 1024,
    });
    expect(cfg.systems).toEqual([
      { systemId: 's', secret: '0123456789abcdef', name: undefined, organs: ['000.00.01.H41'], isAdmin: false },
    ]);
    expect(() => loadHubConfig({})).toThrow(/HUB_DATABASE_URL/);
    expect(() => loadHubConfig({ HUB_DATABASE_URL: 'x', HUB_PORT: 'abc' })).toThrow(/HUB_PORT/);
    expect(() =>
      loadHubConfig({ HUB_DATABASE_URL: 'x', HUB_SYSTEMS: '[{"systemId":"s","secret":"short","organs":[]}]' }),
    ).toThrow(/secret/);
  });
});
