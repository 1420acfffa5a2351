// Exchange end to end, counted honestly (issue 20): documents per second from the văn thư's "issue" request at
// organ A (Bộ Nội vụ, server A) to the moment organ B (Sở Nội vụ, server B) has verified the attached signed PDF
// against its trust store, registered it as an incoming document ("chờ vào sổ": an incoming row exists) and
// acknowledged it to the hub (the hub's delivery is 'done'). Every document goes through the ISSUE path: a
// draft with its own ~300 KB PDF, signed by the Thứ trưởng (PAdES, setup — not timed), then in the timed part
// POST /api/outgoing/:id/issue: organ seal (PAdES B-LT), job outgoing.send_external → exchange outbox →
// hub → B (notified by long-poll) → fetch (streamed) → verify → registerElectronic → batch acknowledgement.
// Then bench/hub.bench.ts's raw mode runs against the same PostgreSQL in the same run for the ratio.
// Run: npx tsx bench/exchange.bench.ts   (env EXCHANGE_BENCH_DOCS per run, default 300; EXCHANGE_BENCH_RUNS, default 3)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { samplePdf } from '../packages/pades/src/testing/pdfs';
import { startTestCluster } from '../test-support/cluster';
import { startHubProcess, startServerProc, type Http, type MakeDb } from '../apps/server/src/modules/exchange/exchange.procs';
import { emit, median } from './lib/server';

const PER_RUN = Number(process.env.EXCHANGE_BENCH_DOCS ?? 300);
const RUNS = Number(process.env.EXCHANGE_BENCH_RUNS ?? 3);
const ISSUERS = 8;
const B = '000.00.12.H29';
const A = '000.00.00.G09';

async function pool<T>(items: T[], size: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}
const ok = (what: string, r: { status: number; body: unknown }) => {
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** hub.bench.ts's raw mode in a child process against the same PostgreSQL; its documents/s. */
function hubRate(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'hub.bench.ts')], {
      env: { ...process.env, HUB_BENCH_MODES: 'raw', HUB_BENCH_DOCS: process.env.HUB_BENCH_DOCS ?? '900' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      const line = out.split('\n').map((l) => (l.trim() ? (JSON.parse(l) as { metric: string; value: number }) : null)).find((x) => x?.metric === 'documents_per_s');
      if (code !== 0 || !line) reject(new Error(`hub bench failed (${code}): ${out}`));
      else resolve(line.value);
    });
  });
}

async function main() {
  const cluster = await startTestCluster();
  const created: string[] = [];
  const makeDb: MakeDb = async (prefix) => {
    const name = `vt_${prefix}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    created.push(name);
    const u = new URL(cluster.url);
    u.pathname = `/${name}`;
    return { url: u.toString(), drop: async () => {} };
  };
  const systems = [A, B].map((code, i) => ({ systemId: `bench-${i}`, secret: randomBytes(16).toString('hex'), organs: [code] }));
  const hubDb = { url: '' };
  const hub = await startHubProcess(systems, async (p) => {
    const d = await makeDb(p);
    hubDb.url = d.url;
    return d;
  });
  const [srvA, srvB] = await Promise.all([startServerProc({ LOG_LEVEL: 'error' }, makeDb), startServerProc({ LOG_LEVEL: 'error' }, makeDb)]);
  const dbB = new pg.Client({ connectionString: srvB.dbUrl });
  const dbHub = new pg.Client({ connectionString: hubDb.url });
  try {
    ok('connector A', await (await srvA.login('quantri')).put('/api/exchange/connector', { kind: 'internal_hub', endpoint: hub.endpoint, systemId: systems[0]!.systemId, secret: systems[0]!.secret, enabled: true, pollIntervalMs: 1000 }));
    ok('connector B', await (await srvB.login('snv.quantri')).put('/api/exchange/connector', { kind: 'internal_hub', endpoint: hub.endpoint, systemId: systems[1]!.systemId, secret: systems[1]!.secret, enabled: true, pollIntervalMs: 1000 }));
    const adminA = await srvA.login('quantri');
    const users = await adminA.get<{ id: string; username: string }[]>('/api/admin/users');
    const signerId = users.find((u) => u.username === 'thutruong')!.id;
    const [drafter, clerk, ...approvers] = (await Promise.all(['chuyenvien.pc', 'vanthu', 'vutruong.pc', 'chanhvp', 'thutruong'].map((u) => srvA.login(u)))) as [Http, Http, ...Http[]];
    await Promise.all([dbB.connect(), dbHub.connect()]);
    const doneAtB = async () => {
      const inc = Number((await dbB.query<{ n: string }>(`SELECT count(*) AS n FROM exchange_inbox WHERE message_type = 'edoc' AND business_type = 0 AND state = 'received' AND incoming_ref IS NOT NULL`)).rows[0]!.n);
      const acked = Number((await dbHub.query<{ n: string }>(`SELECT count(*) AS n FROM hub_deliveries d JOIN hub_packages p ON p.id = d.package_id WHERE d.recipient_organ = $1 AND p.message_type = 'edoc' AND d.state = 'done'`, [B])).rows[0]!.n);
      return Math.min(inc, acked);
    };

    const rates: number[] = [];
    let serial = 0;
    let pdfBytes = 0;
    for (let run = 0; run < RUNS; run++) {
      // Setup (not timed): drafts with their own ~300 KB PDF, through the route to the Thứ trưởng's signature.
      const ids: string[] = [];
      const t = performance.now();
      await pool(Array.from({ length: PER_RUN }, () => ++serial), 4, async (n) => {
        const id = (ok('draft', await drafter.post('/api/outgoing', { docType: 'cong_van', subject: `Văn bản đo liên thông số ${n}`, signerId, recipients: [{ kind: 'external', organCode: B }] })) as { id: string }).id;
        const pdf = Buffer.from(await samplePdf({ title: `Van ban ${n} ${randomBytes(6).toString('hex')}`, padTo: 300 * 1024 }));
        pdfBytes = pdf.length;
        ok('upload', await drafter.upload(`/api/outgoing/${id}/versions?kind=draft`, 'du-thao.pdf', pdf));
        ok('submit', await drafter.post(`/api/outgoing/${id}/submit`));
        for (const u of approvers) ok('approve', await u.post(`/api/outgoing/${id}/decision`, { decision: 'approve' }));
        ids.push(id);
      });
      console.error(`run ${run + 1}: ${ids.length} signed drafts ready in ${((performance.now() - t) / 1000).toFixed(0)} s`);
      const before = await doneAtB();
      const t0 = performance.now();
      let issuedAt = 0;
      const issuing = pool(ids, ISSUERS, async (id) => {
        ok('issue', await clerk.post(`/api/outgoing/${id}/issue`));
      }).then(() => (issuedAt = performance.now()));
      for (;;) {
        const n = (await doneAtB()) - before;
        if (n >= ids.length) break;
        if (performance.now() - t0 > 900_000) throw new Error(`only ${n}/${ids.length} registered and acknowledged at B`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await issuing;
      const secs = (performance.now() - t0) / 1000;
      rates.push(ids.length / secs);
      console.error(`run ${run + 1}: ${ids.length} documents issued in ${((issuedAt - t0) / 1000).toFixed(1)} s, registered and acknowledged at B in ${secs.toFixed(1)} s (${(ids.length / secs).toFixed(1)}/s)`);
    }
    // What B recorded about the signatures (checked against its trust store: the demo CA in demo mode).
    const sig = await dbB.query<{ status: string; n: string }>(`SELECT signature->>'status' AS status, count(*) AS n FROM exchange_inbox WHERE message_type = 'edoc' AND business_type = 0 GROUP BY 1`);
    const verdicts = Object.fromEntries(sig.rows.map((r) => [r.status, Number(r.n)]));
    const rate = median(rates);
    emit('exchange.end_to_end', 'throughput', rate, 'doc/s', { path: 'issue', attachmentBytes: pdfBytes, docsPerRun: PER_RUN, runs: RUNS, signaturesAtB: verdicts });
    // The hub alone, same machine, same PostgreSQL, right after.
    await Promise.all([srvA.stop(), srvB.stop()]);
    await hub.stop();
    const hubAlone = await hubRate();
    emit('exchange.end_to_end', 'hub_alone', hubAlone, 'doc/s');
    emit('exchange.end_to_end', 'ratio_to_hub', rate / hubAlone, 'ratio');
  } finally {
    await dbB.end().catch(() => {});
    await dbHub.end().catch(() => {});
    await Promise.all([srvA.stop(), srvB.stop()]).catch(() => {});
    await hub.stop().catch(() => {});
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await cluster.stop();
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error(err);
  process.exit(1);
});
