/**
 * Search (issue 15, acceptance 3), on a real server process:
 * - search.index throughput: documents of ~2 KB Vietnamese text indexed per second (folded and exact vectors, GIN
 *   indexes kept up to date; the work the triggers do for every document), BENCH_SEARCH_DOCS documents (default 1,000,000);
 * - search.query p95_1w / p95_2w / p95_3w: GET /api/search (hits, total, snippets) for 1-, 2- and 3-word queries
 *   typed without diacritics, as the clerk (who may open nearly everything: the widest permission filter);
 * - search.query picker_p95: GET /api/search/pick?kind=issuing_organ over 5,000 issuing organs;
 * - search.query speedup_vs_ilike: the same queries as a plain scan (LIKE on a folded copy of the same text,
 *   all words required, newest first), p95 over p95.
 */
import pg from 'pg';
import { emit, percentile, startServerProcess } from './lib/server';

const N = Number(process.env.BENCH_SEARCH_DOCS ?? 1_000_000);
const BATCH = 5_000;
const QUERIES_PER_KIND = Number(process.env.BENCH_SEARCH_QUERIES ?? 60);

// Administrative Vietnamese (the seeds' subjects and body phrases): the words documents are made of.
const PROSE =
  `góp ý dự thảo nghị định quy định về công tác văn thư báo cáo tình hình thực hiện chỉ tiêu biên chế năm đề nghị
cung cấp số liệu tinh giản biên chế quý triển khai chuyển đổi số trong quản lý văn bản và hồ sơ điện tử tổ chức hội nghị tập huấn
nghiệp vụ lưu trữ rà soát văn bản quy phạm pháp luật lĩnh vực nội vụ thẩm định đề án vị trí việc làm kiện toàn tổ chức bộ máy các
đơn vị sự nghiệp công lập kế hoạch thi nâng ngạch công chức xin ý kiến về phương án sắp xếp đơn vị hành chính cấp xã đôn đốc nộp
tài liệu vào lưu trữ lịch sử hướng dẫn đánh giá xếp loại chất lượng cán bộ chế độ thống kê ngành phối hợp kỷ niệm ngày truyền thống
tăng cường kỷ luật kỷ cương khen thưởng tập thể cá nhân có thành tích xuất sắc cử tham gia đoàn kiểm tra cải cách ứng dụng chữ ký số
trao đổi căn cứ luật tổ chức chính phủ ngày tháng theo đề nghị của vụ trưởng quyết định điều phạm vi điều chỉnh đối tượng áp dụng
trách nhiệm thi hành kể từ ngày ký ban hành nơi nhận như trên lưu bộ tài chính kế hoạch và đầu tư ủy ban nhân dân tỉnh thành phố
thanh tra bảo hiểm xã hội việt nam sở phòng ban giám đốc chủ tịch phó thứ trưởng bộ trưởng văn phòng chánh trưởng phòng chuyên viên
kinh phí dự toán ngân sách nhà nước quyết toán thu chi đầu tư công giải ngân vốn đất đai môi trường giáo dục đào tạo y tế dân số`
    .split(/\s+/)
    .filter(Boolean);
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').toLowerCase();

const server = await startServerProcess({ VANTHU_ROLES: 'web' });
const db = new pg.Pool({ connectionString: server.dbUrl, max: 4 });
try {
  const {
    rows: [organ],
  } = await db.query<{ id: string }>("SELECT id FROM organs WHERE code = '000.00.00.G09'");
  const organId = organ!.id;
  const { rows: units } = await db.query<{ id: string }>('SELECT id FROM units WHERE organ_id = $1', [organId]);

  // Raw documents (not timed): ~2 KB of prose each, word frequencies skewed as in real text.
  await db.query(`CREATE UNLOGGED TABLE bench_docs (i int PRIMARY KEY, title text, body text, fold text, d date)`);
  await db.query(`CREATE FUNCTION bench_text(words text[], n int, seed int) RETURNS text LANGUAGE sql AS
    $$ SELECT string_agg(words[1 + floor(power(random(), 1.6) * array_length(words, 1))::int], ' ') FROM generate_series(1, n + seed * 0) $$`);
  const gen0 = Date.now();
  for (let i = 0; i < N; i += 50_000) {
    await db.query(
      `INSERT INTO bench_docs (i, title, body, d) SELECT g, bench_text($1, 14, g), bench_text($1, 330, g), date '2020-01-01' + (g % 2500)
      FROM generate_series($2::int, $3::int) g`,
      [PROSE, i + 1, Math.min(N, i + 50_000)],
    );
  }
  const avg = (await db.query<{ a: string }>('SELECT avg(octet_length(body))::int AS a FROM bench_docs')).rows[0]!.a;
  console.error(`generated ${N} documents (avg body ${avg} bytes) in ${Math.round((Date.now() - gen0) / 1000)} s`);

  // 1. Indexing: what the triggers write for a document (vectors of notation, subject, organ, type, body; readers), 2 writers.
  const t0 = Date.now();
  let next = 1;
  await Promise.all(
    [0, 1].map(async () => {
      const c = await db.connect();
      try {
        for (;;) {
          const from = next;
          if (from > N) break;
          next += BATCH;
          const to = Math.min(N, from + BATCH - 1);
          await c.query(
            `INSERT INTO search_items (kind, ref_id, organ_id, number_notation, title, organ_name, doc_type, type_name, doc_date, year, status, urgency, unit_ids, conf_rank, confidentiality, named, readers, body, tsv, tsv_meta, tsv_exact)
          SELECT 'incoming', gen_random_uuid(), $1, (b.i % 900 + 1) || '/QĐ-' || (ARRAY['BNV','BTC','UBND','BTP','VPCP'])[1 + b.i % 5], initcap(left(b.title, 1)) || substr(b.title, 2),
            (ARRAY['Bộ Tài chính','Bộ Tư pháp','Văn phòng Chính phủ','Ủy ban nhân dân tỉnh Hà Giang','Bộ Kế hoạch và Đầu tư'])[1 + b.i % 5], 'cong_van', 'Công văn', b.d, extract(year FROM b.d)::int,
            'in_progress', 'thuong', ARRAY[$2::uuid], CASE WHEN b.i % 20 = 0 THEN 1 WHEN b.i % 97 = 0 THEN 3 ELSE 0 END, 'thuong', '{}',
            ARRAY['clerk', 'u:' || gen_random_uuid(), 'ilead:' || $2], b.body, v.v, v.m, v.e
          FROM bench_docs b, LATERAL search_vectors((b.i % 900 + 1) || '/QĐ-BNV', b.title, 'Bộ Tài chính', 'Công văn', b.body) v WHERE b.i BETWEEN $3 AND $4`,
            [organId, units[from % units.length]!.id, from, to],
          );
        }
      } finally {
        c.release();
      }
    }),
  );
  const indexS = (Date.now() - t0) / 1000;
  emit('search.index', 'throughput', N / indexS, 'doc/s', {
    docs: N,
    seconds: Math.round(indexS),
    avgBodyBytes: Number(avg),
  });
  await db.query('ANALYZE search_items');

  // The plain-scan comparison needs the folded text (the list search's search_fold column does the same).
  await db.query(`UPDATE bench_docs SET fold = lower(search_fold(title || ' ' || body))`);
  await db.query('VACUUM ANALYZE bench_docs');

  // Issuing organs for the picker.
  await db.query(
    `INSERT INTO external_organs (organ_id, code, name) SELECT $1, 'B' || g, (ARRAY['Sở Tài chính','Sở Tư pháp','Phòng Pháp chế','Ủy ban nhân dân huyện','Sở Kế hoạch và Đầu tư','Trường Đại học','Bệnh viện đa khoa','Công an'])[1 + g % 8] || ' ' || g
    FROM generate_series(1, 5000) g ON CONFLICT DO NOTHING`,
    [organId],
  );

  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'vanthu', password: 'Demo@2026' }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const get = async (path: string) => {
    const s = performance.now();
    const r = await fetch(`${server.url}${path}`, { headers: { cookie } });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    await r.arrayBuffer();
    return performance.now() - s;
  };

  // Queries: consecutive words of the prose (as people type phrases they remember), folded, 1 to 3 words.
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const queries = (k: number) =>
    Array.from({ length: QUERIES_PER_KIND }, () => {
      const at = Math.floor(rnd() * (PROSE.length - k));
      return fold(PROSE.slice(at, at + k).join(' '));
    });
  const byKind: Record<number, string[]> = { 1: queries(1), 2: queries(2), 3: queries(3) };
  for (const q of byKind[1]!.slice(0, 5)) await get(`/api/search?q=${encodeURIComponent(q)}&facets=0`); // warm-up
  const p95: Record<number, number> = {};
  for (const k of [1, 2, 3]) {
    const lat: number[] = [];
    for (const q of byKind[k]!) lat.push(await get(`/api/search?q=${encodeURIComponent(q)}&facets=0`));
    p95[k] = percentile(lat, 95);
    emit('search.query', `p95_${k}w`, p95[k]!, 'ms', {
      docs: N,
      queries: lat.length,
      median: Math.round(percentile(lat, 50)),
    });
  }
  const facetLat: number[] = [];
  for (const q of byKind[2]!.slice(0, 20)) facetLat.push(await get(`/api/search?q=${encodeURIComponent(q)}`));
  emit('search.query', 'p95_with_facets', percentile(facetLat, 95), 'ms', { docs: N, queries: facetLat.length });

  const pickLat: number[] = [];
  for (const q of [
    'tai chinh',
    'phap che',
    'ke hoach dau tu',
    'uy ban huyen',
    'so tu',
    'benh vien',
    'truong dai',
    'cong an 12',
  ]) {
    for (let i = 0; i < 8; i++)
      pickLat.push(await get(`/api/search/pick?kind=issuing_organ&q=${encodeURIComponent(q)}`));
  }
  emit('search.query', 'picker_p95', percentile(pickLat, 95), 'ms', { organs: 5000, lookups: pickLat.length });

  // Plain scan of the same data for the same queries (a few each: one scan reads every document).
  const scanLat: number[] = [];
  const ftsSame: number[] = [];
  for (const k of [1, 2, 3]) {
    for (const q of byKind[k]!.slice(0, 3)) {
      const words = q.split(' ');
      const s = performance.now();
      await db.query(
        `SELECT i, title, d, count(*) OVER () AS n FROM bench_docs WHERE ${words.map((_, j) => `fold LIKE $${j + 1}`).join(' AND ')} ORDER BY d DESC LIMIT 20`,
        words.map((w) => `%${w}%`),
      );
      scanLat.push(performance.now() - s);
      ftsSame.push(await get(`/api/search?q=${encodeURIComponent(q)}&facets=0`));
    }
  }
  emit('search.query', 'speedup_vs_ilike', percentile(scanLat, 95) / percentile(ftsSame, 95), 'x', {
    ilike_p95_ms: Math.round(percentile(scanLat, 95)),
    search_p95_ms: Math.round(percentile(ftsSame, 95)),
    queries: scanLat.length,
  });
} finally {
  await db.end();
  await server.stop();
}
