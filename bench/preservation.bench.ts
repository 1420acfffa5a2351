// Preservation benchmark (issue 16 acceptance 3), same data, same run: a database with BENCH_DOCS file rows and
// audit events and a blob store of BENCH_DOCS blobs (incompressible, like scans and signed PDFs, BENCH_BLOB_KB each).
//  - backup: our full backup (COPY snapshot + every blob re-hashed on copy + manifest) against pg_dump (custom
//    format, no compression, as our COPY text is not compressed) followed by tar of the blob directory;
//  - restore: our restore into an empty database and blob store (every file checked against the manifest, counts
//    compared) against pg_restore into an empty database followed by tar -x;
//  - fixity: one sweep over every blob (re-hash, state row per blob) against sha256sum over the same files.
// Figures: MB/s of each and ratio = ours ÷ reference (target ≥ 0.8 for backup and fixity).
// Run: npx tsx bench/preservation.bench.ts [reps=3]  (DATABASE_URL's server, else an embedded one; needs pg_dump,
// pg_restore of the server's major version, tar, sha256sum)
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../apps/server/src/db/database';
import { migrate } from '../apps/server/src/db/migrate';
import { backup, fixitySweep, restore } from '../apps/server/src/modules/preservation';
import { startTestCluster } from '../test-support/cluster';
import { median } from './lib/server';

const MB = 1024 * 1024;
const reps = Math.max(1, Math.min(7, Number(process.argv[2] ?? 3)));
const DOCS = Number(process.env.BENCH_DOCS ?? 1500);
const BLOB_KB = Number(process.env.BENCH_BLOB_KB ?? 256);
const emit = (
  bench: string,
  metric: string,
  value: number,
  unit: string,
  extra: Record<string, unknown> = {},
): void => {
  process.stdout.write(`${JSON.stringify({ bench, metric, value: Math.round(value * 100) / 100, unit, ...extra })}\n`);
};
const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const duSize = (dir: string): number => {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) n += fs.statSync(path.join(e.parentPath, e.name)).size;
  return n;
};

const cluster = await startTestCluster();
const admin = new pg.Client({ connectionString: cluster.url });
await admin.connect();
const dbName = (tag: string) => `vt_pbench_${tag}_${process.pid}`;
const urlOf = (name: string) => {
  const u = new URL(cluster.url);
  u.pathname = `/${name}`;
  return u.toString();
};
const created: string[] = [];
const createDatabase = async (tag: string) => {
  const name = dbName(tag);
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  created.push(name);
  return urlOf(name);
};
const dropDatabase = async (url: string) =>
  admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
const pgEnv = (url: string) => {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: u.pathname.slice(1),
  };
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-pbench-'));
try {
  // --- the data: an organ, DOCS blobs on disk with their blob and file rows, audit events as database bulk ---
  const srcUrl = await createDatabase('src');
  const { db, pool } = createDb(srcUrl, { max: 4 });
  await migrate(pool);
  const dataDir = path.join(work, 'data');
  const blobRoot = path.join(dataDir, 'blobs');
  const organ = (
    await pool.query<{ id: string }>(
      "INSERT INTO organs (code, name, abbr) VALUES ('000.00.99.B01', 'Cơ quan đo', 'CQĐ') RETURNING id",
    )
  ).rows[0]!.id;
  const shas: string[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < DOCS; i++) {
    const bytes = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      randomBytes(BLOB_KB * 1024 - 16),
      Buffer.from('\n%%EOF\n'),
    ]);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const p = path.join(blobRoot, sha.slice(0, 2), sha.slice(2, 4), sha);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, bytes);
    shas.push(sha);
    sizes.push(bytes.length);
  }
  await pool.query(
    "INSERT INTO blobs (sha256, size, mime) SELECT s, z, 'application/pdf' FROM unnest($1::text[], $2::bigint[]) AS u(s, z)",
    [shas, sizes],
  );
  await pool.query(
    "INSERT INTO files (organ_id, sha256, name, mime, size) SELECT $1, s, 'tep-' || o || '.pdf', 'application/pdf', z FROM unnest($2::text[], $3::bigint[]) WITH ORDINALITY AS u(s, z, o)",
    [organ, shas, sizes],
  );
  await pool.query(
    `INSERT INTO audit_events (organ_id, at, actor_name, action, entity_type, entity_id, summary, after)
       SELECT $1, now(), 'Văn thư', 'incoming.register', 'incoming', gen_random_uuid()::text, 'Vào sổ văn bản đến số ' || g, jsonb_build_object('n', g, 'note', repeat('nội dung ', 20))
       FROM generate_series(1, $2::int * 20) g`,
    [organ, DOCS],
  );
  await pool.query('ANALYZE');
  const blobBytes = sizes.reduce((a, b) => a + b, 0);
  const dbBytes = Number(
    (await pool.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]!.n,
  );
  const setup = {
    docs: DOCS,
    blob_kb: BLOB_KB,
    blob_mb: +(blobBytes / MB).toFixed(1),
    db_mb: +(dbBytes / MB).toFixed(1),
    cpus: os.cpus().length,
  };

  const ours = { backup: [] as number[], restore: [] as number[], fixity: [] as number[] };
  const refs = { backup: [] as number[], restore: [] as number[], fixity: [] as number[] };
  for (let r = 0; r < reps; r++) {
    // reference backup: pg_dump (custom, uncompressed) + tar of the blob directory
    const ref = path.join(work, `ref-${r}`);
    fs.mkdirSync(ref);
    let t0 = process.hrtime.bigint();
    execFileSync('pg_dump', ['-Fc', '-Z0', '-f', path.join(ref, 'db.dump')], { env: pgEnv(srcUrl) });
    execFileSync('tar', ['-cf', path.join(ref, 'blobs.tar'), '-C', dataDir, 'blobs']);
    const refBackupS = seconds(t0);
    const refBytes = duSize(ref);
    refs.backup.push(refBytes / MB / refBackupS);

    // ours: full backup to one target
    const target = path.join(work, `ours-${r}`);
    t0 = process.hrtime.bigint();
    const b = await backup(pool, blobRoot, { targets: [target], kind: 'full' });
    const ourBackupS = seconds(t0);
    process.stderr.write(
      `backup ${ourBackupS.toFixed(2)} s (db ${(b.phases.dbMs / 1000).toFixed(2)} s, blobs ${(b.phases.blobsMs / 1000).toFixed(2)} s); reference ${refBackupS.toFixed(2)} s\n`,
    );
    ours.backup.push(b.bytes / MB / ourBackupS);
    if (b.manifest.blobs.length !== DOCS) throw new Error(`backup holds ${b.manifest.blobs.length} blobs of ${DOCS}`);

    // reference restore: pg_restore into an empty database + tar -x
    const refDb = await createDatabase(`rr${r}`);
    const refOut = path.join(work, `ref-out-${r}`);
    fs.mkdirSync(refOut);
    t0 = process.hrtime.bigint();
    execFileSync('pg_restore', ['-d', new URL(refDb).pathname.slice(1), path.join(ref, 'db.dump')], {
      env: pgEnv(refDb),
    });
    execFileSync('tar', ['-xf', path.join(ref, 'blobs.tar'), '-C', refOut]);
    refs.restore.push(refBytes / MB / seconds(t0));
    await dropDatabase(refDb);
    fs.rmSync(refOut, { recursive: true, force: true });

    // ours: restore into an empty database and blob store
    const outDb = await createDatabase(`or${r}`);
    const outPool = new pg.Pool({ connectionString: outDb, max: 2 });
    outPool.on('error', () => undefined);
    const outBlobs = path.join(work, `ours-out-${r}`, 'blobs');
    t0 = process.hrtime.bigint();
    const rep = await restore(outPool, outBlobs, b.dirs[0]!);
    ours.restore.push(rep.bytes / MB / seconds(t0));
    if (!rep.ok || rep.blobs.restored !== DOCS) throw new Error(`restore not ok: ${JSON.stringify(rep.blobs)}`);
    await outPool.end();
    await dropDatabase(outDb);
    fs.rmSync(path.dirname(outBlobs), { recursive: true, force: true });
    fs.rmSync(ref, { recursive: true, force: true });
    fs.rmSync(target, { recursive: true, force: true });

    // fixity: sha256sum over the same files against one sweep of every blob
    const files = shas.map((s) => path.join(blobRoot, s.slice(0, 2), s.slice(2, 4), s));
    t0 = process.hrtime.bigint();
    execFileSync('sh', ['-c', 'xargs -0 sha256sum > /dev/null'], { input: files.join('\0') });
    refs.fixity.push(blobBytes / MB / seconds(t0));
    await pool.query('DELETE FROM preservation_fixity');
    t0 = process.hrtime.bigint();
    const sweep = await fixitySweep(db, { primary: blobRoot, backupTargets: [] }, { limit: DOCS });
    ours.fixity.push(sweep.bytes / MB / seconds(t0));
    if (sweep.checked !== DOCS || sweep.ok !== DOCS) throw new Error(`sweep checked ${sweep.checked}, ok ${sweep.ok}`);
  }
  const ratio = (a: number[], b: number[]) => median(a) / median(b);
  emit('preservation.backup', 'backup_mb_per_s', median(ours.backup), 'MB/s', { ...setup, reps });
  emit('preservation.backup', 'pg_dump_tar_mb_per_s', median(refs.backup), 'MB/s', { reps });
  emit('preservation.backup', 'backup_ratio_to_pg_dump_tar', ratio(ours.backup, refs.backup), 'ratio', {
    target: 0.8,
    reps,
  });
  emit('preservation.restore', 'restore_mb_per_s', median(ours.restore), 'MB/s', { reps });
  emit('preservation.restore', 'pg_restore_tar_mb_per_s', median(refs.restore), 'MB/s', { reps });
  emit('preservation.restore', 'restore_ratio_to_pg_restore_tar', ratio(ours.restore, refs.restore), 'ratio', { reps });
  emit('preservation.fixity', 'fixity_mb_per_s', median(ours.fixity), 'MB/s', { reps });
  emit('preservation.fixity', 'sha256sum_mb_per_s', median(refs.fixity), 'MB/s', { reps });
  emit('preservation.fixity', 'fixity_ratio_to_sha256sum', ratio(ours.fixity, refs.fixity), 'ratio', {
    target: 0.8,
    reps,
  });
  await db.destroy();
} finally {
  for (const name of created)
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await cluster.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
