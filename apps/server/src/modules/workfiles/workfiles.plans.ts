/** The file plan (danh mục hồ sơ, F4a): drafted by the văn thư, started from last year's, approved by the head. */
import { z } from 'zod';
import type { DbOrTrx } from '../../db/database';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { recordAudit, type Actor } from '../audit';
import { wfError } from './workfiles.errors';
import { canApprovePlan, canDraftPlan } from './workfiles.policy';
import { NOTATION_RE } from './workfiles.service';
import { RETENTIONS, type Retention } from './workfiles.tables';

const uuid = z.string().uuid();
export const PlanEntry = z.object({
  id: uuid.optional(),
  notation: z.string().trim().min(1).max(20),
  title: z.string().trim().min(1).max(1000),
  retention: z.enum(RETENTIONS),
  creatorUnitId: uuid.nullable().optional(),
  creatorUserId: uuid.nullable().optional(),
  note: z.string().max(1000).default(''),
  docTypeCodes: z.array(z.string().max(40)).max(50).nullable().optional(),
  unitIds: z.array(uuid).max(50).nullable().optional(),
});
const HeadingBase = z.object({
  id: uuid.optional(),
  label: z.string().trim().min(1).max(10),
  title: z.string().trim().min(1).max(500),
  unitId: uuid.nullable().optional(),
  entries: z.array(PlanEntry).max(2000).default([]),
});
export const PlanHeading = HeadingBase.extend({ children: z.array(HeadingBase).max(200).default([]) });
export const PlanBody = z.object({
  title: z.string().trim().min(1).max(500),
  numbering: z.enum(['plan', 'heading']).default('plan'),
  decisionRef: z.string().max(200).nullable().optional(),
  headings: z.array(PlanHeading).max(200),
});
export type PlanInput = z.infer<typeof PlanBody>;

const EntryOut = PlanEntry.extend({
  id: z.string(),
  creatorUnitId: z.string().nullable(),
  creatorUserId: z.string().nullable(),
  docTypeCodes: z.array(z.string()).nullable(),
  unitIds: z.array(z.string()).nullable(),
  fileId: z.string().nullable(),
});
const HeadingOut = z.object({
  id: z.string(),
  label: z.string(),
  title: z.string(),
  unitId: z.string().nullable(),
  entries: z.array(EntryOut),
});
export const PlanOut = z.object({
  id: z.string(),
  year: z.number(),
  title: z.string(),
  status: z.enum(['draft', 'approved']),
  numbering: z.enum(['plan', 'heading']),
  decisionRef: z.string().nullable(),
  copiedFrom: z.string().nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  headings: z.array(HeadingOut.extend({ children: z.array(HeadingOut) })),
  counts: z.object({ entries: z.number(), permanent: z.number(), limited: z.number() }),
  can: z.object({ edit: z.boolean(), approve: z.boolean() }),
});
export type PlanView = z.infer<typeof PlanOut>;

async function planRow(db: DbOrTrx, p: Principal, id: string, lock = false) {
  let q = db.selectFrom('workfile_plans').selectAll().where('id', '=', id).where('organ_id', '=', p.organId);
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) throw wfError('workfiles.plan_not_found');
  return r;
}

export async function listPlans(deps: Deps, p: Principal) {
  const rows = await deps.db
    .selectFrom('workfile_plans')
    .select(['id', 'year', 'title', 'status', 'approved_at'])
    .where('organ_id', '=', p.organId)
    .orderBy('year', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    title: r.title,
    status: r.status,
    approvedAt: r.approved_at?.toISOString() ?? null,
  }));
}

export async function getPlan(deps: Deps, p: Principal, id: string): Promise<PlanView> {
  const plan = await planRow(deps.db, p, id);
  const [heads, entries, files, approver] = await Promise.all([
    deps.db.selectFrom('workfile_plan_headings').selectAll().where('plan_id', '=', id).orderBy('ord').execute(),
    deps.db.selectFrom('workfile_plan_entries').selectAll().where('plan_id', '=', id).orderBy('ord').execute(),
    deps.db
      .selectFrom('workfiles as f')
      .innerJoin('workfile_plan_entries as e', 'e.id', 'f.plan_entry_id')
      .select(['f.id', 'f.plan_entry_id'])
      .where('e.plan_id', '=', id)
      .execute(),
    plan.approved_by
      ? deps.db.selectFrom('users').select('full_name').where('id', '=', plan.approved_by).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const fileOf = new Map(files.map((f) => [f.plan_entry_id!, f.id]));
  const entryView = (e: (typeof entries)[number]) => ({
    id: e.id,
    notation: e.notation,
    title: e.title,
    retention: e.retention,
    creatorUnitId: e.creator_unit_id,
    creatorUserId: e.creator_user_id,
    note: e.note,
    docTypeCodes: e.doc_type_codes,
    unitIds: e.unit_ids,
    fileId: fileOf.get(e.id) ?? null,
  });
  const headView = (h: (typeof heads)[number]) => ({
    id: h.id,
    label: h.label,
    title: h.title,
    unitId: h.unit_id,
    entries: entries.filter((e) => e.heading_id === h.id).map(entryView),
  });
  const permanent = entries.filter((e) => e.retention === 'permanent').length;
  return {
    id: plan.id,
    year: plan.year,
    title: plan.title,
    status: plan.status,
    numbering: plan.numbering,
    decisionRef: plan.decision_ref,
    copiedFrom: plan.copied_from,
    approvedByName: approver?.full_name ?? null,
    approvedAt: plan.approved_at?.toISOString() ?? null,
    headings: heads
      .filter((h) => !h.parent_id)
      .map((h) => ({ ...headView(h), children: heads.filter((c) => c.parent_id === h.id).map(headView) })),
    counts: { entries: entries.length, permanent, limited: entries.length - permanent },
    can: { edit: plan.status === 'draft' && canDraftPlan(p), approve: plan.status === 'draft' && canApprovePlan(p) },
  };
}

async function writeTree(trx: DbOrTrx, organId: string, planId: string, input: PlanInput) {
  const notations = input.headings
    .flatMap((h) => [...h.entries, ...h.children.flatMap((c) => c.entries)])
    .map((e) => e.notation);
  const bad = notations.find((n) => !NOTATION_RE.test(n));
  if (bad) throw wfError('workfiles.notation_invalid', { notation: bad });
  const dup = notations.find((n, i) => notations.indexOf(n) !== i);
  if (dup) throw wfError('workfiles.plan_invalid', { notation: dup }, `Ký hiệu hồ sơ ${dup} bị trùng trong danh mục.`);
  await trx.deleteFrom('workfile_plan_headings').where('plan_id', '=', planId).execute();
  let ord = 0;
  let entryOrd = 0;
  const putEntries = async (headingId: string, entries: PlanInput['headings'][number]['entries']) => {
    if (!entries.length) return;
    await trx
      .insertInto('workfile_plan_entries')
      .values(
        entries.map((e) => ({
          organ_id: organId,
          plan_id: planId,
          heading_id: headingId,
          ord: ++entryOrd,
          notation: e.notation,
          title: e.title,
          retention: e.retention as Retention,
          creator_unit_id: e.creatorUnitId ?? null,
          creator_user_id: e.creatorUserId ?? null,
          note: e.note,
          doc_type_codes: e.docTypeCodes ?? null,
          unit_ids: e.unitIds ?? null,
        })),
      )
      .execute();
  };
  for (const h of input.headings) {
    const head = await trx
      .insertInto('workfile_plan_headings')
      .values({
        organ_id: organId,
        plan_id: planId,
        parent_id: null,
        ord: ++ord,
        label: h.label,
        title: h.title,
        unit_id: h.unitId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await putEntries(head.id, h.entries);
    for (const c of h.children) {
      const sub = await trx
        .insertInto('workfile_plan_headings')
        .values({
          organ_id: organId,
          plan_id: planId,
          parent_id: head.id,
          ord: ++ord,
          label: c.label,
          title: c.title,
          unit_id: c.unitId ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await putEntries(sub.id, c.entries);
    }
  }
}

/** A new draft plan for a year: empty, or started from an earlier year's plan (usually last year's). */
export async function createPlan(
  deps: Deps,
  p: Principal,
  actor: Actor,
  input: { year: number; title?: string; copyFromYear?: number },
) {
  if (!canDraftPlan(p)) throw wfError('workfiles.forbidden');
  const id = await deps.db.transaction().execute(async (trx) => {
    let tree: PlanInput = { title: input.title ?? `Danh mục hồ sơ năm ${input.year}`, numbering: 'plan', headings: [] };
    let from: string | null = null;
    if (input.copyFromYear) {
      const src = await trx
        .selectFrom('workfile_plans')
        .select('id')
        .where('organ_id', '=', p.organId)
        .where('year', '=', input.copyFromYear)
        .executeTakeFirst();
      if (!src) throw wfError('workfiles.plan_source_missing');
      const v = await getPlan({ ...deps, db: trx as unknown as Deps['db'] }, p, src.id);
      from = src.id;
      const strip = (h: PlanView['headings'][number]['children'][number]) => ({
        label: h.label,
        title: h.title,
        unitId: h.unitId,
        entries: h.entries.map(({ id: _i, fileId: _f, ...e }) => e),
      });
      tree = {
        title: input.title ?? v.title.replace(String(input.copyFromYear), String(input.year)),
        numbering: v.numbering,
        headings: v.headings.map((h) => ({ ...strip(h), children: h.children.map(strip) })),
      };
    }
    const row = await trx
      .insertInto('workfile_plans')
      .values({
        organ_id: p.organId,
        year: input.year,
        title: tree.title,
        numbering: tree.numbering,
        copied_from: from,
        decision_ref: null,
        created_by: p.userId,
        approved_by: null,
      })
      .onConflict((oc) => oc.columns(['organ_id', 'year']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw wfError('workfiles.plan_exists');
    await writeTree(trx, p.organId, row.id, tree);
    await recordAudit(trx, actor, {
      action: 'workfiles.plan.create',
      entityType: 'workfile_plan',
      entityId: row.id,
      summary: `Lập dự thảo danh mục hồ sơ năm ${input.year}${input.copyFromYear ? ` từ danh mục năm ${input.copyFromYear}` : ''}`,
    });
    return row.id;
  });
  return getPlan(deps, p, id);
}

/** Saves the whole tree of a draft plan (the editor sends it after reordering). */
export async function savePlan(deps: Deps, p: Principal, actor: Actor, id: string, input: PlanInput) {
  if (!canDraftPlan(p)) throw wfError('workfiles.forbidden');
  await deps.db.transaction().execute(async (trx) => {
    const plan = await planRow(trx, p, id, true);
    if (plan.status !== 'draft') throw wfError('workfiles.plan_approved');
    await trx
      .updateTable('workfile_plans')
      .set({
        title: input.title,
        numbering: input.numbering,
        decision_ref: input.decisionRef ?? plan.decision_ref,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await writeTree(trx, p.organId, id, input);
    await recordAudit(trx, actor, {
      action: 'workfiles.plan.update',
      entityType: 'workfile_plan',
      entityId: id,
      summary: `Sửa dự thảo danh mục hồ sơ năm ${plan.year}`,
    });
  });
  return getPlan(deps, p, id);
}

/** The head of the organ approves (issues) the plan; a decision reference may be recorded. Files can be opened from it. */
export async function approvePlan(deps: Deps, p: Principal, actor: Actor, id: string, decisionRef: string | null) {
  if (!canApprovePlan(p)) throw wfError('workfiles.forbidden');
  await deps.db.transaction().execute(async (trx) => {
    const plan = await planRow(trx, p, id, true);
    if (plan.status !== 'draft') throw wfError('workfiles.plan_approved');
    const n = await trx
      .selectFrom('workfile_plan_entries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('plan_id', '=', id)
      .executeTakeFirstOrThrow();
    if (Number(n.n) === 0) throw wfError('workfiles.plan_empty');
    await trx
      .updateTable('workfile_plans')
      .set({
        status: 'approved',
        approved_by: p.userId,
        approved_at: deps.now(),
        decision_ref: decisionRef ?? plan.decision_ref,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'workfiles.plan.approve',
      entityType: 'workfile_plan',
      entityId: id,
      summary: `Ban hành danh mục hồ sơ năm ${plan.year}${decisionRef ? ` (${decisionRef})` : ''}`,
    });
  });
  return getPlan(deps, p, id);
}
