/**
 * Destruction of records past their retention (TT 06/2025; records.md "Destruction"): the list and explanatory
 * note → the decision setting up the review council (with its members) → the council's minutes → the competent
 * body's appraisal → the destruction decision (organ leader) → destruction within 15 days, with minutes. A legal
 * hold on any item blocks every step. At the end the packages' blobs are removed (a job, after commit); the
 * residual record (list, decision, hashes) stays. Every step is audited.
 */
import { z } from 'zod';
import { formatDate, todayVN } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { recordAudit, type Actor } from '../audit';
import { enqueue } from '../jobs';
import { arError } from './archive.errors';
import { canDecideDestruction, isArchiveHead, isArchivist } from './archive.policy';
import { retentionEnds, type Snapshot } from './archive.service';
import type { DestructionStatus } from './archive.tables';

export const REMOVE_BLOBS = 'archive.remove_blobs';
export const RemoveBlobsPayload = z.object({
  organId: z.string().uuid(),
  destructionId: z.string().uuid(),
  sha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(100000),
});

const ACTIVE: DestructionStatus[] = ['proposed', 'council', 'reviewed', 'appraised', 'decided'];
const staff = (p: Principal) => isArchivist(p) || isArchiveHead(p);

/** Records past retention (the "Xem xét hủy" list), with holds and whether they are already proposed. */
export async function destructionCandidates(deps: Deps, p: Principal) {
  if (!staff(p)) throw arError('archive.forbidden');
  const today = todayVN(deps.now());
  const rows = await deps.db
    .selectFrom('archive_records')
    .select(['id', 'code', 'title', 'retention', 'end_date', 'hold_reason', 'doc_count'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('archive_destruction_items as i')
            .innerJoin('archive_destructions as d', 'd.id', 'i.destruction_id')
            .select('i.record_id')
            .whereRef('i.record_id', '=', 'archive_records.id')
            .where('d.status', 'in', ACTIVE),
        )
        .as('proposed'),
    )
    .where('organ_id', '=', p.organId)
    .where('status', '=', 'archived')
    .orderBy('end_date')
    .execute();
  return rows.flatMap((r) => {
    const ends = retentionEnds(r.end_date, r.retention);
    return ends && ends < today
      ? [
          {
            id: r.id,
            code: r.code,
            title: r.title,
            retention: r.retention,
            endDate: r.end_date,
            retentionEnded: ends,
            onHold: !!r.hold_reason,
            holdReason: r.hold_reason,
            proposed: !!r.proposed,
            docCount: r.doc_count,
          },
        ]
      : [];
  });
}

async function heldItems(trx: DbOrTrx, organId: string, destructionId: string) {
  // Every item's record is locked: a hold set meanwhile waits for this step, or this step waits for it.
  const rows = await trx
    .selectFrom('archive_destruction_items as i')
    .innerJoin('archive_records as r', 'r.id', 'i.record_id')
    .select(['r.code', 'r.hold_reason'])
    .where('i.destruction_id', '=', destructionId)
    .where('i.organ_id', '=', organId)
    .forUpdate('r')
    .execute();
  return rows.filter((r) => r.hold_reason !== null);
}

export async function proposeDestruction(
  deps: Deps,
  p: Principal,
  actor: Actor,
  input: { title: string; note: string; recordIds: string[] },
) {
  if (!isArchivist(p)) throw arError('archive.forbidden');
  const ids = [...new Set(input.recordIds)];
  const today = todayVN(deps.now());
  const id = await deps.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('archive_records')
      .selectAll()
      .where('organ_id', '=', p.organId)
      .where('id', 'in', ids)
      .forUpdate()
      .execute();
    if (rows.length !== ids.length) throw arError('archive.not_found');
    for (const r of rows) {
      if (r.status !== 'archived')
        throw arError(r.status === 'destroyed' ? 'archive.destroyed' : 'archive.not_ready', { code: r.code });
      const ends = retentionEnds(r.end_date, r.retention);
      if (!ends || ends >= today) throw arError('archive.not_expired', { code: r.code });
      if (r.hold_reason) throw arError('archive.legal_hold', { code: r.code, reason: r.hold_reason });
    }
    const busy = await trx
      .selectFrom('archive_destruction_items as i')
      .innerJoin('archive_destructions as d', 'd.id', 'i.destruction_id')
      .select('i.code')
      .where('i.organ_id', '=', p.organId)
      .where('i.record_id', 'in', ids)
      .where('d.status', 'in', ACTIVE)
      .execute();
    if (busy.length) throw arError('archive.in_destruction', { codes: busy.map((b) => b.code) });
    const d = await trx
      .insertInto('archive_destructions')
      .values({ organ_id: p.organId, title: input.title, note: input.note, created_by: p.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('archive_destruction_items')
      .values(
        rows.map((r) => ({
          destruction_id: d.id,
          record_id: r.id,
          organ_id: p.organId,
          code: r.code,
          title: r.title,
          aip_sha256: r.aip_sha256,
          doc_hashes: JSON.stringify(
            (r.metadata as Snapshot).documents.map((x) => ({
              ordinal: x.ordinal,
              subject: x.subject,
              sha256: x.files.map((f) => f.sha256),
            })),
          ),
        })),
      )
      .execute();
    await recordAudit(trx, actor, {
      action: 'archive.destruction.propose',
      entityType: 'archive_destruction',
      entityId: d.id,
      summary: `Lập danh mục tài liệu hết giá trị đề nghị hủy: ${input.title} (${rows.length} hồ sơ)`,
      after: { codes: rows.map((r) => r.code) },
    });
    return d.id;
  });
  return getDestruction(deps, p, id);
}

export type StepInput =
  | { step: 'council'; councilRef: string; members: string[] }
  | { step: 'review'; minutes: string }
  | { step: 'appraisal'; appraisal: string }
  | { step: 'decide'; decisionRef: string; decisionDate: string }
  | { step: 'execute'; minutes: string }
  | { step: 'cancel'; reason: string };

const NEXT: Record<StepInput['step'], { from: DestructionStatus[]; to: DestructionStatus; label: string }> = {
  council: { from: ['proposed'], to: 'council', label: 'Quyết định thành lập Hội đồng xác định giá trị tài liệu' },
  review: { from: ['council'], to: 'reviewed', label: 'Biên bản họp Hội đồng' },
  appraisal: { from: ['reviewed'], to: 'appraised', label: 'Văn bản thẩm định của cơ quan có thẩm quyền' },
  decide: { from: ['appraised'], to: 'decided', label: 'Quyết định hủy tài liệu hết giá trị' },
  execute: { from: ['decided'], to: 'destroyed', label: 'Biên bản hủy tài liệu' },
  cancel: { from: ACTIVE, to: 'cancelled', label: 'Dừng xét hủy' },
};

export async function destructionStep(deps: Deps, p: Principal, actor: Actor, id: string, input: StepInput) {
  if (input.step === 'decide' ? !canDecideDestruction(p) : !staff(p)) throw arError('archive.forbidden');
  await deps.db.transaction().execute(async (trx) => {
    const d = await trx
      .selectFrom('archive_destructions')
      .selectAll()
      .where('id', '=', id)
      .where('organ_id', '=', p.organId)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw arError('archive.destruction_not_found');
    const rule = NEXT[input.step];
    if (!rule.from.includes(d.status)) throw arError('archive.step_order', { status: d.status, step: input.step });
    if (input.step !== 'cancel') {
      const held = await heldItems(trx, p.organId, id);
      if (held.length)
        throw arError(
          'archive.legal_hold',
          { codes: held.map((h) => h.code) },
          `Hồ sơ đang bị phong tỏa, không được hủy: ${held.map((h) => `${h.code} (${h.hold_reason})`).join('; ')}`,
        );
    }
    const set: Record<string, unknown> = { status: rule.to, updated_at: new Date() };
    let detail = '';
    if (input.step === 'council') {
      const members = await trx
        .selectFrom('users')
        .select(['id', 'full_name'])
        .where('organ_id', '=', p.organId)
        .where('id', 'in', input.members)
        .execute();
      if (members.length !== new Set(input.members).size)
        throw arError('archive.invalid', undefined, 'Thành viên hội đồng phải là cán bộ của cơ quan.');
      Object.assign(set, { council_ref: input.councilRef, council_members: members.map((m) => m.id) });
      detail = `${input.councilRef}; thành viên: ${members.map((m) => m.full_name).join(', ')}`;
    } else if (input.step === 'review') {
      set.council_minutes = input.minutes;
    } else if (input.step === 'appraisal') {
      set.appraisal = input.appraisal;
    } else if (input.step === 'decide') {
      Object.assign(set, { decision_ref: input.decisionRef, decision_date: input.decisionDate, decided_by: p.userId });
      detail = `${input.decisionRef} ngày ${formatDate(input.decisionDate)}`;
    } else if (input.step === 'execute') {
      const today = todayVN(deps.now());
      const limit = new Date(`${d.decision_date}T00:00:00Z`);
      limit.setUTCDate(limit.getUTCDate() + 15);
      if (today > limit.toISOString().slice(0, 10)) throw arError('archive.decision_expired');
      const items = await trx
        .selectFrom('archive_destruction_items')
        .select(['record_id', 'aip_sha256', 'doc_hashes'])
        .where('destruction_id', '=', id)
        .execute();
      const now = new Date();
      await trx
        .updateTable('archive_records')
        .set({ status: 'destroyed', aip_sha256: null, destroyed_at: now, updated_at: now })
        .where('organ_id', '=', p.organId)
        .where(
          'id',
          'in',
          items.map((i) => i.record_id),
        )
        .execute();
      Object.assign(set, { destruction_minutes: input.minutes, destroyed_at: now });
      const shas = new Set<string>();
      for (const i of items) {
        if (i.aip_sha256) shas.add(i.aip_sha256);
        for (const x of i.doc_hashes as { sha256: string[] }[]) for (const s of x.sha256) shas.add(s);
      }
      await enqueue(
        trx,
        REMOVE_BLOBS,
        { organId: p.organId, destructionId: id, sha256: [...shas] },
        { organId: p.organId, uniqueKey: `destroy:${id}` },
      );
      for (const i of items)
        await recordAudit(trx, actor, {
          action: 'archive.record.destroy',
          entityType: 'archive_record',
          entityId: i.record_id,
          summary: `Hủy hồ sơ theo ${d.decision_ref}`,
          after: { destructionId: id, aip: i.aip_sha256 },
        });
      detail = `${items.length} hồ sơ`;
    } else {
      detail = input.reason;
    }
    await trx.updateTable('archive_destructions').set(set).where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: `archive.destruction.${input.step}`,
      entityType: 'archive_destruction',
      entityId: id,
      summary: `${rule.label}: ${d.title}${detail ? ` — ${detail}` : ''}`,
      after: input,
    });
  });
  return getDestruction(deps, p, id);
}

/**
 * After commit: removes each blob no longer referenced — not by a file record of any module, nor by a package of a
 * record still kept. Bytes the organ's working documents still hold stay with them (their modules decide).
 */
export async function removeDestroyedBlobs(deps: Deps, shas: string[]): Promise<{ removed: string[]; kept: string[] }> {
  const removed: string[] = [];
  const kept: string[] = [];
  for (const sha of shas) {
    const gone = await deps.db.transaction().execute(async (trx) => {
      const [file, aip] = await Promise.all([
        trx.selectFrom('files').select('id').where('sha256', '=', sha).limit(1).executeTakeFirst(),
        trx.selectFrom('archive_records').select('id').where('aip_sha256', '=', sha).limit(1).executeTakeFirst(),
      ]);
      if (file || aip) return false;
      await trx.deleteFrom('blobs').where('sha256', '=', sha).execute();
      return true;
    });
    if (gone) {
      await deps.blobs.remove(sha);
      removed.push(sha);
    } else kept.push(sha);
  }
  return { removed, kept };
}

export async function listDestructions(deps: Deps, p: Principal) {
  if (!staff(p)) throw arError('archive.forbidden');
  const rows = await deps.db
    .selectFrom('archive_destructions')
    .select(['id', 'title', 'status', 'decision_ref', 'destroyed_at', 'created_at'])
    .select((eb) =>
      eb
        .selectFrom('archive_destruction_items as i')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('i.destruction_id', '=', 'archive_destructions.id')
        .as('n'),
    )
    .where('organ_id', '=', p.organId)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    decisionRef: r.decision_ref,
    destroyedAt: r.destroyed_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    itemCount: Number(r.n ?? 0),
  }));
}

export async function getDestruction(deps: Deps, p: Principal, id: string) {
  if (!staff(p) && !canDecideDestruction(p)) throw arError('archive.destruction_not_found');
  const d = await deps.db
    .selectFrom('archive_destructions')
    .selectAll()
    .where('id', '=', id)
    .where('organ_id', '=', p.organId)
    .executeTakeFirst();
  if (!d) throw arError('archive.destruction_not_found');
  const [items, members, history] = await Promise.all([
    deps.db
      .selectFrom('archive_destruction_items as i')
      .innerJoin('archive_records as r', 'r.id', 'i.record_id')
      .select([
        'i.record_id',
        'i.code',
        'i.title',
        'i.aip_sha256',
        'i.doc_hashes',
        'r.retention',
        'r.end_date',
        'r.hold_reason',
        'r.status',
      ])
      .where('i.destruction_id', '=', id)
      .orderBy('i.code')
      .execute(),
    d.council_members.length
      ? deps.db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', d.council_members).execute()
      : Promise.resolve([]),
    deps.db
      .selectFrom('audit_events')
      .select(['at', 'actor_name', 'action', 'summary'])
      .where('organ_id', '=', p.organId)
      .where('entity_type', '=', 'archive_destruction')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute(),
  ]);
  const stepOk = (s: StepInput['step']) =>
    NEXT[s].from.includes(d.status) && (s === 'decide' ? canDecideDestruction(p) : staff(p));
  return {
    id: d.id,
    title: d.title,
    note: d.note,
    status: d.status,
    councilRef: d.council_ref,
    councilMembers: members.map((m) => ({ id: m.id, name: m.full_name })),
    councilMinutes: d.council_minutes,
    appraisal: d.appraisal,
    decisionRef: d.decision_ref,
    decisionDate: d.decision_date,
    destructionMinutes: d.destruction_minutes,
    destroyedAt: d.destroyed_at?.toISOString() ?? null,
    createdAt: d.created_at.toISOString(),
    items: items.map((i) => ({
      recordId: i.record_id,
      code: i.code,
      title: i.title,
      retention: i.retention,
      endDate: i.end_date,
      aipSha256: i.aip_sha256,
      docHashes: i.doc_hashes as { ordinal: number; subject: string; sha256: string[] }[],
      onHold: !!i.hold_reason,
      status: i.status,
    })),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      actorName: h.actor_name,
      action: h.action,
      summary: h.summary,
    })),
    can: {
      council: stepOk('council'),
      review: stepOk('review'),
      appraisal: stepOk('appraisal'),
      decide: stepOk('decide'),
      execute: stepOk('execute'),
      cancel: stepOk('cancel'),
    },
  };
}
