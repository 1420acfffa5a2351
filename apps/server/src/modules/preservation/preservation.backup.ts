import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { listMigrations, migrate } from '../../db/migrate';
import { AppError } from '../../http/errors';

/**
 * Backup and restore (issue 16, F5g). Why a logical COPY backup and not pg_dump: the embedded PostgreSQL is 18 and
 * ships only initdb/pg_ctl/postgres, while the machine's pg_dump is 15 and refuses a newer server; a dump through the
 * server's own COPY works against any server version we support, streams, and restores into our own migrations:
 *  - the database: every table of the public schema copied in one REPEATABLE READ READ ONLY transaction (one
 *    consistent snapshot), in COPY text format (portable across versions), one file per table, with the sequences'
 *    positions and the list of applied migrations; the schema itself is rebuilt by the migrations;
 *  - the blob store: content-addressed files, copied with their SHA-256 re-checked on the way (a damaged blob is
 *    reported, not backed up as if intact); an incremental backup holds only the blobs its chain does not have yet,
 *    a full one all of them;
 *  - manifest.json names every file with its SHA-256, row counts, and the chain (base); manifest.sha256 is the hash
 *    of the manifest itself. A backup is written to <target>/<id>.partial and renamed when complete, then copied
 *    and verified to every further target (two independent media).
 */
export const FORMAT = 'vanthu-backup/1';

export interface TableEntry {
  name: string;
  columns: string[];
  rows: number;
  file: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof FORMAT;
  id: string;
  kind: 'full' | 'incremental';
  /** The previous backup of the chain (an incremental's blobs are on top of it); null for a full backup. */
  base: string | null;
  createdAt: string;
  postgres: { serverVersion: string; method: 'copy-text' };
  migrations: string[];
  tables: TableEntry[];
  sequences: { name: string; value: string | null; isCalled: boolean }[];
  /** SHA-256 over the tables' "name sha256" lines: one hash for the database part. */
  dbSha256: string;
  /** Blobs stored in this backup (an incremental: only those new since its base). */
  blobs: { sha256: string; size: number }[];
  /** Blobs the database names at the snapshot (all of them are in this backup's chain). */
  blobsTotal: number;
  blobBytes: number;
  /** Blobs whose stored bytes did not match their name at backup time (not copied). */
  damaged: string[];
  missing: string[];
}

export interface BackupResult {
  manifest: BackupManifest;
  dirs: string[];
  bytes: number;
  ms: number;
  /** SHA-256 of manifest.json (what manifest.sha256 holds). */
  manifestSha256: string;
  /** Older backups removed by retention (ids). */
  removed: string[];
  /** Where the time went: the database snapshot's COPY, the blob copies (they overlap). */
  phases: { dbMs: number; blobsMs: number };
}

const blobRel = (sha: string) => path.join('blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
const sha256File = async (file: string) => {
  const h = createHash('sha256');
  await pipeline(
    fs.createReadStream(file, { highWaterMark: 1 << 20 }),
    new Writable({ write: (c, _e, cb) => (h.update(c), cb()) }),
  );
  return h.digest('hex');
};
const qi = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Reads and checks a backup's manifest (its own SHA-256 in manifest.sha256). */
export function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file))
    throw new AppError('backup.not_found', 404, `Không tìm thấy bản sao lưu tại ${dir} (thiếu manifest.json).`);
  const text = fs.readFileSync(file);
  const want = fs.existsSync(path.join(dir, 'manifest.sha256'))
    ? fs.readFileSync(path.join(dir, 'manifest.sha256'), 'utf8').trim().split(/\s+/)[0]
    : '';
  if (createHash('sha256').update(text).digest('hex') !== want)
    throw new AppError(
      'backup.manifest_damaged',
      422,
      `Tệp kê khai của bản sao lưu ${dir} bị hỏng (SHA-256 không khớp).`,
    );
  const m = JSON.parse(text.toString('utf8')) as BackupManifest;
  if (m.format !== FORMAT)
    throw new AppError('backup.format', 422, `Định dạng sao lưu không hỗ trợ: ${String(m.format)}.`);
  return m;
}

/** Completed backups in a target directory, oldest first. */
export function listBackups(target: string): { dir: string; manifest: BackupManifest }[] {
  if (!fs.existsSync(target)) return [];
  return fs
    .readdirSync(target)
    .filter((n) => /^\d{8}T\d{6}\d{3}Z-(full|incr)$/.test(n))
    .sort()
    .flatMap((n) => {
      try {
        return [{ dir: path.join(target, n), manifest: readManifest(path.join(target, n)) }];
      } catch {
        return [];
      }
    });
}

/** The chain ending at dir: the full backup first, then each incremental (resolved by base ids in the same folder). */
export function backupChain(dir: string): { dir: string; manifest: BackupManifest }[] {
  const chain = [{ dir, manifest: readManifest(dir) }];
  while (chain[0]!.manifest.base) {
    const base = path.join(path.dirname(chain[0]!.dir), chain[0]!.manifest.base);
    if (!fs.existsSync(base))
      throw new AppError(
        'backup.chain_broken',
        422,
        `Thiếu bản sao lưu gốc ${chain[0]!.manifest.base} của ${chain[0]!.manifest.id}.`,
      );
    chain.unshift({ dir: base, manifest: readManifest(base) });
  }
  return chain;
}

const SMALL = 16 << 20;
/**
 * Copies src to dst while hashing; returns the hash of the copy. dst's
 * directory must exist. A file under 16 MB is copied by the kernel and the copy read back in one call and hashed
 * (a blob store is mostly such files; streams cost more than the copy), a bigger one is streamed through a hash.
 */
async function copyHashed(src: string, dst: string): Promise<{ sha256: string; bytes: number }> {
  const st = await fs.promises.stat(src);
  if (st.size < SMALL) {
    // the kernel copies (copy_file_range), then the copy itself is read back and hashed: what the backup holds
    await fs.promises.copyFile(src, dst);
    const buf = await fs.promises.readFile(dst);
    return { sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length };
  }
  const h = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(c: Buffer, _e, cb) {
      h.update(c);
      bytes += c.length;
      cb(null, c);
    },
  });
  await pipeline(fs.createReadStream(src, { highWaterMark: 1 << 20 }), tap, fs.createWriteStream(dst));
  return { sha256: h.digest('hex'), bytes };
}

/** Runs fn over items, `n` at a time (file copies overlap their reads, writes and hashing). */
async function inParallel<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}
const PARALLEL = 4;

/** Makes the fan-out directories of these blobs under root (once each). */
function makeDirs(root: string, shas: string[]): void {
  for (const d of new Set(shas.map((s) => path.join(root, s.slice(0, 2), s.slice(2, 4)))))
    fs.mkdirSync(d, { recursive: true });
}

export interface BackupOptions {
  /** Backup targets (directories on independent media); the first is written, the others receive verified copies. */
  targets: string[];
  kind?: 'full' | 'incremental' | 'auto';
  /** 'auto': incremental on top of the latest backup unless the latest full one is older than this (default 30 days). */
  fullEveryDays?: number;
  /** Retention: full backups kept per target, each with its incrementals (default: all). */
  keepFull?: number;
  now?: Date;
}

/** Removes from a target every backup older than its keepFull-th newest full backup; returns their ids. */
export function pruneBackups(target: string, keepFull: number): string[] {
  const all = listBackups(target);
  const fulls = all.filter((b) => b.manifest.kind === 'full');
  if (keepFull < 1 || fulls.length <= keepFull) return [];
  const cutoff = fulls[fulls.length - keepFull]!.manifest.id;
  const old = all.filter((b) => b.manifest.id < cutoff);
  for (const b of old) fs.rmSync(b.dir, { recursive: true, force: true });
  return old.map((b) => b.manifest.id);
}

/** Makes a backup of the database at `pool` and the blob store at `blobRoot`. */
export async function backup(pool: pg.Pool, blobRoot: string, opts: BackupOptions): Promise<BackupResult> {
  if (!opts.targets.length) throw new AppError('backup.no_target', 400, 'Chưa chỉ định thư mục đích của bản sao lưu.');
  const t0 = performance.now();
  const now = opts.now ?? new Date();
  const [first, ...others] = opts.targets.map((t) => path.resolve(t));
  fs.mkdirSync(first!, { recursive: true });
  const previous = listBackups(first!);
  let kind: 'full' | 'incremental' = opts.kind === 'incremental' ? 'incremental' : 'full';
  if (opts.kind === 'auto' || opts.kind === undefined) {
    const lastFull = [...previous].reverse().find((b) => b.manifest.kind === 'full');
    kind =
      lastFull && now.getTime() - Date.parse(lastFull.manifest.createdAt) < (opts.fullEveryDays ?? 30) * 86400_000
        ? 'incremental'
        : 'full';
  }
  const base = kind === 'incremental' ? previous.at(-1) : undefined;
  if (kind === 'incremental' && !base)
    throw new AppError('backup.no_base', 409, 'Chưa có bản sao lưu đầy đủ nào để sao lưu gia tăng.');
  const have = new Set<string>();
  if (base) for (const b of backupChain(base.dir)) for (const x of b.manifest.blobs) have.add(x.sha256);

  const stamp = now.toISOString().replace(/[-:.]/g, '');
  const id = `${stamp}-${kind === 'full' ? 'full' : 'incr'}`;
  const work = path.join(first!, `${id}.partial`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'db'), { recursive: true });

  // --- blobs: only those the chain lacks; each re-hashed while copied, while the tables are copied ---
  const blobs: BackupManifest['blobs'] = [];
  const damaged: string[] = [];
  const missing: string[] = [];
  let blobBytes = 0;
  const copyBlobs = async (todo: { sha256: string }[]) => {
    makeDirs(
      path.join(work, 'blobs'),
      todo.map((b) => b.sha256),
    );
    await inParallel(todo, PARALLEL, async (b) => {
      const src = path.join(blobRoot, b.sha256.slice(0, 2), b.sha256.slice(2, 4), b.sha256);
      const dst = path.join(work, blobRel(b.sha256));
      const got = await copyHashed(src, dst).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw e;
      });
      if (!got) return void missing.push(b.sha256);
      if (got.sha256 !== b.sha256) {
        fs.rmSync(dst);
        return void damaged.push(b.sha256);
      }
      blobs.push({ sha256: b.sha256, size: got.bytes });
      blobBytes += got.bytes;
    });
  };

  // --- database: one snapshot ---
  const client = await pool.connect();
  const tables: TableEntry[] = [];
  let sequences: BackupManifest['sequences'] = [];
  let migrations: string[] = [];
  let blobRows: { sha256: string; size: string }[] = [];
  let serverVersion = '';
  let copying: Promise<void> = Promise.resolve();
  let blobsMs = 0;
  let dbMs = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    blobRows = (
      await client.query<{ sha256: string; size: string }>(
        'SELECT sha256, size::text AS size FROM blobs ORDER BY sha256',
      )
    ).rows;
    copying = copyBlobs(blobRows.filter((b) => !have.has(b.sha256))).then(
      () => void (blobsMs = performance.now() - t0),
    );
    copying.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    serverVersion = (await client.query<{ v: string }>('SHOW server_version')).rows[0]!.v;
    const cols = await client.query<{ table_name: string; cols: string[] }>(
      `SELECT c.relname AS table_name, array_agg(a.attname::text ORDER BY a.attnum) AS cols
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        GROUP BY c.relname ORDER BY c.relname`,
    );
    for (const t of cols.rows) {
      const file = `db/${t.table_name}.copy`;
      const h = createHash('sha256');
      let bytes = 0;
      let rows = 0;
      const tap = new Transform({
        transform(c: Buffer, _e, cb) {
          h.update(c);
          bytes += c.length;
          for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) rows++;
          cb(null, c);
        },
      });
      const src = client.query(copyTo(`COPY (SELECT ${t.cols.map(qi).join(', ')} FROM ${qi(t.table_name)}) TO STDOUT`));
      await pipeline(src, tap, fs.createWriteStream(path.join(work, file)));
      tables.push({ name: t.table_name, columns: t.cols, rows, file, bytes, sha256: h.digest('hex') });
    }
    sequences = (
      await client.query<{ name: string; value: string | null }>(
        "SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1",
      )
    ).rows.map((s) => ({ name: s.name, value: s.value, isCalled: s.value !== null }));
    migrations = (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map(
      (r) => r.name,
    );
    await client.query('COMMIT');
    dbMs = performance.now() - t0;
    await copying;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    await copying.catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
    throw e;
  } finally {
    client.release();
  }
  const dbSha256 = createHash('sha256')
    .update(tables.map((t) => `${t.name} ${t.sha256}\n`).join(''))
    .digest('hex');

  const bySha = (a: { sha256: string }, b: { sha256: string }) => (a.sha256 < b.sha256 ? -1 : 1);
  blobs.sort(bySha);
  damaged.sort();
  missing.sort();
  const manifest: BackupManifest = {
    format: FORMAT,
    id,
    kind,
    base: base?.manifest.id ?? null,
    createdAt: now.toISOString(),
    postgres: { serverVersion, method: 'copy-text' },
    migrations,
    tables,
    sequences,
    dbSha256,
    blobs,
    blobsTotal: blobRows.length,
    blobBytes,
    damaged,
    missing,
  };
  const text = Buffer.from(JSON.stringify(manifest, null, 1));
  fs.writeFileSync(path.join(work, 'manifest.json'), text);
  const manifestSha256 = createHash('sha256').update(text).digest('hex');
  fs.writeFileSync(path.join(work, 'manifest.sha256'), `${manifestSha256}  manifest.json\n`);
  const final = path.join(first!, id);
  fs.renameSync(work, final);
  const out = [final];
  for (const t of others) out.push(await replicate(final, t));
  const bytes = tables.reduce((s, t) => s + t.bytes, 0) + blobBytes;
  const removed = new Set<string>();
  if (opts.keepFull)
    for (const t of [first!, ...others]) for (const id of pruneBackups(t, opts.keepFull)) removed.add(id);
  return {
    manifest,
    dirs: out,
    bytes,
    ms: performance.now() - t0,
    manifestSha256,
    removed: [...removed],
    phases: { dbMs, blobsMs },
  };
}

/** Copies a finished backup to another target and verifies every file there against the manifest. */
export async function replicate(dir: string, target: string): Promise<string> {
  const m = readManifest(dir);
  const work = path.join(path.resolve(target), `${m.id}.partial`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'db'), { recursive: true });
  for (const t of m.tables) {
    const got = await copyHashed(path.join(dir, t.file), path.join(work, t.file));
    if (got.sha256 !== t.sha256)
      throw new AppError('backup.copy_mismatch', 500, `Bản sao ${t.file} sang ${target} không khớp SHA-256.`);
  }
  makeDirs(
    path.join(work, 'blobs'),
    m.blobs.map((b) => b.sha256),
  );
  await inParallel(m.blobs, PARALLEL, async (b) => {
    const got = await copyHashed(path.join(dir, blobRel(b.sha256)), path.join(work, blobRel(b.sha256)));
    if (got.sha256 !== b.sha256)
      throw new AppError('backup.copy_mismatch', 500, `Bản sao tệp ${b.sha256} sang ${target} không khớp SHA-256.`);
  });
  fs.copyFileSync(path.join(dir, 'manifest.json'), path.join(work, 'manifest.json'));
  fs.copyFileSync(path.join(dir, 'manifest.sha256'), path.join(work, 'manifest.sha256'));
  readManifest(work);
  const final = path.join(path.resolve(target), m.id);
  fs.rmSync(final, { recursive: true, force: true });
  fs.renameSync(work, final);
  return final;
}

/** Checks every file of a backup chain against its manifest (the restore drill does this without restoring). */
export async function verifyBackup(dir: string): Promise<{ ok: boolean; files: number; problems: string[] }> {
  const problems: string[] = [];
  let files = 0;
  for (const { dir: d, manifest: m } of backupChain(dir)) {
    for (const t of m.tables) {
      files++;
      const p = path.join(d, t.file);
      if (!fs.existsSync(p) || (await sha256File(p)) !== t.sha256) problems.push(`${m.id}/${t.file}`);
    }
    for (const b of m.blobs) {
      files++;
      const p = path.join(d, blobRel(b.sha256));
      if (!fs.existsSync(p) || (await sha256File(p)) !== b.sha256) problems.push(`${m.id}/${blobRel(b.sha256)}`);
    }
  }
  return { ok: problems.length === 0, files, problems };
}

export interface RestoreOptions {
  /** Overwrite a database or blob store that already holds data. */
  force?: boolean;
  /** Incrementals to apply on top of `dir`, in order, wherever they are (each must name the previous as its base). */
  incrementals?: string[];
}

/** The chain given on the command line: `dir` (with its own bases), then each incremental, checked to follow on. */
export function explicitChain(dir: string, incrementals: string[]): { dir: string; manifest: BackupManifest }[] {
  const chain = backupChain(path.resolve(dir));
  for (const d of incrementals) {
    const m = readManifest(path.resolve(d));
    const prev = chain.at(-1)!.manifest;
    if (m.kind !== 'incremental' || m.base !== prev.id) {
      throw new AppError(
        'restore.chain_order',
        422,
        `Bản sao lưu ${m.id} không phải bản gia tăng nối tiếp ${prev.id} (gốc của nó: ${m.base ?? 'không có'}).`,
      );
    }
    chain.push({ dir: path.resolve(d), manifest: m });
  }
  return chain;
}

/** Re-reads every blob the database names from the store and checks it hashes to its name (after a restore). */
export async function verifyStoredBlobs(
  pool: pg.Pool,
  blobRoot: string,
): Promise<{ checked: number; bytes: number; missing: string[]; damaged: string[] }> {
  const rows = (await pool.query<{ sha256: string }>('SELECT sha256 FROM blobs ORDER BY sha256')).rows.map(
    (r) => r.sha256,
  );
  const out = { checked: 0, bytes: 0, missing: [] as string[], damaged: [] as string[] };
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const sha = rows[next++]!;
      const p = path.join(blobRoot, sha.slice(0, 2), sha.slice(2, 4), sha);
      const st = await fs.promises.stat(p).catch(() => null);
      if (!st) {
        out.missing.push(sha);
        continue;
      }
      out.checked++;
      out.bytes += st.size;
      if ((await sha256File(p)) !== sha) out.damaged.push(sha);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

export interface RestoreReport {
  backup: string;
  chain: string[];
  tables: { name: string; rows: number; expected: number }[];
  rows: number;
  blobs: { restored: number; expected: number; missing: string[] };
  bytes: number;
  ms: number;
  ok: boolean;
}

/**
 * Restores the chain ending at `dir` into the (empty) database at `pool` and the blob store at `blobRoot`:
 * migrations up to the backup's, the tables (each file checked against its SHA-256 while it is read, foreign keys
 * not re-checked row by row: session_replication_role = replica, which needs a superuser), the sequences, the later
 * migrations of this code, then the blobs of the whole chain, each re-hashed. Refuses live data unless `force`.
 */
export async function restore(
  pool: pg.Pool,
  blobRoot: string,
  dir: string,
  opts: RestoreOptions = {},
): Promise<RestoreReport> {
  const t0 = performance.now();
  const chain = opts.incrementals?.length ? explicitChain(dir, opts.incrementals) : backupChain(path.resolve(dir));
  const last = chain.at(-1)!.manifest;
  const known = new Set(listMigrations().map((m) => m.name));
  const unknown = last.migrations.filter((m) => !known.has(m));
  if (unknown.length)
    throw new AppError(
      'restore.newer_schema',
      409,
      `Bản sao lưu có lược đồ mới hơn mã chương trình (thiếu ${unknown.join(', ')}).`,
    );

  // every database file is checked before anything is written (a damaged COPY file may not even parse)
  for (const t of last.tables) {
    const f = path.join(chain.at(-1)!.dir, t.file);
    if (!fs.existsSync(f) || (await sha256File(f)) !== t.sha256)
      throw new AppError(
        'restore.file_damaged',
        422,
        `Tệp ${t.file} của bản sao lưu bị hỏng (SHA-256 không khớp); không khôi phục.`,
      );
  }
  const client = await pool.connect();
  let released = false;
  const release = () => {
    if (!released) client.release();
    released = true;
  };
  try {
    const live = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v')",
    );
    const blobsPresent = fs.existsSync(blobRoot) && fs.readdirSync(blobRoot).some((n) => /^[0-9a-f]{2}$/.test(n));
    if ((Number(live.rows[0]!.n) > 0 || blobsPresent) && !opts.force) {
      throw new AppError(
        'restore.live_data',
        409,
        'Cơ sở dữ liệu hoặc kho tệp đích đã có dữ liệu; dùng --force để ghi đè.',
      );
    }
    if (opts.force) {
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      fs.rmSync(blobRoot, { recursive: true, force: true });
    }
    // the schema of the backup: its migrations, in name order
    const wanted = new Set(last.migrations);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    for (const m of listMigrations().filter((x) => wanted.has(x.name))) {
      await client.query('BEGIN');
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [m.name]);
      await client.query('COMMIT');
    }
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    const names = last.tables.map((t) => t.name).filter((n) => n !== 'schema_migrations');
    if (names.length) await client.query(`TRUNCATE ${names.map(qi).join(', ')}`);
    for (const t of last.tables) {
      if (t.name === 'schema_migrations') continue;
      const h = createHash('sha256');
      const tap = new Transform({
        transform(c: Buffer, _e, cb) {
          h.update(c);
          cb(null, c);
        },
      });
      await pipeline(
        fs.createReadStream(path.join(chain.at(-1)!.dir, t.file), { highWaterMark: 1 << 20 }),
        tap,
        client.query(copyFrom(`COPY ${qi(t.name)} (${t.columns.map(qi).join(', ')}) FROM STDIN`)),
      );
      if (h.digest('hex') !== t.sha256)
        throw new AppError(
          'restore.file_damaged',
          422,
          `Tệp ${t.file} của bản sao lưu bị hỏng (SHA-256 không khớp); không khôi phục.`,
        );
    }
    for (const s of last.sequences) {
      if (s.value !== null)
        await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [qi(s.name), s.value, s.isCalled]);
    }
    const tables: RestoreReport['tables'] = [];
    for (const t of last.tables) {
      const n = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qi(t.name)}`)).rows[0]!.n);
      tables.push({ name: t.name, rows: n, expected: t.name === 'schema_migrations' ? n : t.rows });
    }
    const bad = tables.filter((t) => t.rows !== t.expected);
    if (bad.length)
      throw new AppError(
        'restore.count_mismatch',
        422,
        `Số dòng sau khôi phục không khớp bản kê: ${bad.map((b) => `${b.name} ${b.rows}/${b.expected}`).join(', ')}.`,
      );
    await client.query('COMMIT');
    release();
    await migrate(pool); // migrations this code has beyond the backup's

    // blobs of the whole chain
    let restored = 0;
    let bytes = 0;
    for (const { dir: d, manifest: m } of chain) {
      makeDirs(
        blobRoot,
        m.blobs.map((b) => b.sha256),
      );
      await inParallel(m.blobs, PARALLEL, async (b) => {
        const dst = path.join(blobRoot, b.sha256.slice(0, 2), b.sha256.slice(2, 4), b.sha256);
        const got = await copyHashed(path.join(d, blobRel(b.sha256)), dst);
        if (got.sha256 !== b.sha256) return void fs.rmSync(dst, { force: true });
        restored++;
        bytes += got.bytes;
      });
    }
    fs.mkdirSync(path.join(blobRoot, 'tmp'), { recursive: true });
    const rows = await pool.query<{ sha256: string }>('SELECT sha256 FROM blobs');
    const missing = rows.rows
      .map((r) => r.sha256)
      .filter((s) => !fs.existsSync(path.join(blobRoot, s.slice(0, 2), s.slice(2, 4), s)));
    return {
      backup: last.id,
      chain: chain.map((c) => c.manifest.id),
      tables,
      rows: tables.reduce((s, t) => s + t.rows, 0),
      blobs: { restored, expected: last.blobsTotal, missing },
      bytes: bytes + last.tables.reduce((s, t) => s + t.bytes, 0),
      ms: performance.now() - t0,
      ok: missing.length === 0,
    };
  } catch (e) {
    if (!released) await client.query('ROLLBACK').catch(() => undefined);
    release();
    throw e;
  }
}
