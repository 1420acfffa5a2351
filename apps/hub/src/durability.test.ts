import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test-support/pg';
import { HubClient } from './client';
import { filesUnder, ORG, SYSTEMS } from './test-harness';
import { buildTestEdoc } from './test-edxml';
import { spawnHub, type HubProcess } from './test-process';

let db: { url: string; drop: () => Promise<void> };
let dataDir: string;
let running: HubProcess | null = null;
beforeAll(async () => {
  db = await createTestDatabase('hubdur');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-hubdur-'));
});
afterAll(async () => {
  running?.proc.kill('SIGKILL');
  await db?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({
  HUB_DATABASE_URL: db.url,
  HUB_DATA_DIR: dataDir,
  HUB_SYSTEMS: JSON.stringify(SYSTEMS),
  HUB_SWEEP_INTERVAL_MS: '0',
});
const client = (endpoint: string, i: 0 | 1) =>
  new HubClient({ endpoint, systemId: SYSTEMS[i].systemId, secret: SYSTEMS[i].secret });
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A package body that sends its first bytes and then stalls: killed mid-stream by construction. */
function stalled(pkg: Buffer): Readable {
  return Readable.from(
    (async function* () {
      yield pkg.subarray(0, 64 * 1024);
      await new Promise(() => {});
    })(),
  );
}

describe('durability across SIGKILL', () => {
  it('keeps every acknowledged package and leaves nothing half-recorded', async () => {
    running = await spawnHub(env());
    const a = client(running.endpoint, 0);
    const N = 60;
    const pkgs = Array.from({ length: N }, (_, i) =>
      buildTestEdoc({
        from: ORG.A,
        to: [ORG.B],
        documentId: `${ORG.A},2025/01/02,${i + 1}/DUR`,
        attachmentBytes: 300_000,
      }),
    );
    const acked = new Map<string, string>(); // documentId → sha256 of the bytes sent
    for (let i = 0; i < 3; i++) {
      const p = buildTestEdoc({
        from: ORG.A,
        to: [ORG.B],
        documentId: `${ORG.A},2025/01/02,${i + 1}/STALL`,
        attachmentBytes: 300_000,
      });
      void a.sendEdoc(stalled(p), { from: ORG.A, messageType: 'edoc' }).catch(() => {});
    }
    const until = async (cond: () => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    };
    await until(() => filesUnder(dataDir, 'tmp').length >= 3);
    // 8 concurrent senders, so that acknowledgements arrive steadily and some sends are in flight at the kill.
    let next = 0;
    const sends = Array.from({ length: 8 }, async () => {
      while (next < N) {
        const i = next++;
        await a.sendEdoc(pkgs[i]!, { from: ORG.A, messageType: 'edoc' });
        acked.set(`${ORG.A},2025/01/02,${i + 1}/DUR`, sha(pkgs[i]!));
      }
    });
    const settled = Promise.allSettled(sends); // handles the rejections the kill causes
    await until(() => acked.size >= 15);
    running.proc.kill('SIGKILL');
    await running.exited;
    await settled;
    expect(acked.size).toBeGreaterThanOrEqual(15);
    expect(acked.size).toBeLessThan(N); // killed mid-run, not after
    expect(filesUnder(dataDir, 'tmp').length).toBeGreaterThan(0); // uploads were in flight

    running = await spawnHub(env());
    expect(filesUnder(dataDir, 'tmp')).toEqual([]); // swept at boot

    // Every acknowledged package is there, byte for byte, for its recipient.
    const b = client(running.endpoint, 1);
    const inbox = new Map((await b.getReceivedEdocList({ limit: 1000 })).map((i) => [i.documentId as string, i.docId]));
    for (const [documentId, digest] of acked) {
      const docId = inbox.get(documentId);
      expect(docId, documentId).toBeDefined();
      expect(sha(await b.getEdoc(docId!))).toBe(digest);
    }

    // Nothing half-recorded: each package has its delivery and its intact file; no file without a row.
    const pgc = new pg.Client({ connectionString: db.url });
    await pgc.connect();
    try {
      const rows = (
        await pgc.query<{ sha256: string; size: string; storage_path: string; n: number }>(
          `SELECT p.sha256, p.size, p.storage_path, (SELECT count(*)::int FROM hub_deliveries d WHERE d.package_id = p.id) AS n
             FROM hub_packages p`,
        )
      ).rows;
      expect(rows.length).toBeGreaterThanOrEqual(acked.size);
      for (const r of rows) {
        expect(r.n).toBe(1);
        const bytes = fs.readFileSync(path.join(dataDir, r.storage_path));
        expect(bytes.length).toBe(Number(r.size));
        expect(sha(bytes)).toBe(r.sha256);
      }
      const onDisk = filesUnder(dataDir, 'objects')
        .map((f) => path.basename(f))
        .sort();
      expect(onDisk).toEqual(rows.map((r) => r.sha256).sort());
    } finally {
      await pgc.end();
    }

    // A graceful stop answers SIGTERM with exit code 0.
    running.proc.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    running = null;
  });
});
