// Exchange hub throughput: 3 sender systems (A1..A3) send edXML packages with a 300 KB attachment to B
// concurrently through a hub running as a child process; B lists, fetches and acknowledges each one.
// Figure: documents per second from the first send to the last fetch, median of 3 runs, for two ways of
// fetching: the raw bytes (GET downloadEdoc, what our systems use against our hub) and getEdoc (base64 in
// JSON, as the national SDK does) — both through our connector (HubClient, signing as the official
// client) — and a third, "wire": the hub alone, driven by bare HTTP requests shaped as the official client
// sends them (exchange.md §4: octet-stream + CRLF, one timestamp per client object), with no connector
// code in the loop; the difference is the connector's cost.
// Run: npx tsx bench/hub.bench.ts   (env HUB_BENCH_DOCS, default 1500)
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import pg from 'pg';
import { buildEdoc } from '@vanthu/edxml';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { HubClient } from '../apps/hub/src/client';
import { OfficialClientWire } from '../apps/hub/src/test-official';
import { spawnHub } from '../apps/hub/src/test-process';
import { startTestCluster } from '../test-support/cluster';

const TOTAL = Number(process.env.HUB_BENCH_DOCS ?? 1500);
const RUNS = 3;
const SENDER_CONCURRENCY = 4; // per sender system
const FETCH_CONCURRENCY = 8;
const B = '000.00.20.H41';
const senders = [1, 2, 3].map((i) => ({
  systemId: `bench-a${i}`,
  secret: randomBytes(16).toString('hex'),
  organs: [`000.00.1${i}.H41`],
}));
const receiver = { systemId: 'bench-b', secret: randomBytes(16).toString('hex'), organs: [B] };

/** CPU seconds (user + system) of a process, from /proc (Linux); 0 elsewhere. */
function cpuOf(pid: number | undefined, part: 'all' | 'sys' = 'all'): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (part === 'sys' ? Number(f[12]) : Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}
/** CPU seconds of the PostgreSQL cluster: its postmaster's children (backends, WAL writer…). */
async function pgCpu(client: pg.Client): Promise<number> {
  const r = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const stat = fs.readFileSync(`/proc/${r.rows[0]!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const postmaster = Number(stat[1]);
  // The postmaster's own time plus its reaped children's (backends that exited), then the live ones.
  const own = fs.readFileSync(`/proc/${postmaster}/stat`, 'utf8').split(') ')[1]!.split(' ');
  let total = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) / 100;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(f[1]) === postmaster) total += (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      // gone
    }
  }
  return total;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One package per sender, built by @vanthu/edxml; each document then differs only in its DocumentId digits. */
async function template(organ: string, attachment: Buffer): Promise<{ bytes: Buffer; at: number }> {
  const marker = '000000000';
  const bytes = await buffer(
    buildEdoc(
      {
        messageHeader: {
          from: { organId: organ, organName: `Sở ${organ}` },
          to: [{ organId: B, organName: 'UBND tỉnh' }],
          documentId: `${organ},2025/01/02,${marker}/BENCH`,
          code: { codeNumber: '1', codeNotation: 'BENCH' },
          subject: 'V/v đo thông lượng trục liên thông',
        },
      },
      [{ name: 'vanban.pdf', contentType: 'application/pdf', source: attachment }],
    ),
  );
  return { bytes, at: bytes.indexOf(marker) };
}

/** The package of document n as two chunks: a numbered copy of the head, then the shared rest. */
function numbered(t: { bytes: Buffer; at: number }, n: number): [Buffer, Buffer] {
  const head = Buffer.from(t.bytes.subarray(0, t.at + 9));
  head.write(String(n).padStart(9, '0'), t.at, 'latin1');
  return [head, t.bytes.subarray(t.at + 9)];
}
const withNumber = (t: { bytes: Buffer; at: number }, n: number): Readable => Readable.from(numbered(t, n));

const wireAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const CRLF = Buffer.from('\r\n');
/** sendEdoc as the official client puts it on the wire, with no connector code: sign, write, read. */
function wireSend(endpoint: string, c: OfficialClientWire, parts: [Buffer, Buffer], from: string): Promise<void> {
  const sha = createHash('sha256').update(parts[0]).update(parts[1]).digest('hex');
  const headers = c.headers({
    'Content-Type': 'application/octet-stream',
    servicetype: 'eDoc',
    from,
    messagetype: 'edoc',
    'hash-file': sha,
  });
  headers['Content-Length'] = String(parts[0].length + parts[1].length + 2);
  return new Promise((resolve, reject) => {
    const req = http.request(endpoint + '/sendEdoc', { method: 'POST', headers, agent: wireAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const env = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status: string; ErrorCode: string };
        if (env.status === 'OK') resolve();
        else reject(new Error(`sendEdoc: ${env.ErrorCode}`));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.write(parts[0]);
    req.write(parts[1]);
    req.end(CRLF);
  });
}

const cluster = await startTestCluster();
const dbName = `vt_hubbench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: cluster.url });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const dbUrl = new URL(cluster.url);
dbUrl.pathname = '/' + dbName;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-hubbench-'));
const hub = await spawnHub(
  {
    HUB_DATABASE_URL: dbUrl.toString(),
    HUB_DATA_DIR: dataDir,
    HUB_SYSTEMS: JSON.stringify([...senders, receiver]),
    HUB_SWEEP_INTERVAL_MS: '0',
  },
  process.env.HUB_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.HUB_BENCH_PROFILE}`] : [],
);

try {
  const attachment = randomBytes(300 * 1024);
  const templates = await Promise.all(senders.map((s) => template(s.organs[0]!, attachment)));
  const b = new HubClient({ endpoint: hub.endpoint, systemId: receiver.systemId, secret: receiver.secret });
  const fetchers = {
    raw: async (docId: string) => {
      const chunks: Buffer[] = [];
      for await (const c of await b.getEdocStream(docId)) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
    getedoc_json: (docId: string) => b.getEdoc(docId),
  };
  const modes: [string, (docId: string) => Promise<Buffer>, 'connector' | 'wire'][] = [
    ['raw', fetchers.raw, 'connector'],
    ['getedoc_json', fetchers.getedoc_json, 'connector'],
    ['wire', fetchers.raw, 'wire'],
  ];
  let run = 0;
  for (const [mode, fetchOne, sendWith] of modes) {
    const rates: number[] = [];
    const cpuHub: number[] = [];
    const cpuAll: number[] = [];
    for (let r = 0; r < RUNS; r++, run++) {
      const perSender = Math.ceil(TOTAL / senders.length);
      const t0 = performance.now();
      const cpu0 = {
        hub: cpuOf(hub.proc.pid),
        hubSys: cpuOf(hub.proc.pid, 'sys'),
        me: process.cpuUsage(),
        pg: await pgCpu(admin),
      };
      const sending = senders.map(async (s, si) => {
        const client = new HubClient({ endpoint: hub.endpoint, systemId: s.systemId, secret: s.secret });
        const wire = new OfficialClientWire(hub.endpoint, s.systemId, s.secret);
        let next = 0;
        await Promise.all(
          Array.from({ length: SENDER_CONCURRENCY }, async () => {
            while (next < perSender) {
              const n = run * 1_000_000 + next++;
              if (sendWith === 'wire') await wireSend(hub.endpoint, wire, numbered(templates[si]!, n), s.organs[0]!);
              else await client.sendEdoc(withNumber(templates[si]!, n), { from: s.organs[0]!, messageType: 'edoc' });
            }
          }),
        );
      });
      let fetched = 0;
      const expected = perSender * senders.length;
      while (fetched < expected) {
        const items = await b.getReceivedEdocList({ limit: 200 });
        if (items.length === 0) {
          await sleep(5);
          continue;
        }
        let i = 0;
        await Promise.all(
          Array.from({ length: FETCH_CONCURRENCY }, async () => {
            while (i < items.length) {
              const item = items[i++]!;
              const bytes = await fetchOne(item.docId);
              if (bytes.length !== templates[0]!.bytes.length)
                throw new Error(`package ${item.docId} came back with ${bytes.length} bytes`);
              await b.updateStatus(item.docId, 'done');
              fetched++;
            }
          }),
        );
      }
      await Promise.all(sending);
      const seconds = (performance.now() - t0) / 1000;
      rates.push(expected / seconds);
      const hubMs = ((cpuOf(hub.proc.pid) - cpu0.hub) * 1000) / expected;
      const hubSysMs = ((cpuOf(hub.proc.pid, 'sys') - cpu0.hubSys) * 1000) / expected;
      const pgMs = (((await pgCpu(admin)) - cpu0.pg) * 1000) / expected;
      const me = process.cpuUsage(cpu0.me);
      const clientMs = (me.user + me.system) / 1000 / expected;
      cpuHub.push(hubMs);
      cpuAll.push(hubMs + clientMs + pgMs);
      process.stderr.write(
        `${mode} run ${r + 1}: ${expected} documents in ${seconds.toFixed(2)} s (${(expected / seconds).toFixed(0)} doc/s; ` +
          `CPU per document: hub ${hubMs.toFixed(1)} ms (${hubSysMs.toFixed(1)} in the kernel), senders+receiver ${clientMs.toFixed(1)} ms (${(me.system / 1000 / expected).toFixed(1)} kernel), PostgreSQL ${pgMs.toFixed(1)} ms)\n`,
      );
    }
    const suffix = mode === 'raw' ? '' : `_${mode}`;
    const emit = (metric: string, value: number, unit: string) =>
      process.stdout.write(`${JSON.stringify({ bench: 'hub.throughput', metric: metric + suffix, value, unit })}\n`);
    emit('documents_per_s', Math.round(median(rates)), 'doc/s');
    // CPU time per document is what the shared machine cannot distort much: hub alone, and hub +
    // senders/receiver + PostgreSQL (2 cores / the latter = the ceiling on an idle machine).
    emit('hub_cpu_ms_per_document', Math.round(median(cpuHub) * 10) / 10, 'ms');
    emit('total_cpu_ms_per_document', Math.round(median(cpuAll) * 10) / 10, 'ms');
  }
} finally {
  hub.proc.kill('SIGTERM');
  await hub.exited;
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
  await cluster.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
