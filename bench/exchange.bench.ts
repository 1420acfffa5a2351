// Exchange end to end: documents per second from the sending organs' servers to organ B's server through the
// hub, 3 organs sending at once, 300 KB PDF attachments. Server A (one process) hosts the three sending organs
// (Bộ Nội vụ and two organs created for the bench), each with its own connector and hub system; server B
// (Sở Nội vụ) receives. Clock: from the first send request to the moment B has received, stored, handed to its
// incoming module ("chờ vào sổ") and acknowledged every document. Median of 3 runs.
// Run: npx tsx bench/exchange.bench.ts   (env EXCHANGE_BENCH_DOCS per run, default 450)
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startTestCluster } from '../test-support/cluster';
import {
  startHubProcess,
  startServerProc,
  type Http,
  type MakeDb,
} from '../apps/server/src/modules/exchange/exchange.procs';
import { tinyPdf } from '../apps/server/src/modules/exchange/exchange.testing';
import { emit, median } from './lib/server';

const PER_RUN = Number(process.env.EXCHANGE_BENCH_DOCS ?? 450);
const RUNS = 3;
const CLIENTS_PER_ORGAN = 4;
const B = '000.00.12.H29';
const SENDERS = ['000.00.00.G09', '000.00.01.H30', '000.00.01.H31'];

async function pool<T>(items: T[], size: number, fn: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function main() {
  const cluster = await startTestCluster();
  const makeDb: MakeDb = async (prefix) => {
    const name = `vt_${prefix}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(cluster.url);
    u.pathname = `/${name}`;
    return { url: u.toString(), drop: async () => {} };
  };
  const systems = [...SENDERS, B].map((code, i) => ({
    systemId: `bench-${i}`,
    secret: randomBytes(16).toString('hex'),
    organs: [code],
  }));
  const [hub, srvA, srvB] = await Promise.all([
    startHubProcess(systems, makeDb),
    startServerProc({ LOG_LEVEL: 'error' }, makeDb),
    startServerProc({ LOG_LEVEL: 'error' }, makeDb),
  ]);
  try {
    // Sending organs on A: the demo ministry and two more, each with a clerk and a connector.
    const sys = await srvA.login('sysadmin');
    const clerks: Http[] = [];
    for (const [i, code] of SENDERS.entries()) {
      let organId: string;
      if (i === 0)
        organId = (await sys.get<{ id: string; code: string }[]>('/api/admin/organs')).find((o) => o.code === code)!.id;
      else {
        organId = (
          (await sys.post('/api/admin/organs', { code, name: `Cơ quan thử ${i}`, abbr: `CQ${i}` })).body as {
            id: string;
          }
        ).id;
        const unit = (
          (await sys.post(`/api/admin/units?organId=${organId}`, { parentId: null, name: 'Văn phòng', abbr: 'VP' }))
            .body as { id: string }
        ).id;
        const pos = (
          (await sys.post(`/api/admin/positions?organId=${organId}`, { name: 'Văn thư', rank: 50 })).body as {
            id: string;
          }
        ).id;
        const u = await sys.post(`/api/admin/users?organId=${organId}`, {
          username: `vt${i}`,
          fullName: `Văn thư ${i}`,
          password: 'Demo@2026',
          unitId: unit,
          positionId: pos,
          roles: ['clerk'],
        });
        if (u.status !== 200) throw new Error(JSON.stringify(u.body));
      }
      const c = await sys.put(`/api/exchange/connector?organId=${organId}`, {
        kind: 'internal_hub',
        endpoint: hub.endpoint,
        systemId: systems[i]!.systemId,
        secret: systems[i]!.secret,
        enabled: true,
        pollIntervalMs: 200,
      });
      if (c.status !== 200) throw new Error(JSON.stringify(c.body));
      clerks.push(await srvA.login(i === 0 ? 'vanthu' : `vt${i}`));
    }
    const b = await srvB.login('snv.quantri');
    await b.put('/api/exchange/connector', {
      kind: 'internal_hub',
      endpoint: hub.endpoint,
      systemId: systems[3]!.systemId,
      secret: systems[3]!.secret,
      enabled: true,
      pollIntervalMs: 200,
    });
    const dbB = new pg.Client({ connectionString: srvB.dbUrl });
    await dbB.connect();

    const rates: number[] = [];
    let serial = 0;
    for (let run = 0; run < RUNS; run++) {
      // Setup (not timed): each document's own 300 KB signed-PDF stand-in, uploaded by its organ's clerk.
      const jobs: { clerk: Http; fileId: string; number: string }[] = [];
      for (const [i, clerk] of clerks.entries()) {
        const items = Array.from({ length: PER_RUN / SENDERS.length }, () => String(++serial));
        await pool(items, 4, async (number) => {
          const up = await clerk.upload(
            '/api/files',
            `vb-${number}.pdf`,
            tinyPdf(`${i}-${number}-${randomBytes(8).toString('hex')}`, 300 * 1024),
          );
          jobs.push({ clerk, fileId: (up.body as { id: string }).id, number });
        });
      }
      const before = Number(
        (
          await dbB.query<{ n: string }>(
            `SELECT count(*) AS n FROM exchange_inbox WHERE message_type = 'edoc' AND state = 'received'`,
          )
        ).rows[0]!.n,
      );
      const t0 = performance.now();
      await Promise.all(
        clerks.map((clerk) =>
          pool(
            jobs.filter((j) => j.clerk === clerk),
            CLIENTS_PER_ORGAN,
            async (j) => {
              const r = await clerk.post('/api/exchange/send', {
                recipients: [{ code: B }],
                number: j.number,
                notation: 'BENCH',
                issuedDate: '2026-03-02',
                docTypeCode: 'cong_van',
                subject: `Văn bản thử ${j.number}`,
                confidentiality: 'thuong',
                fileIds: [j.fileId],
              });
              if (r.status !== 200) throw new Error(JSON.stringify(r.body));
            },
          ),
        ),
      );
      for (;;) {
        const n = Number(
          (
            await dbB.query<{ n: string }>(
              `SELECT count(*) AS n FROM exchange_inbox WHERE message_type = 'edoc' AND state = 'received'`,
            )
          ).rows[0]!.n,
        );
        if (n - before >= jobs.length) break;
        if (performance.now() - t0 > 600_000) throw new Error(`only ${n - before}/${jobs.length} received`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const secs = (performance.now() - t0) / 1000;
      rates.push(jobs.length / secs);
      console.error(
        `run ${run + 1}: ${jobs.length} documents in ${secs.toFixed(1)} s (${(jobs.length / secs).toFixed(1)}/s)`,
      );
    }
    await dbB.end();
    emit('exchange.end_to_end', 'throughput', median(rates), 'doc/s', {
      organs: SENDERS.length,
      attachmentKB: 300,
      docsPerRun: PER_RUN,
      runs: RUNS,
    });
  } finally {
    await Promise.all([srvA.stop(), srvB.stop()]);
    await hub.stop();
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
