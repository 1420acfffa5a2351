/**
 * Incoming documents (issue 3, acceptance 7):
 *  - registering documents with a 300 KB PDF through the HTTP API, 8 concurrent clients: documents/s and p99 latency;
 *  - the "Cần xử lý" list of one user with 1,000,000 documents in the organ (seeded with SQL): p95 latency.
 * Runs a real server process; prints one JSON object per figure (median of rounds).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import pg from 'pg';
import { emit, median, percentile, startServerProcess } from './lib/server';

const CLIENTS = 8;
const DOCS_PER_ROUND = 480;
const ROUNDS = 3;
const SEED_DOCS = Number(process.env.BENCH_INCOMING_DOCS ?? 1_000_000);

/** CPU time (user + system) of every process whose command name matches, in ms (from /proc). */
function cpuOfComm(re: RegExp): number {
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (!re.test(s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')))) continue;
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      total += ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {
      /* the process ended */
    }
  }
  return total;
}

/** Busy CPU time of the whole machine, in ms (from /proc/stat). */
function machineBusyMs(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return ((f.reduce((a, b) => a + b, 0) - f[3]! - f[4]!) * 1000) / 100;
}

/** user + system CPU time of a process, in ms (from /proc). */
function cpuMs(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

async function loginAs(url: string, username: string) {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'Demo@2026' }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return {
    cookie: r.headers.get('set-cookie')!.split(';')[0]!,
    csrf: ((await r.json()) as { csrfToken: string }).csrfToken,
  };
}

const SCAN_BODY = Buffer.from(
  `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n%${randomBytes(
    300 * 1024,
  )
    .toString('base64')
    .slice(0, 300 * 1024)}`,
);
const BOUNDARY = '----vanthu-bench-7f3a9c';
/**
 * The multipart body of one registration: the metadata part and a ~300 KB one-page PDF, different for every
 * document (a scan is never the same twice). Built as one buffer so the load generator spends little of the CPU it
 * shares with the server (FormData + Blob cost it several ms per request).
 */
function multipartBody(n: number, meta: object): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="meta"\r\n\r\n${JSON.stringify(meta)}\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="scan-${n}.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    SCAN_BODY,
    Buffer.from(`\n%${process.pid}-${n}\ntrailer <</Root 1 0 R>>\n%%EOF\n\r\n--${BOUNDARY}--\r\n`),
  ]);
}

const server = await startServerProcess({ LOG_LEVEL: 'error' });
try {
  const clerk = await loginAs(server.url, 'vanthu');
  // node:http with keep-alive: the lightest HTTP client, so the load generator leaves the CPU to the server.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const serverUrl = new URL(server.url);
  const post = (path: string, headers: Record<string, string>, payload: Buffer) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const rq = http.request(
        {
          host: serverUrl.hostname,
          port: serverUrl.port,
          method: 'POST',
          path,
          agent,
          headers: { ...headers, 'content-length': String(payload.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      rq.on('error', reject);
      rq.end(payload);
    });
  let seq = 0;
  const registerOne = async () => {
    const n = ++seq;
    const payload = multipartBody(n, {
      docTypeCode: 'cong_van',
      number: String(n),
      notation: 'BENCH-VP',
      issuedDate: '2026-01-05',
      issuingOrganName: 'Bộ Tài chính',
      subject: `Văn bản đo hiệu năng số ${n} về việc góp ý dự thảo`,
      urgency: 'thuong',
      confidentiality: 'thuong',
    });
    const t0 = performance.now();
    const r = await post(
      '/api/incoming',
      { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload,
    );
    if (r.status !== 200) throw new Error(`register: ${r.status} ${r.body}`);
    return performance.now() - t0;
  };
  // Warm-up (JIT, connection pool, caches).
  for (let i = 0; i < 40; i++) await registerOne();
  const rates: number[] = [];
  const p99s: number[] = [];
  const cpuPerDoc: number[] = [];
  const pgPerDoc: number[] = [];
  const clientPerDoc: number[] = [];
  const machinePerDoc: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const lat: number[] = [];
    let left = DOCS_PER_ROUND;
    const cpu0 = cpuMs(server.pid);
    const pg0 = cpuOfComm(/^postgres/);
    const client0 = process.cpuUsage();
    const m0 = machineBusyMs();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (left-- > 0) lat.push(await registerOne());
      }),
    );
    rates.push(DOCS_PER_ROUND / ((performance.now() - t0) / 1000));
    p99s.push(percentile(lat, 99));
    cpuPerDoc.push((cpuMs(server.pid) - cpu0) / DOCS_PER_ROUND);
    pgPerDoc.push((cpuOfComm(/^postgres/) - pg0) / DOCS_PER_ROUND);
    const c = process.cpuUsage(client0);
    clientPerDoc.push((c.user + c.system) / 1000 / DOCS_PER_ROUND);
    machinePerDoc.push((machineBusyMs() - m0) / DOCS_PER_ROUND);
  }
  emit('incoming.register', 'throughput', median(rates), 'doc/s', {
    rounds: rates.map((x) => Math.round(x)),
    clients: CLIENTS,
    pdfKb: 300,
    target: 150,
  });
  emit('incoming.register', 'p99', median(p99s), 'ms', {
    rounds: p99s.map((x) => Math.round(x)),
    target: 200,
    loadavg: os.loadavg()[0]!.toFixed(1),
  });
  emit('incoming.register', 'server_cpu_per_doc', median(cpuPerDoc), 'ms', {
    note: 'CPU time of the server process (not PostgreSQL) per registration',
  });
  emit('incoming.register', 'postgres_cpu_per_doc', median(pgPerDoc), 'ms', {
    note: 'CPU time of all PostgreSQL processes on this machine per registration',
  });
  emit('incoming.register', 'client_cpu_per_doc', median(clientPerDoc), 'ms', {
    note: 'CPU time of this load generator per registration',
  });
  emit('incoming.register', 'machine_cpu_per_doc', median(machinePerDoc), 'ms', {
    note: `busy CPU of the whole machine (${os.cpus().length} cores, anything else running included) per registration`,
  });
  if (SEED_DOCS > 0) {
    // ---- 1,000,000 documents seeded with SQL, then the "Cần xử lý" list of one specialist ----
    const db = new pg.Client({ connectionString: server.dbUrl });
    await db.connect();
    const t0 = performance.now();
    const organ = (await db.query<{ id: string }>("SELECT id FROM organs WHERE code = '000.00.00.G09'")).rows[0]!.id;
    const reg = (
      await db.query<{ id: string }>("SELECT id FROM registers WHERE organ_id = $1 AND code = 'DEN'", [organ])
    ).rows[0]!.id;
    const users = (
      await db.query<{ id: string; username: string }>(
        'SELECT id, username FROM users WHERE organ_id = $1 ORDER BY username',
        [organ],
      )
    ).rows;
    const target = users.find((u) => u.username === 'chuyenvien.pc')!.id;
    await db.query('DROP INDEX IF EXISTS incoming_docs_fold_trgm');
    await db.query(
      `
    INSERT INTO incoming_documents (id, organ_id, status, source, register_id, arrival_year, arrival_number, arrival_date, registered_at, received_at, doc_type_code, type_name, number, notation, issued_date,
      issuing_organ_name, subject, urgency, confidentiality, conf_rank, deadline, dup_key, search_text, search_fold)
    SELECT gen_random_uuid(), $1, CASE WHEN g % 50 < 47 THEN 'done' ELSE 'in_progress' END, 'paper', $2, 2000 + g / 100000, g % 100000 + 1, date '2024-01-01' + (g % 700), now(), now(), 'cong_van', 'Công văn',
      (g % 9000)::text, 'SEED-' || (g % 97), date '2024-01-01' + (g % 700), 'Cơ quan gửi ' || (g % 300), 'Văn bản mẫu số ' || g || ' về việc triển khai nhiệm vụ', 'thuong', 'thuong', 0,
      date '2024-01-01' + (g % 700) + 10, 'seed|' || g, 'văn bản mẫu số ' || g, 'van ban mau so ' || g
    FROM generate_series(1, $3::int) g`,
      [organ, reg, SEED_DOCS],
    );
    await db.query(
      `
    INSERT INTO incoming_assignments (organ_id, document_id, role, is_top, assignee_user_id, assigned_by, deadline, state, conf_rank, created_at)
    SELECT d.organ_id, d.id, 'lead', true, ($2::uuid[])[1 + (d.arrival_number % array_length($2::uuid[], 1))], $3, d.deadline,
      CASE WHEN d.status = 'done' THEN 'done' WHEN d.arrival_number % 3 = 0 THEN 'in_progress' ELSE 'pending' END, 0, d.received_at
    FROM incoming_documents d WHERE d.organ_id = $1 AND d.dup_key LIKE 'seed|%'`,
      [organ, users.map((u) => u.id), users[0]!.id],
    );
    await db.query('CREATE INDEX incoming_docs_fold_trgm ON incoming_documents USING gin (search_fold gin_trgm_ops)');
    await db.query('ANALYZE incoming_documents; ANALYZE incoming_assignments');
    const seeded = (
      await db.query<{ n: string; todo: string }>(
        "SELECT count(*) AS n, count(*) FILTER (WHERE assignee_user_id = $1 AND state = 'pending') AS todo FROM incoming_assignments WHERE organ_id = $2",
        [target, organ],
      )
    ).rows[0]!;
    const seedSeconds = (performance.now() - t0) / 1000;
    await db.end();

    const cv = await loginAs(server.url, 'chuyenvien.pc');
    const list = async (query: string) => {
      const t = performance.now();
      const r = await fetch(`${server.url}/api/incoming?${query}`, { headers: { cookie: cv.cookie } });
      const j = (await r.json()) as { items: unknown[]; total: number };
      if (r.status !== 200 || j.items.length === 0) throw new Error(`list: ${r.status}`);
      return { ms: performance.now() - t, total: j.total };
    };
    for (let i = 0; i < 30; i++) await list('box=todo');
    const p95s: number[] = [];
    let total = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const lat: number[] = [];
      for (let i = 0; i < 100; i++) {
        const r = await list(`box=todo&page=${1 + (i % 5)}`);
        lat.push(r.ms);
        total = r.total;
      }
      p95s.push(percentile(lat, 95));
    }
    emit('incoming.list_todo_1m', 'p95', median(p95s), 'ms', {
      rounds: p95s.map((x) => Math.round(x * 10) / 10),
      documents: Number(seeded.n),
      userTodo: total,
      seedSeconds: Math.round(seedSeconds),
      target: 50,
    });
  }
} finally {
  await server.stop();
}
