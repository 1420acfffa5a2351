import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../db/database';
import { listBackups } from './preservation.backup';
import { openIncident, recordEvent, resolveIncidents } from './preservation.log';
import './preservation.tables';

/**
 * Fixity (issue 16, F5d): every blob is re-hashed within a period (default 90 days; the rules ask at least every
 * 3 years), a slice per run — the blobs never checked first, then the oldest checks. A blob whose bytes changed or
 * that is gone is repaired from the mirror (VANTHU_BLOB_MIRROR) or, failing that, from the newest backup holding
 * it, but only from a copy that hashes to the blob's name; a damaged mirror copy is repaired from the primary.
 * Each problem is a PREMIS 'fixity check' event with outcome failure, each repair a 'replication' event with
 * outcome repaired; a blob with no good copy anywhere is marked damaged (never served: the store refuses it) and
 * raises an incident. A sweep run adds one summary event.
 */
export interface FixityEnv {
  primary: string;
  mirror?: string | undefined;
  backupTargets: string[];
  now?: () => Date;
}

export interface BlobCheck {
  sha256: string;
  status: 'ok' | 'damaged' | 'missing';
  primary: 'ok' | 'changed' | 'missing' | 'repaired';
  mirror: 'ok' | 'changed' | 'missing' | 'repaired' | null;
  repairedFrom: string | null;
}

export interface SweepReport {
  checked: number;
  bytes: number;
  ok: number;
  repaired: number;
  damaged: string[];
  ms: number;
}

const rel = (sha: string) => path.join(sha.slice(0, 2), sha.slice(2, 4), sha);

/** SHA-256 of a file, or null when it is not there. Small files in one read, big ones streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number } | null> {
  let fd: fs.promises.FileHandle;
  try {
    fd = await fs.promises.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    for (;;) {
      const { bytesRead } = await fd.read(buf, 0, buf.length, null);
      if (!bytesRead) break;
      h.update(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      bytes += bytesRead;
    }
    return { sha256: h.digest('hex'), bytes };
  } finally {
    await fd.close();
  }
}

/** Writes a good copy over a damaged or missing one: temp file beside it, fdatasync, rename. */
async function putCopy(src: string, root: string, sha: string): Promise<void> {
  const dst = path.join(root, rel(sha));
  await fs.promises.mkdir(path.dirname(dst), { recursive: true });
  await fs.promises.mkdir(path.join(root, 'tmp'), { recursive: true });
  const tmp = path.join(root, 'tmp', `fixity-${randomUUID()}`);
  try {
    await fs.promises.copyFile(src, tmp);
    const fd = await fs.promises.open(tmp, 'r+');
    await fd.datasync().finally(() => fd.close());
    const again = await hashFile(tmp);
    if (again?.sha256 !== sha) throw new Error(`copy of ${sha} does not hash to its name`);
    await fs.promises.rename(tmp, dst);
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
}

/** The newest backup copy of a blob that hashes to its name, in any target. */
async function backupCopy(targets: string[], sha: string): Promise<string | null> {
  for (const t of targets) {
    for (const b of listBackups(t).reverse()) {
      if (!b.manifest.blobs.some((x) => x.sha256 === sha)) continue;
      const f = path.join(b.dir, 'blobs', rel(sha));
      if ((await hashFile(f))?.sha256 === sha) return f;
    }
  }
  return null;
}

/** Checks one blob's copies, repairs what can be repaired, records the state, events and incidents. */
export async function checkBlob(db: Db, env: FixityEnv, sha: string): Promise<BlobCheck & { bytes: number }> {
  const now = env.now?.() ?? new Date();
  const pFile = path.join(env.primary, rel(sha));
  const mFile = env.mirror ? path.join(env.mirror, rel(sha)) : null;
  const p = await hashFile(pFile);
  const m = mFile ? await hashFile(mFile) : null;
  const state = (h: { sha256: string } | null) => (!h ? 'missing' : h.sha256 === sha ? 'ok' : 'changed');
  const out: BlobCheck = {
    sha256: sha,
    status: 'ok',
    primary: state(p),
    mirror: mFile ? state(m) : null,
    repairedFrom: null,
  };
  const problems = [out.primary, out.mirror].some((s) => s === 'changed' || s === 'missing');
  if (problems) {
    await recordEvent(db, {
      type: 'fixity check',
      object: `blob:${sha}`,
      outcome: 'failure',
      at: now,
      detail: {
        primary: out.primary,
        mirror: out.mirror,
        primarySha256: p?.sha256 ?? null,
        mirrorSha256: m?.sha256 ?? null,
      },
    });
  }
  // a good copy to repair from: the primary for the mirror, the mirror or a backup for the primary
  let good: string | null = out.primary === 'ok' ? pFile : out.mirror === 'ok' ? mFile : null;
  let from = out.primary === 'ok' ? 'primary' : out.mirror === 'ok' ? 'mirror' : null;
  if (!good && problems) {
    good = await backupCopy(env.backupTargets, sha);
    if (good) from = `backup:${path.basename(path.dirname(path.dirname(path.dirname(path.dirname(good)))))}`;
  }
  if (good) {
    if (out.primary !== 'ok') {
      await putCopy(good, env.primary, sha);
      out.primary = 'repaired';
    }
    if (mFile && out.mirror !== 'ok') {
      await putCopy(good, env.mirror!, sha);
      out.mirror = 'repaired';
    }
    if (problems) {
      out.repairedFrom = from;
      await recordEvent(db, {
        type: 'replication',
        object: `blob:${sha}`,
        outcome: 'repaired',
        at: now,
        detail: { from, primary: out.primary, mirror: out.mirror },
      });
      await resolveIncidents(db, `blob:${sha}`, `Đã khôi phục từ ${from}`);
    }
  } else {
    out.status = out.primary === 'missing' ? 'missing' : 'damaged';
    await openIncident(
      db,
      `blob.${out.status}`,
      `blob:${sha}`,
      out.status === 'missing'
        ? `Tệp ${sha} không còn trong kho và không có bản sao nguyên vẹn nào (bản phản chiếu, bản sao lưu).`
        : `Tệp ${sha} bị thay đổi nội dung và không có bản sao nguyên vẹn nào (bản phản chiếu, bản sao lưu).`,
    );
  }
  await db
    .insertInto('preservation_fixity')
    .values({
      sha256: sha,
      checked_at: now,
      status: out.status,
      mirror_ok: mFile ? out.mirror !== 'changed' && out.mirror !== 'missing' : null,
      damaged_since: out.status === 'ok' ? null : now,
      detail: out.repairedFrom ? `repaired from ${out.repairedFrom}` : null,
    })
    .onConflict((oc) =>
      oc.column('sha256').doUpdateSet((eb) => ({
        checked_at: eb.ref('excluded.checked_at'),
        status: eb.ref('excluded.status'),
        mirror_ok: eb.ref('excluded.mirror_ok'),
        detail: eb.ref('excluded.detail'),
        damaged_since:
          out.status === 'ok' ? null : sql<Date>`coalesce(preservation_fixity.damaged_since, excluded.damaged_since)`,
      })),
    )
    .execute();
  return { ...out, bytes: p?.bytes ?? 0 };
}

/** How many blobs one run takes so that all are checked within `days` when a run comes every `everyMinutes`. */
export function sliceSize(total: number, days: number, everyMinutes: number): number {
  return Math.max(1, Math.ceil(total / ((days * 24 * 60) / everyMinutes)));
}

/**
 * One run of the sweep: `limit` blobs (never checked first, then the oldest checks), `parallel` at a time. An
 * intact blob whose last state was intact costs its hashing and a share of one batched state update; anything
 * else goes through checkBlob (events, repair, incident).
 */
export async function fixitySweep(
  db: Db,
  env: FixityEnv,
  opts: { limit: number; parallel?: number },
): Promise<SweepReport> {
  const t0 = performance.now();
  const rows = await db
    .selectFrom('blobs as b')
    .leftJoin('preservation_fixity as f', 'f.sha256', 'b.sha256')
    .select(['b.sha256', 'f.status'])
    .orderBy(sql`f.checked_at NULLS FIRST`)
    .orderBy('b.sha256')
    .limit(opts.limit)
    .execute();
  const report: SweepReport = { checked: 0, bytes: 0, ok: 0, repaired: 0, damaged: [], ms: 0 };
  let intact: string[] = [];
  const flush = async () => {
    if (!intact.length) return;
    const batch = intact;
    intact = [];
    await sql`INSERT INTO preservation_fixity (sha256, checked_at, status, mirror_ok, damaged_since, detail)
                SELECT s, ${env.now?.() ?? new Date()}, 'ok', ${env.mirror ? true : null}::boolean, NULL, NULL FROM unnest(${batch}::text[]) AS u(s)
              ON CONFLICT (sha256) DO UPDATE SET checked_at = excluded.checked_at, status = 'ok', mirror_ok = excluded.mirror_ok, damaged_since = NULL, detail = NULL`.execute(
      db,
    );
  };
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      report.checked++;
      if (row.status === null || row.status === 'ok') {
        const p = await hashFile(path.join(env.primary, rel(row.sha256)));
        const m = env.mirror ? await hashFile(path.join(env.mirror, rel(row.sha256))) : null;
        if (p?.sha256 === row.sha256 && (!env.mirror || m?.sha256 === row.sha256)) {
          report.bytes += p.bytes;
          report.ok++;
          intact.push(row.sha256);
          if (intact.length >= 500) await flush();
          continue;
        }
      }
      const r = await checkBlob(db, env, row.sha256);
      report.bytes += r.bytes;
      if (r.status !== 'ok') report.damaged.push(r.sha256);
      else if (r.repairedFrom) report.repaired++;
      else report.ok++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.parallel ?? 2) }, worker));
  await flush();
  report.damaged.sort();
  report.ms = performance.now() - t0;
  if (report.checked) {
    await recordEvent(db, {
      type: 'fixity check',
      object: 'sweep',
      outcome: report.damaged.length ? 'failure' : 'success',
      detail: {
        checked: report.checked,
        ok: report.ok,
        repaired: report.repaired,
        damaged: report.damaged,
        mb: +(report.bytes / 1048576).toFixed(1),
      },
    });
  }
  return report;
}

/** Why a blob may not be served (the store asks before every read), or null. */
export async function damageOf(db: Db, sha: string): Promise<string | null> {
  const r = await db
    .selectFrom('preservation_fixity')
    .select(['status'])
    .where('sha256', '=', sha)
    .where('status', '<>', 'ok')
    .executeTakeFirst();
  return r ? (r.status === 'missing' ? 'không còn tệp trong kho' : 'nội dung không khớp mã SHA-256') : null;
}
