/**
 * Acceptance 4: 1,000 documents from A to B while the hub process is killed (SIGKILL) and restarted twice.
 * B registers each document exactly once, none is lost, and A's tracking ends with every document at "03" or beyond.
 * The one long test of the module (about 2 minutes).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubProcess, startServerProc, waitFor, type HubProc, type ServerProc } from './exchange.procs';
import { ORGAN_A, ORGAN_B, tinyPdf } from './exchange.testing';

const N = 1000;
const SYSTEMS = [
  { systemId: 'sys-bnv', secret: 'secret-of-bo-noi-vu-000001', organs: [ORGAN_A] },
  { systemId: 'sys-snv', secret: 'secret-of-so-noi-vu-000002', organs: [ORGAN_B] },
];

let hub: HubProc;
let srvA: ServerProc;
let srvB: ServerProc;
let dbA: pg.Client;
let dbB: pg.Client;

beforeAll(async () => {
  [hub, srvA, srvB] = await Promise.all([startHubProcess(SYSTEMS), startServerProc(), startServerProc()]);
  for (const [srv, admin, sys] of [
    [srvA, 'quantri', SYSTEMS[0]!],
    [srvB, 'snv.quantri', SYSTEMS[1]!],
  ] as const) {
    const h = await srv.login(admin);
    const r = await h.put('/api/exchange/connector', {
      kind: 'internal_hub',
      endpoint: hub.endpoint,
      systemId: sys.systemId,
      secret: sys.secret,
      enabled: true,
      pollIntervalMs: 300,
    });
    expect(r.status).toBe(200);
  }
  dbA = new pg.Client({ connectionString: srvA.dbUrl });
  dbB = new pg.Client({ connectionString: srvB.dbUrl });
  await Promise.all([dbA.connect(), dbB.connect()]);
}, 180_000);
afterAll(async () => {
  await Promise.all([dbA?.end(), dbB?.end()]);
  await Promise.all([srvA?.stop(), srvB?.stop()]);
  await hub?.stop();
});

const count = async (db: pg.Client, q: string, params: unknown[] = []) =>
  Number((await db.query<{ n: string }>(q, params)).rows[0]!.n);
const sentAtA = () =>
  count(dbA, `SELECT count(*) AS n FROM exchange_outbox WHERE message_type = 'edoc' AND state = 'sent'`);

async function pool<T>(items: T[], size: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

describe('reliability with the hub killed twice', () => {
  it(`${N} documents: each registered exactly once at B, every one at least "03" in A's tracking`, async () => {
    const clerkA = await srvA.login('vanthu');
    const clerkB = await srvB.login('snv.vanthu');
    const up = await clerkA.upload('/api/files', 'cv.pdf', tinyPdf('reliability'));
    const fileId = (up.body as { id: string }).id;

    // B's văn thư registers whatever arrives, all along.
    let stop = false;
    const registered = new Set<string>();
    const registrar = (async () => {
      while (!stop) {
        const r = await dbB.query<{ id: string }>(
          `SELECT id FROM incoming_documents WHERE source = 'edxml' AND status = 'pending_registration' LIMIT 200`,
        );
        await pool(
          r.rows.filter((x) => !registered.has(x.id)),
          4,
          async ({ id }) => {
            const res = await clerkB.post(`/api/incoming/${id}/register`, { confirmDuplicate: true });
            if (res.status === 200) registered.add(id);
          },
        );
        await new Promise((res) => setTimeout(res, 300));
      }
    })();

    // A sends; the hub is killed and restarted twice while packages are in flight.
    const kills: number[] = [];
    const chaos = (async () => {
      for (const at of [N * 0.3, N * 0.65]) {
        await waitFor(`${at} sent`, async () => (await sentAtA()) >= at, 120_000, 100);
        await hub.kill();
        kills.push(await sentAtA());
        await new Promise((res) => setTimeout(res, 1000));
        await hub.restart();
      }
    })();
    const numbers = Array.from({ length: N }, (_, i) => String(i + 1));
    await pool(numbers, 8, async (n) => {
      const r = await clerkA.post('/api/exchange/send', {
        recipients: [{ code: ORGAN_B }],
        number: n,
        notation: 'BNV-VP',
        issuedDate: '2026-03-02',
        docTypeCode: 'cong_van',
        subject: `Văn bản thử số ${n}`,
        confidentiality: 'thuong',
        fileIds: [fileId],
      });
      expect(r.status).toBe(200);
    });
    await chaos;
    expect(kills).toHaveLength(2);
    expect(kills.every((k) => k < N)).toBe(true);

    await waitFor(
      'every document at 03 or beyond at A',
      async () =>
        (await count(
          dbA,
          `SELECT count(*) AS n FROM exchange_outbox WHERE message_type = 'edoc' AND recipient_status IN ('03','04','05','06')`,
        )) === N,
      150_000,
      500,
    );
    stop = true;
    await registrar;

    const b = (
      await dbB.query<{ n: string; docs: string; numbers: string; pending: string }>(
        `SELECT count(*) AS n, count(DISTINCT document_identifier) AS docs, count(DISTINCT arrival_number) AS numbers,
              count(*) FILTER (WHERE status = 'pending_registration') AS pending
         FROM incoming_documents WHERE source = 'edxml'`,
      )
    ).rows[0]!;
    expect(b).toEqual({ n: String(N), docs: String(N), numbers: String(N), pending: '0' });
    expect(
      await count(
        dbB,
        `SELECT count(DISTINCT document_id) AS n FROM exchange_inbox WHERE message_type = 'edoc' AND state NOT IN ('invalid', 'failed')`,
      ),
    ).toBe(N);
    expect(await count(dbB, `SELECT count(*) AS n FROM exchange_inbox WHERE message_type = 'edoc'`)).toBe(N);
    expect(await count(dbA, `SELECT count(*) AS n FROM exchange_outbox WHERE message_type = 'edoc'`)).toBe(N);
  }, 420_000);
});
