import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteModule } from '../../http/app';
import { requirePrincipal } from '../../http/context';
import { forbidden } from '../../http/errors';
import './preservation.tables';

const tags = ['admin: sao lưu và bảo quản'];
const iso = z.string();
const Backup = z.object({
  id: z.string(),
  kind: z.enum(['full', 'incremental']),
  base: z.string().nullable(),
  createdAt: iso,
  dirs: z.array(z.string()),
  bytes: z.number(),
  blobs: z.number(),
  blobsTotal: z.number(),
  rows: z.number(),
  damaged: z.number(),
  missing: z.number(),
  seconds: z.number(),
  verifyOk: z.boolean().nullable(),
});
const Restore = z.object({
  id: z.string(),
  kind: z.enum(['restore', 'drill']),
  backupId: z.string(),
  chain: z.array(z.string()),
  at: iso,
  ok: z.boolean(),
});
const Fixity = z.object({
  blobs: z.number(),
  checked: z.number(),
  checkedInPeriod: z.number(),
  periodDays: z.number(),
  damaged: z.number(),
  missing: z.number(),
  oldestCheck: iso.nullable(),
  mirror: z.boolean(),
});
const Incident = z.object({
  id: z.string(),
  kind: z.string(),
  object: z.string(),
  detail: z.string(),
  openedAt: iso,
  resolvedAt: iso.nullable(),
  resolution: z.string().nullable(),
});
const toIso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The admin screen "Sao lưu và bảo quản" (issue 16): backups, restores and drills, fixity progress, incidents. System administrators only. */
export const preservationRoutes: RouteModule = (app, deps) => {
  const admin = (req: Parameters<typeof requirePrincipal>[0]) => {
    const p = requirePrincipal(req);
    if (!p.sysadmin) throw forbidden('Chỉ quản trị hệ thống được xem sao lưu và bảo quản.');
  };
  app.get(
    '/api/preservation/backups',
    {
      schema: {
        tags,
        summary: 'Các bản sao lưu và các lần khôi phục',
        response: { 200: z.object({ backups: z.array(Backup), restores: z.array(Restore) }) },
      },
    },
    async (req) => {
      admin(req);
      const b = await deps.db
        .selectFrom('preservation_backups')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute();
      const r = await deps.db
        .selectFrom('preservation_restores')
        .select(['id', 'kind', 'backup_id', 'chain', 'at', 'ok'])
        .orderBy('at', 'desc')
        .limit(100)
        .execute();
      return {
        backups: b.map((x) => ({
          id: x.id,
          kind: x.kind,
          base: x.base,
          createdAt: toIso(x.created_at)!,
          dirs: x.dirs,
          bytes: Number(x.bytes),
          blobs: x.blobs,
          blobsTotal: x.blobs_total,
          rows: Number(x.rows),
          damaged: x.damaged,
          missing: x.missing,
          seconds: x.ms / 1000,
          verifyOk: x.verify_ok,
        })),
        restores: r.map((x) => ({
          id: x.id,
          kind: x.kind,
          backupId: x.backup_id,
          chain: x.chain,
          at: toIso(x.at)!,
          ok: x.ok,
        })),
      };
    },
  );
  app.get(
    '/api/preservation/fixity',
    { schema: { tags, summary: 'Tiến độ kiểm tra toàn vẹn (fixity) của kho tệp', response: { 200: Fixity } } },
    async (req) => {
      admin(req);
      const days = deps.config.preservation.fixityDays;
      const r = await sql<{
        blobs: string;
        checked: string;
        recent: string;
        damaged: string;
        missing: string;
        oldest: Date | null;
      }>`
      SELECT (SELECT count(*) FROM blobs) AS blobs, count(f.sha256) AS checked,
             count(*) FILTER (WHERE f.checked_at > now() - make_interval(days => ${days}::int)) AS recent,
             count(*) FILTER (WHERE f.status = 'damaged') AS damaged, count(*) FILTER (WHERE f.status = 'missing') AS missing, min(f.checked_at) AS oldest
        FROM preservation_fixity f`.execute(deps.db);
      const x = r.rows[0]!;
      return {
        blobs: Number(x.blobs),
        checked: Number(x.checked),
        checkedInPeriod: Number(x.recent),
        periodDays: days,
        damaged: Number(x.damaged),
        missing: Number(x.missing),
        oldestCheck: toIso(x.oldest),
        mirror: !!deps.config.preservation.blobMirror,
      };
    },
  );
  app.get(
    '/api/preservation/incidents',
    {
      schema: {
        tags,
        summary: 'Sự cố bảo quản (tệp hỏng, sao lưu không đầy đủ, khôi phục không đạt)',
        querystring: z.object({ open: z.enum(['1', '0']).default('1') }),
        response: { 200: z.object({ items: z.array(Incident) }) },
      },
    },
    async (req) => {
      admin(req);
      let q = deps.db.selectFrom('preservation_incidents').selectAll().orderBy('opened_at', 'desc').limit(500);
      if (req.query.open === '1') q = q.where('resolved_at', 'is', null);
      const rows = await q.execute();
      return {
        items: rows.map((x) => ({
          id: x.id,
          kind: x.kind,
          object: x.object,
          detail: x.detail,
          openedAt: toIso(x.opened_at)!,
          resolvedAt: toIso(x.resolved_at),
          resolution: x.resolution,
        })),
      };
    },
  );
};
