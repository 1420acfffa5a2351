/**
 * Work files (issue 14, acceptance 4):
 * - workfiles.add: documents added to files per second (8 clients over 4 files, so the file row lock is contended);
 * - workfiles.my_files: p95 of "Hồ sơ của tôi" with 100,000 files in the organ;
 * - workfiles.export: server RSS growth while exporting a 500-page file to one PDF.
 */
import pg from 'pg';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { emit, median, percentile, rssMb, startServerProcess } from './lib/server';

const CLIENTS = 8;
const ADDS = 1600;
const server = await startServerProcess();
try {
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'vanthu', password: 'Demo@2026' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  const upload = async (bytes: Uint8Array, name: string) => {
    const fd = new FormData();
    fd.append('file', new Blob([Buffer.from(bytes)], { type: 'application/pdf' }), name);
    const r = await fetch(`${server.url}/api/files`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf },
      body: fd,
    });
    if (!r.ok) throw new Error(`upload: ${r.status} ${await r.text()}`);
    return ((await r.json()) as { id: string }).id;
  };
  const pdf = async (pages: number, tag: string) => {
    const d = await PDFDocument.create();
    const font = await d.embedFont(StandardFonts.TimesRoman);
    for (let i = 0; i < pages; i++)
      d.addPage([595, 842]).drawText(`Van ban ${tag} trang ${i + 1}`, { x: 60, y: 780, size: 14, font });
    return d.save();
  };

  // 1. Adding documents (uploads, by reference) to files.
  const files = await Promise.all(
    Array.from({ length: 4 }, (_, i) =>
      post<{ id: string }>('/api/workfiles', {
        title: `Hồ sơ đo hiệu năng số ${i + 1}`,
        notation: `B${i + 1}.VP`,
        retention: '10',
        startDate: '2026-01-05',
      }),
    ),
  );
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = c; i < ADDS; i += CLIENTS) ids.push(await upload(await pdf(1, `${i}`), `tl-${i}.pdf`));
    }),
  );
  const rounds: number[] = [];
  const lat: number[] = [];
  let next = 0;
  const per = ADDS / 2;
  for (let round = 0; round < 2; round++) {
    const slice = ids.slice(round * per, (round + 1) * per);
    next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (;;) {
          const i = next++;
          if (i >= slice.length) break;
          const t = performance.now();
          await post(`/api/workfiles/${files[(i + c) % files.length]!.id}/members`, {
            kind: 'upload',
            refId: slice[i],
            upload: { subject: `Tài liệu ${i}`, docDate: '2026-02-01', pageCount: 1, organName: 'Bộ Nội vụ' },
          });
          lat.push(performance.now() - t);
        }
      }),
    );
    rounds.push(slice.length / ((performance.now() - start) / 1000));
  }
  const db = new pg.Client({ connectionString: server.dbUrl });
  await db.connect();
  const gaps = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT workfile_id, count(*) c, max(ordinal) mx, count(DISTINCT ordinal) d FROM workfile_members GROUP BY workfile_id) x WHERE c <> mx OR d <> c`,
  );
  emit('workfiles.add', 'throughput', median(rounds), 'ops/s', {
    rounds: rounds.map((x) => Math.round(x)),
    clients: CLIENTS,
    files: files.length,
    p95_ms: Math.round(percentile(lat, 95)),
    files_with_gaps_or_duplicates: Number(gaps.rows[0]!.n),
  });

  // 2. "Hồ sơ của tôi" with 100,000 files in the organ (spread over the organ's users and units).
  const me = (
    await db.query<{ id: string; organ_id: string }>(`SELECT id, organ_id FROM users WHERE username = 'vanthu'`)
  ).rows[0]!;
  await db.query(
    `
    INSERT INTO workfiles (organ_id, year, notation, code, title, retention, creator_id, unit_id, start_date, search_key, member_count)
    SELECT m.organ_id, 2020 + (g % 7), 'N' || g, o.code || '.' || (2020 + (g % 7)) || '.N' || g, 'Hồ sơ công việc số ' || g, '10', m.user_id, m.unit_id,
           make_date(2020 + (g % 7), 1 + (g % 12), 1 + (g % 28)), 'ho so cong viec so ' || g, g % 40
    FROM generate_series(1, 100000) g
    JOIN LATERAL (SELECT user_id, unit_id, organ_id FROM memberships WHERE organ_id = $1 AND ended_at IS NULL ORDER BY id OFFSET (g % (SELECT count(*) FROM memberships WHERE organ_id = $1 AND ended_at IS NULL)) LIMIT 1) m ON true
    JOIN organs o ON o.id = m.organ_id`,
    [me.organ_id],
  );
  await db.query('ANALYZE workfiles');
  const mine = Number(
    (await db.query<{ n: string }>('SELECT count(*) n FROM workfiles WHERE creator_id = $1', [me.id])).rows[0]!.n,
  );
  const total = Number(
    (await db.query<{ n: string }>('SELECT count(*) n FROM workfiles WHERE organ_id = $1', [me.organ_id])).rows[0]!.n,
  );
  const listLat: number[] = [];
  for (let i = 0; i < 30; i++) await (await fetch(`${server.url}/api/workfiles?scope=mine`, { headers })).arrayBuffer();
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const r = await fetch(`${server.url}/api/workfiles?scope=mine&page=${1 + (i % 5)}`, { headers });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`list ${r.status}`);
    listLat.push(performance.now() - t);
  }
  emit('workfiles.my_files', 'list_p95', percentile(listLat, 95), 'ms', {
    files_in_organ: total,
    my_files: mine,
    median_ms: Math.round(median(listLat) * 10) / 10,
    target: 50,
  });

  // 3. Export of a 500-page file: 50 documents of 10 pages.
  const big = await post<{ id: string }>('/api/workfiles', {
    title: 'Hồ sơ 500 trang để đo bộ nhớ khi xuất',
    notation: 'E500.VP',
    retention: '10',
    startDate: '2026-01-05',
  });
  for (let i = 0; i < 50; i++) {
    const id = await upload(await pdf(10, `E${i}`), `e-${i}.pdf`);
    await post(`/api/workfiles/${big.id}/members`, {
      kind: 'upload',
      refId: id,
      upload: {
        subject: `Văn bản ${i + 1}`,
        docDate: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}`,
        pageCount: 10,
        organName: 'Bộ Nội vụ',
      },
    });
  }
  const growth: number[] = [];
  let pages = 0;
  for (let round = 0; round < 3; round++) {
    await new Promise((r) => setTimeout(r, 1500));
    const base = rssMb(server.pid);
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 20);
    const r = await fetch(`${server.url}/api/workfiles/${big.id}/export.pdf`, { headers });
    const bytes = new Uint8Array(await r.arrayBuffer());
    clearInterval(timer);
    peak = Math.max(peak, rssMb(server.pid));
    if (!r.ok) throw new Error(`export ${r.status}`);
    pages = (await PDFDocument.load(bytes)).getPageCount();
    growth.push(peak - base);
  }
  emit('workfiles.export', 'export_rss_growth', median(growth), 'MB', {
    rounds: growth.map((x) => Math.round(x)),
    pages,
    limit: 100,
  });
  await db.end();
} finally {
  await server.stop();
}
