import type pg from 'pg';
import { CONTENT_LOCK_SQL, contentLockKey } from './db';
import type { PackageStore } from './store';

/**
 * Deletes a content object no package row refers to. Runs under the content lock that sendEdoc holds
 * from the rename to the commit, so it never removes a file whose row is about to commit.
 */
export async function removeIfUnreferenced(pool: pg.Pool, store: PackageStore, sha256: string): Promise<boolean> {
  const client = await pool.connect();
  const key = contentLockKey(sha256);
  try {
    await client.query(CONTENT_LOCK_SQL.lock, [key]);
    const r = await client.query('SELECT 1 FROM hub_packages WHERE sha256 = $1 LIMIT 1', [sha256]);
    if (r.rows.length > 0) return false;
    await store.removeObject(sha256);
    return true;
  } finally {
    await client.query(CONTENT_LOCK_SQL.unlock, [key]).catch(() => {});
    client.release();
  }
}

/**
 * Boot-time reconciliation after a crash: temp files of dead processes, and objects renamed into place
 * whose transaction never committed.
 */
export async function sweepStorage(pool: pg.Pool, store: PackageStore): Promise<{ temps: number; orphans: number }> {
  const temps = await store.sweepTemps();
  const all = await store.listObjects();
  let orphans = 0;
  for (let i = 0; i < all.length; i += 1000) {
    const batch = all.slice(i, i + 1000);
    const r = await pool.query<{ sha256: string }>(
      'SELECT DISTINCT sha256 FROM hub_packages WHERE sha256 = ANY($1::text[])',
      [batch],
    );
    const referenced = new Set(r.rows.map((x) => x.sha256));
    for (const sha of batch) {
      if (!referenced.has(sha) && (await removeIfUnreferenced(pool, store, sha))) orphans++;
    }
  }
  return { temps, orphans };
}

/**
 * Retention: packages whose every delivery is done or failed, closed more than `retentionDays` ago,
 * are deleted (rows and file). Packages with a delivery still open are kept whatever their age.
 */
const EXPIRED = `NOT EXISTS (SELECT 1 FROM hub_deliveries d WHERE d.package_id = p.id
  AND (d.state IN ('pending', 'delivered') OR d.done_at IS NULL OR d.done_at >= $1))`;

export async function sweepRetention(
  pool: pg.Pool,
  store: PackageStore,
  retentionDays: number,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let deleted = 0;
  for (;;) {
    const r = await pool.query<{ sha256: string; ids: string[] }>(
      `SELECT p.sha256, array_agg(p.id) AS ids FROM hub_packages p
        WHERE p.created_at < $1 AND ${EXPIRED} GROUP BY p.sha256 LIMIT 500`,
      [cutoff],
    );
    let round = 0;
    for (const row of r.rows) {
      // Re-checked in the DELETE: a resend may have added a recipient since the SELECT.
      const del = await pool.query(`DELETE FROM hub_packages p WHERE p.id = ANY($2::uuid[]) AND ${EXPIRED}`, [
        cutoff,
        row.ids,
      ]);
      round += del.rowCount ?? 0;
      await removeIfUnreferenced(pool, store, row.sha256);
    }
    deleted += round;
    if (round === 0) return deleted;
  }
}
