import { createHash } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClientError } from './client';
import { signedHeaders } from './signing';
import { filesUnder, ORG, startTestHub, SYSTEMS, type TestHub } from './test-harness';
import { buildTestEdoc } from './test-edxml';

let hub: TestHub;
let admin: pg.Client;
beforeAll(async () => {
  hub = await startTestHub();
  admin = new pg.Client({ connectionString: hub.dbUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await hub?.close();
});

async function waitFor(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('sendEdoc answers only after COMMIT', () => {
  it('holds the 2xx while the transaction cannot commit, and the row is visible once it answers', async () => {
    const documentId = `${ORG.A},2025/01/02,900/BLOCK`;
    await admin.query('BEGIN');
    try {
      await admin.query('LOCK TABLE hub_packages IN SHARE MODE'); // blocks every INSERT into hub_packages
      let answered = false;
      const sending = hub
        .client('sys-a')
        .sendEdoc(buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId }), { from: ORG.A, messageType: 'edoc' })
        .then((r) => {
          answered = true;
          return r;
        });
      await waitFor(async () => {
        // Through the pool: pg_stat_activity is snapshotted once per transaction on the admin connection.
        const r = await hub.app.hub.pool.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO hub_packages%'",
        );
        return r.rows.length > 0;
      });
      await new Promise((r) => setTimeout(r, 200));
      const early = answered;
      await admin.query('COMMIT');
      expect(early).toBe(false);
      const out = await sending;
      const row = await admin.query(
        'SELECT d.state FROM hub_packages p JOIN hub_deliveries d ON d.package_id = p.id WHERE p.id = $1',
        [out.docId],
      );
      expect(row.rows).toEqual([{ state: 'pending' }]);
    } finally {
      await admin.query('ROLLBACK').catch(() => {}); // a no-op once committed
    }
  });

  it('answers FAIL and leaves no row and no file when COMMIT fails', async () => {
    await admin.query(`
      CREATE FUNCTION hub_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$;
      CREATE CONSTRAINT TRIGGER hub_test_refuse AFTER INSERT ON hub_deliveries DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION hub_test_refuse();`);
    try {
      const before = new Set(filesUnder(hub.dataDir, 'objects'));
      const documentId = `${ORG.A},2025/01/02,901/FAIL`;
      const err = await hub
        .client('sys-a')
        .sendEdoc(buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId, attachmentBytes: 20_000 }), {
          from: ORG.A,
          messageType: 'edoc',
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HubClientError);
      expect((err as HubClientError).code).toBe('hub.internal');
      expect((err as HubClientError).httpStatus).toBe(500);
      expect((await admin.query('SELECT 1 FROM hub_packages WHERE document_id = $1', [documentId])).rows).toHaveLength(
        0,
      );
      expect(filesUnder(hub.dataDir, 'objects').filter((f) => !before.has(f))).toEqual([]);
      expect(filesUnder(hub.dataDir, 'tmp')).toEqual([]);
    } finally {
      await admin.query('DROP TRIGGER hub_test_refuse ON hub_deliveries; DROP FUNCTION hub_test_refuse();');
    }
  });
});

describe('an upload cut by the client', () => {
  it('leaves no temp file and no row behind', async () => {
    const documentId = `${ORG.A},2025/01/02,902/CUT`;
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId, attachmentBytes: 200_000 });
    const sys = SYSTEMS[0];
    const headers = signedHeaders({
      systemId: sys.systemId,
      secret: sys.secret,
      contentType: 'application/octet-stream',
      business: {
        from: ORG.A,
        servicetype: 'eDoc',
        messagetype: 'edoc',
        'hash-file': createHash('sha256').update(pkg).digest('hex'),
      },
    });
    const req = http.request(hub.endpoint + '/sendEdoc', {
      method: 'POST',
      headers: { ...headers, 'Content-Length': String(pkg.length + 2) },
    });
    const failed = new Promise((resolve) => req.on('error', resolve));
    req.write(pkg.subarray(0, 100_000));
    await waitFor(async () => filesUnder(hub.dataDir, 'tmp').length > 0);
    req.destroy(new Error('client gave up'));
    expect(await failed).toBeInstanceOf(Error);
    await waitFor(async () => filesUnder(hub.dataDir, 'tmp').length === 0);
    expect((await admin.query('SELECT 1 FROM hub_packages WHERE document_id = $1', [documentId])).rows).toHaveLength(0);
  });
});
