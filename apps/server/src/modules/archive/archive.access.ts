/**
 * Access to archived records (khai thác, records.md "Access"; F6c, F6k, F6l, Ad, Ag): the catalogue, a record's
 * page, requests approved by the archive's head, reads logged with counts, downloads as watermarked copies made
 * from the AIP (the original is never touched), legal holds and per-record access regime changes with history.
 */
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { sql } from 'kysely';
import { formatDate, formatDateTime, foldKey, todayVN } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { recordAudit, type Actor } from '../audit';
import { notify } from '../notify';
import { arError } from './archive.errors';
import { buildDip, dublinCore, readFromAip } from './archive.package';
import {
  canDecideRequest,
  isArchiveHead,
  isArchivist,
  mayBeGranted,
  recordCan,
  type RecordFacts,
} from './archive.policy';
import { retentionEnds, type Snapshot } from './archive.service';
import { watermarkedCopy } from './archive.pdf';
import type { Mode } from './archive.tables';

/** The archive's heads (Chánh Văn phòng, leaders of the organ) on their active posts: they decide requests. */
async function archiveHeads(db: DbOrTrx, organId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .distinct()
    .where('organ_id', '=', organId)
    .where('ended_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('roles', '@>', sql<string[]>`'{office_chief}'::text[]`),
        eb('roles', '@>', sql<string[]>`'{organ_leader}'::text[]`),
      ]),
    )
    .execute();
  return rows.map((r) => r.user_id);
}

async function approvedFor(db: DbOrTrx, p: Principal, recordId: string, today: string) {
  return db
    .selectFrom('archive_access_requests')
    .select(['id', 'purpose'])
    .where('organ_id', '=', p.organId)
    .where('record_id', '=', recordId)
    .where('requester_id', '=', p.userId)
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
    .orderBy('decided_at', 'desc')
    .executeTakeFirst();
}

/** The record if the caller may know of it (404 otherwise, as if it did not exist), with what they may do. */
export async function loadRecord(deps: Deps, p: Principal, id: string) {
  const r = await deps.db
    .selectFrom('archive_records')
    .selectAll()
    .where('id', '=', id)
    .where('organ_id', '=', p.organId)
    .executeTakeFirst();
  if (!r) throw arError('archive.not_found');
  const approval = await approvedFor(deps.db, p, id, todayVN(deps.now()));
  const facts: RecordFacts = { organId: r.organ_id, mode: r.mode, status: r.status, approved: !!approval };
  const can = recordCan(p, facts);
  if (!can.see) throw arError('archive.not_found');
  return { r, can, approval };
}

export interface RecordFilter {
  q?: string;
  status?: 'packaging' | 'archived' | 'failed' | 'destroyed';
  page: number;
  pageSize: number;
}

/** The catalogue: staff see every record; readers see public and restricted ones, secret ones only when cleared. */
export async function listRecords(deps: Deps, p: Principal, f: RecordFilter) {
  let q = deps.db.selectFrom('archive_records').where('organ_id', '=', p.organId);
  if (!isArchivist(p) && !isArchiveHead(p)) {
    q = q.where('status', '!=', 'destroyed');
    if (p.clearance === 'thuong') q = q.where('mode', '!=', '03');
  }
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) {
    const words = foldKey(f.q).split(/\s+/).filter(Boolean);
    for (const w of words) q = q.where('search_key', 'like', `%${w.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
  }
  const [rows, total] = await Promise.all([
    q
      .select([
        'id',
        'code',
        'title',
        'retention',
        'start_date',
        'end_date',
        'mode',
        'status',
        'doc_count',
        'hold_reason',
        'created_at',
      ])
      .select((eb) => [
        eb
          .selectFrom('archive_reads as x')
          .select((e) => e.fn.countAll<string>().as('n'))
          .whereRef('x.record_id', '=', 'archive_records.id')
          .as('reads'),
      ])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      title: r.title,
      retention: r.retention,
      startDate: r.start_date,
      endDate: r.end_date,
      mode: r.mode,
      status: r.status,
      docCount: r.doc_count,
      onHold: !!r.hold_reason,
      reads: Number(r.reads ?? 0),
    })),
    total: Number(total.n),
    page: f.page,
    pageSize: f.pageSize,
  };
}

async function logRead(
  trx: DbOrTrx,
  p: Principal,
  actor: Actor,
  r: { id: string; code: string },
  kind: 'view' | 'download' | 'aip',
  ordinal: number | null,
  purpose: string,
) {
  await trx
    .insertInto('archive_reads')
    .values({ organ_id: p.organId, record_id: r.id, user_id: p.userId, kind, ordinal, purpose })
    .execute();
  const what =
    kind === 'view'
      ? 'Xem hồ sơ lưu trữ'
      : kind === 'aip'
        ? 'Tải gói AIP của hồ sơ'
        : `Tải bản sao văn bản số ${ordinal} của hồ sơ`;
  await recordAudit(trx, actor, {
    action: `archive.read.${kind}`,
    entityType: 'archive_record',
    entityId: r.id,
    summary: `${what} ${r.code}${purpose ? ` — mục đích: ${purpose}` : ''}`,
    after: { ordinal },
  });
}

/** A record's page. Its documents' list is part of the content: shown only to whom may read. Every view is logged. */
export async function getRecord(deps: Deps, p: Principal, actor: Actor, id: string) {
  const { r, can, approval } = await loadRecord(deps, p, id);
  if (can.read)
    await deps.db.transaction().execute((trx) => logRead(trx, p, actor, r, 'view', null, approval?.purpose ?? ''));
  const snap = r.metadata as Snapshot;
  const [counts, requests, history, transfer] = await Promise.all([
    deps.db
      .selectFrom('archive_reads')
      .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
      .where('organ_id', '=', p.organId)
      .where('record_id', '=', id)
      .groupBy('kind')
      .execute(),
    deps.db
      .selectFrom('archive_access_requests as q')
      .innerJoin('users as u', 'u.id', 'q.requester_id')
      .select(['q.id', 'q.status', 'q.purpose', 'q.created_at', 'q.decision_note', 'u.full_name', 'q.requester_id'])
      .where('q.organ_id', '=', p.organId)
      .where('q.record_id', '=', id)
      .orderBy('q.created_at', 'desc')
      .execute(),
    isArchivist(p) || isArchiveHead(p)
      ? deps.db
          .selectFrom('audit_events')
          .select(['at', 'actor_name', 'action', 'summary'])
          .where('organ_id', '=', p.organId)
          .where('entity_type', '=', 'archive_record')
          .where('entity_id', '=', id)
          .orderBy('id', 'desc')
          .limit(200)
          .execute()
      : Promise.resolve([]),
    deps.db
      .selectFrom('archive_transfers')
      .select(['id', 'number', 'received_at'])
      .where('id', '=', r.transfer_id)
      .executeTakeFirstOrThrow(),
  ]);
  const c = { view: 0, download: 0, aip: 0 };
  for (const x of counts) c[x.kind] = Number(x.n);
  const staff = isArchivist(p) || isArchiveHead(p);
  return {
    id: r.id,
    code: r.code,
    title: r.title,
    retention: r.retention,
    startDate: r.start_date,
    endDate: r.end_date,
    mode: r.mode,
    status: r.status,
    docCount: r.doc_count,
    unitName: snap.file.unitName,
    creatorName: snap.file.creatorName,
    retentionEnds: retentionEnds(r.end_date, r.retention),
    transfer: { id: transfer.id, number: transfer.number, receivedAt: transfer.received_at.toISOString() },
    aip:
      r.aip_sha256 && staff
        ? {
            sha256: r.aip_sha256,
            size: Number(r.aip_size),
            valid: !!(r.validation as { valid?: boolean } | null)?.valid,
            warnings: Number((r.validation as { warnings?: number } | null)?.warnings ?? 0),
          }
        : null,
    hold: r.hold_reason ? { reason: r.hold_reason, until: r.hold_until, at: r.hold_at?.toISOString() ?? null } : null,
    destroyedAt: r.destroyed_at?.toISOString() ?? null,
    documents:
      can.read || (staff && r.status === 'destroyed')
        ? snap.documents.map((d) => ({
            ordinal: d.ordinal,
            docCode: d.docCode,
            docDate: d.docDate,
            typeName: d.typeName,
            numberNotation: d.numberNotation,
            organName: d.organName,
            subject: d.subject,
            pageCount: d.pageCount,
            sha256: d.files[0]?.sha256 ?? null,
            mime: d.files[0]?.mime ?? null,
            signature: d.files[0]?.signature
              ? {
                  verdict: d.files[0].signature.verdict,
                  verdictLabel: d.files[0].signature.verdictLabel,
                  signers: d.files[0].signature.signatures.map((x) => x.signerName ?? ''),
                }
              : null,
          }))
        : [],
    counts: c,
    requests: requests
      .filter((q) => staff || q.requester_id === p.userId)
      .map((q) => ({
        id: q.id,
        status: q.status,
        purpose: q.purpose,
        requesterName: q.full_name,
        createdAt: q.created_at.toISOString(),
        note: q.decision_note,
      })),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      actorName: h.actor_name,
      action: h.action,
      summary: h.summary,
    })),
    can: {
      ...can,
      request:
        can.request &&
        !requests.some((q) => q.requester_id === p.userId && q.status === 'pending') &&
        mayBeGranted(p, r.mode),
    },
  };
}

/** The original package (AIP) for the archive's staff; logged and audited. */
export async function downloadAip(deps: Deps, p: Principal, actor: Actor, id: string) {
  const { r, can } = await loadRecord(deps, p, id);
  if (r.status === 'destroyed') throw arError('archive.destroyed');
  if (r.status !== 'archived' || !r.aip_sha256) throw arError('archive.not_ready');
  if (!can.aip) throw arError('archive.forbidden');
  await deps.db.transaction().execute((trx) => logRead(trx, p, actor, r, 'aip', null, ''));
  return { name: `${r.code}.aip.zip`, stream: deps.blobs.open(r.aip_sha256), size: Number(r.aip_size) };
}

/** A document as a watermarked copy (reader, time, purpose) derived from the AIP's original. */
export async function downloadCopy(deps: Deps, p: Principal, actor: Actor, id: string, ordinal: number) {
  const { r, can, approval } = await loadRecord(deps, p, id);
  if (r.status === 'destroyed') throw arError('archive.destroyed');
  if (!can.read) throw arError('archive.not_found');
  if (r.status !== 'archived' || !r.aip_sha256) throw arError('archive.not_ready');
  const snap = r.metadata as Snapshot;
  const d = snap.documents.find((x) => x.ordinal === ordinal);
  const f = d?.files[0];
  if (!d || !f) throw arError('archive.document_not_found');
  if (!['application/pdf', 'image/jpeg', 'image/png'].includes(f.mime)) throw arError('archive.copy_unavailable');
  const original = await readFromAip(deps, r.aip_sha256, r.code, f.path);
  const at = deps.now();
  const purpose = approval?.purpose ?? 'Tra cứu';
  const mark = `Bản sao khai thác — ${p.fullName} — ${formatDateTime(at)} — Mục đích: ${purpose} — ${r.code}`;
  const bytes = await watermarkedCopy(original, f.mime, mark);
  await deps.db.transaction().execute((trx) => logRead(trx, p, actor, r, 'download', ordinal, purpose));
  return { name: `${f.path.replace(/\.[a-z]+$/, '')}.ban-sao.pdf`, bytes, mark };
}

export async function requestAccess(deps: Deps, p: Principal, actor: Actor, id: string, purpose: string) {
  const { r, can } = await loadRecord(deps, p, id);
  if (r.status === 'destroyed') throw arError('archive.destroyed');
  if (r.mode === '01') throw arError('archive.no_request_needed');
  if (!mayBeGranted(p, r.mode)) throw arError('archive.not_found');
  if (can.read) throw arError('archive.request_decided', undefined, 'Bạn đã được phép khai thác hồ sơ này.');
  return deps.db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom('archive_access_requests')
      .select('id')
      .where('organ_id', '=', p.organId)
      .where('record_id', '=', id)
      .where('requester_id', '=', p.userId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (pending) throw arError('archive.request_pending');
    const q = await trx
      .insertInto('archive_access_requests')
      .values({ organ_id: p.organId, record_id: id, requester_id: p.userId, purpose })
      .returning('id')
      .executeTakeFirstOrThrow();
    await notify(trx, {
      organId: p.organId,
      userIds: await archiveHeads(trx, p.organId),
      kind: 'archive.request',
      title: `Yêu cầu khai thác hồ sơ ${r.code}`,
      body: `${p.fullName}: ${purpose}`,
      link: '/archive/requests',
    });
    await recordAudit(trx, actor, {
      action: 'archive.request.create',
      entityType: 'archive_record',
      entityId: id,
      summary: `Yêu cầu khai thác hồ sơ ${r.code} — mục đích: ${purpose}`,
      after: { requestId: q.id },
    });
    return { id: q.id, status: 'pending' as const };
  });
}

export async function listRequests(deps: Deps, p: Principal, box: 'pending' | 'mine' | 'all') {
  let q = deps.db
    .selectFrom('archive_access_requests as q')
    .innerJoin('archive_records as r', 'r.id', 'q.record_id')
    .innerJoin('users as u', 'u.id', 'q.requester_id')
    .select([
      'q.id',
      'q.status',
      'q.purpose',
      'q.created_at',
      'q.decided_at',
      'q.decision_note',
      'q.valid_until',
      'r.id as record_id',
      'r.code',
      'r.title',
      'r.mode',
      'u.full_name',
    ])
    .where('q.organ_id', '=', p.organId);
  if (box === 'mine') q = q.where('q.requester_id', '=', p.userId);
  else {
    if (!canDecideRequest(p) && !isArchivist(p)) throw arError('archive.forbidden');
    if (box === 'pending') q = q.where('q.status', '=', 'pending');
  }
  const rows = await q.orderBy('q.created_at', 'desc').limit(200).execute();
  return rows.map((x) => ({
    id: x.id,
    status: x.status,
    purpose: x.purpose,
    createdAt: x.created_at.toISOString(),
    decidedAt: x.decided_at?.toISOString() ?? null,
    note: x.decision_note,
    validUntil: x.valid_until,
    recordId: x.record_id,
    code: x.code,
    title: x.title,
    mode: x.mode,
    requesterName: x.full_name,
  }));
}

/** The archive's head approves or rejects (F6c); an approval may carry an end date. */
export async function decideRequest(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { approve: boolean; note?: string; validUntil?: string | null },
) {
  if (!canDecideRequest(p)) throw arError('archive.forbidden');
  return deps.db.transaction().execute(async (trx) => {
    const q = await trx
      .selectFrom('archive_access_requests as q')
      .innerJoin('archive_records as r', 'r.id', 'q.record_id')
      .innerJoin('users as u', 'u.id', 'q.requester_id')
      .select(['q.id', 'q.status', 'q.record_id', 'q.requester_id', 'r.code', 'r.mode', 'u.full_name', 'u.clearance'])
      .where('q.id', '=', id)
      .where('q.organ_id', '=', p.organId)
      .forUpdate('q')
      .executeTakeFirst();
    if (!q) throw arError('archive.request_not_found');
    if (q.status !== 'pending') throw arError('archive.request_decided');
    if (input.approve && !mayBeGranted({ clearance: q.clearance as Principal['clearance'] }, q.mode))
      throw arError('archive.forbidden', undefined, 'Người yêu cầu chưa được cấp độ mật để khai thác hồ sơ mật.');
    const status: 'approved' | 'rejected' = input.approve ? 'approved' : 'rejected';
    await trx
      .updateTable('archive_access_requests')
      .set({
        status,
        decided_by: p.userId,
        decided_at: new Date(),
        decision_note: input.note ?? '',
        valid_until: input.validUntil ?? null,
      })
      .where('id', '=', id)
      .execute();
    await notify(trx, {
      organId: p.organId,
      userIds: [q.requester_id],
      kind: 'archive.request_decided',
      title: `${input.approve ? 'Đã duyệt' : 'Từ chối'} yêu cầu khai thác hồ sơ ${q.code}`,
      body: input.note ?? null,
      link: `/archive/record/${q.record_id}`,
    });
    await recordAudit(trx, actor, {
      action: `archive.request.${input.approve ? 'approve' : 'reject'}`,
      entityType: 'archive_record',
      entityId: q.record_id,
      summary: `${input.approve ? 'Duyệt' : 'Từ chối'} yêu cầu khai thác hồ sơ ${q.code} của ${q.full_name}${input.note ? `: ${input.note}` : ''}`,
      after: { requestId: id, validUntil: input.validUntil ?? null },
    });
    return { id, status };
  });
}

/** Legal hold (Ag): blocks destruction at any step until released. */
export async function setHold(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { reason: string; until?: string | null } | null,
) {
  const { r, can } = await loadRecord(deps, p, id);
  if (!can.hold) throw arError('archive.forbidden');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('archive_records')
      .set(
        input
          ? {
              hold_reason: input.reason,
              hold_until: input.until ?? null,
              hold_by: p.userId,
              hold_at: new Date(),
              updated_at: new Date(),
            }
          : { hold_reason: null, hold_until: null, hold_by: null, hold_at: null, updated_at: new Date() },
      )
      .where('id', '=', id)
      .where('organ_id', '=', p.organId)
      .execute();
    await recordAudit(trx, actor, {
      action: input ? 'archive.hold.set' : 'archive.hold.release',
      entityType: 'archive_record',
      entityId: id,
      summary: input
        ? `Phong tỏa hồ sơ ${r.code}: ${input.reason}${input.until ? ` (đến ${formatDate(input.until)})` : ''}`
        : `Gỡ phong tỏa hồ sơ ${r.code}`,
      before: { reason: r.hold_reason },
      after: input,
    });
  });
}

/** The head changes a record's access regime when the rules change (Ad), with the reason in its history. */
export async function changeMode(deps: Deps, p: Principal, actor: Actor, id: string, mode: Mode, reason: string) {
  const { r, can } = await loadRecord(deps, p, id);
  if (!can.changeMode) throw arError('archive.forbidden');
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('archive_records')
      .set({ mode, updated_at: new Date() })
      .where('id', '=', id)
      .where('organ_id', '=', p.organId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'archive.mode.change',
      entityType: 'archive_record',
      entityId: id,
      summary: `Đổi chế độ khai thác hồ sơ ${r.code}: ${r.mode} → ${mode}. Lý do: ${reason}`,
      before: { mode: r.mode },
      after: { mode, reason },
    });
  });
}

/** Freezes a set of records at once (Ag): one transaction, one audit event per record; all or nothing. */
export async function holdSet(
  deps: Deps,
  p: Principal,
  actor: Actor,
  input: { recordIds: string[]; reason: string; until?: string | null },
) {
  if (!isArchivist(p) && !isArchiveHead(p)) throw arError('archive.forbidden');
  const ids = [...new Set(input.recordIds)];
  return deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('archive_records')
      .select(['id', 'code', 'status'])
      .where('organ_id', '=', p.organId)
      .where('id', 'in', ids)
      .forUpdate()
      .execute();
    if (rows.length !== ids.length) throw arError('archive.not_found');
    const gone = rows.find((r) => r.status === 'destroyed');
    if (gone) throw arError('archive.destroyed', { code: gone.code });
    await trx
      .updateTable('archive_records')
      .set({
        hold_reason: input.reason,
        hold_until: input.until ?? null,
        hold_by: p.userId,
        hold_at: new Date(),
        updated_at: new Date(),
      })
      .where('organ_id', '=', p.organId)
      .where('id', 'in', ids)
      .execute();
    for (const r of rows)
      await recordAudit(trx, actor, {
        action: 'archive.hold.set',
        entityType: 'archive_record',
        entityId: r.id,
        summary: `Phong tỏa hồ sơ ${r.code} (theo bộ ${rows.length} hồ sơ): ${input.reason}`,
        after: input,
      });
    return { held: rows.length };
  });
}

/** The whole record for a reader as a DIP (ZIP): every document as a watermarked copy; logged like a download. */
export async function downloadDip(deps: Deps, p: Principal, actor: Actor, id: string) {
  const { r, can, approval } = await loadRecord(deps, p, id);
  if (r.status === 'destroyed') throw arError('archive.destroyed');
  if (!can.read) throw arError('archive.not_found');
  if (r.status !== 'archived' || !r.aip_sha256) throw arError('archive.not_ready');
  const snap = r.metadata as Snapshot;
  const organ = await deps.db.selectFrom('organs').select('name').where('id', '=', p.organId).executeTakeFirstOrThrow();
  const purpose = approval?.purpose ?? 'Tra cứu';
  const mark = `Bản sao khai thác — ${p.fullName} — ${formatDateTime(deps.now())} — Mục đích: ${purpose} — ${r.code}`;
  const copies: { path: string; bytes: Uint8Array }[] = [];
  for (const d of snap.documents) {
    const f = d.files[0];
    if (!f || !['application/pdf', 'image/jpeg', 'image/png'].includes(f.mime)) continue;
    copies.push({
      path: `${f.path.replace(/\.[a-z]+$/, '')}.pdf`,
      bytes: await watermarkedCopy(await readFromAip(deps, r.aip_sha256, r.code, f.path), f.mime, mark),
    });
  }
  if (!copies.length) throw arError('archive.copy_unavailable');
  const { zip, dir } = await buildDip({
    id: `${r.code}.DIP`,
    title: r.title,
    dc: dublinCore(snap, organ.name),
    tt05: r.tt05_xml,
    copies,
  });
  await deps.db.transaction().execute((trx) => logRead(trx, p, actor, r, 'download', null, purpose));
  const stream = createReadStream(zip);
  stream.on('close', () => void rm(dir, { recursive: true, force: true }));
  return { name: `${r.code}.dip.zip`, stream, size: (await stat(zip)).size };
}
