import type { DbOrTrx } from '../../db/database';
import type { BackupResult, RestoreReport } from './preservation.backup';
import './preservation.tables';

/**
 * The preservation log (issue 16): backups, restores and drills, PREMIS-like events and incidents. Every backup is
 * logged with a 'replication' event per target; fixity checks and repairs are events of the blob they concern.
 */
export async function logBackup(db: DbOrTrx, r: BackupResult): Promise<void> {
  const m = r.manifest;
  await db
    .insertInto('preservation_backups')
    .values({
      id: m.id,
      kind: m.kind,
      base: m.base,
      created_at: m.createdAt,
      dirs: r.dirs,
      bytes: r.bytes,
      blobs: m.blobs.length,
      blobs_total: m.blobsTotal,
      rows: m.tables.reduce((s, t) => s + t.rows, 0),
      db_sha256: m.dbSha256,
      manifest_sha256: r.manifestSha256,
      damaged: m.damaged.length,
      missing: m.missing.length,
      ms: Math.round(r.ms),
      verified_at: new Date(),
      verify_ok: !m.damaged.length && !m.missing.length,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await recordEvent(db, {
    type: 'replication',
    object: `backup:${m.id}`,
    outcome: m.damaged.length || m.missing.length ? 'failure' : 'success',
    detail: {
      kind: m.kind,
      base: m.base,
      dirs: r.dirs,
      manifestSha256: r.manifestSha256,
      dbSha256: m.dbSha256,
      blobs: m.blobs.length,
      damaged: m.damaged,
      missing: m.missing,
      removed: r.removed,
    },
  });
  if (m.damaged.length || m.missing.length) {
    await openIncident(
      db,
      'backup.incomplete',
      `backup:${m.id}`,
      `Bản sao lưu ${m.id} thiếu ${m.damaged.length + m.missing.length} tệp hỏng hoặc mất trong kho.`,
    );
  }
}

export async function logRestore(
  db: DbOrTrx,
  kind: 'restore' | 'drill',
  report: RestoreReport & { audit?: unknown; verify?: unknown },
): Promise<void> {
  await db
    .insertInto('preservation_restores')
    .values({ kind, backup_id: report.backup, chain: report.chain, ok: report.ok, report: JSON.stringify(report) })
    .execute();
  await recordEvent(db, {
    type: kind === 'drill' ? 'validation' : 'replication',
    object: `backup:${report.backup}`,
    outcome: report.ok ? 'success' : 'failure',
    detail: { kind, chain: report.chain, rows: report.rows },
  });
  if (!report.ok)
    await openIncident(
      db,
      `${kind}.failed`,
      `backup:${report.backup}`,
      `Khôi phục ${kind === 'drill' ? 'thử ' : ''}từ bản sao lưu ${report.backup} không đạt.`,
    );
}

export async function recordEvent(
  db: DbOrTrx,
  e: {
    type: string;
    object: string;
    outcome: 'success' | 'failure' | 'repaired';
    detail?: Record<string, unknown>;
    at?: Date;
  },
): Promise<void> {
  await db
    .insertInto('preservation_events')
    .values({
      event_type: e.type,
      object: e.object,
      outcome: e.outcome,
      detail: JSON.stringify(e.detail ?? {}),
      ...(e.at ? { at: e.at } : {}),
    })
    .execute();
}

/** Opens an incident unless one is already open for the same kind and object. */
export async function openIncident(db: DbOrTrx, kind: string, object: string, detail: string): Promise<void> {
  await db
    .insertInto('preservation_incidents')
    .values({ kind, object, detail })
    .onConflict((oc) => oc.columns(['kind', 'object']).where('resolved_at', 'is', null).doNothing())
    .execute();
}

export async function resolveIncidents(db: DbOrTrx, object: string, resolution: string): Promise<number> {
  const r = await db
    .updateTable('preservation_incidents')
    .set({ resolved_at: new Date(), resolution })
    .where('object', '=', object)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
