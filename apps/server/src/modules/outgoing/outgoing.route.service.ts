/** Approval routes: templates per organ and type, the route of one document, and the decisions on its steps. */
import { sql } from 'kysely';
import { isClearedFor, todayVN, type Confidentiality } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx, Trx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import {
  DEFAULT_ROUTE,
  approveTransition,
  err,
  returnTransition,
  submitTransition,
  validateRoute,
  type ReturnTarget,
  type StepAction,
  type StepState,
  type TemplateStep,
} from './outgoing.model';
import { delegationsFrom, loadDoc, requireAction, type LoadedDoc } from './outgoing.repo';

export interface ResolvedStep {
  action: StepAction;
  actorId: string;
}

async function usersWithRole(
  db: DbOrTrx,
  organId: string,
  role: string,
  unitId?: string,
  exclude?: string,
): Promise<string[]> {
  let q = db
    .selectFrom('memberships')
    .select('user_id')
    .where('organ_id', '=', organId)
    .where('ended_at', 'is', null)
    .where(sql<boolean>`roles @> ARRAY[${role}]::text[]`);
  if (unitId) q = q.where('unit_id', '=', unitId);
  const rows = await q.orderBy('is_primary', 'desc').orderBy('started_at').execute();
  return rows.map((r) => r.user_id).filter((u) => u !== exclude);
}

export async function templateFor(db: DbOrTrx, organId: string, docType: string): Promise<TemplateStep[]> {
  const rows = await db
    .selectFrom('outgoing_route_templates')
    .select(['doc_type', 'steps'])
    .where('organ_id', '=', organId)
    .where((eb) => eb.or([eb('doc_type', '=', docType), eb('doc_type', 'is', null)]))
    .execute();
  const row = rows.find((r) => r.doc_type === docType) ?? rows.find((r) => r.doc_type === null);
  return row ? (row.steps as TemplateStep[]) : DEFAULT_ROUTE;
}

/** Resolves a template's roles into people for one document. */
export async function buildRoute(
  db: DbOrTrx,
  organId: string,
  ctx: { docType: string; draftingUnitId: string; drafterId: string; signerId: string },
  template?: TemplateStep[],
): Promise<ResolvedStep[]> {
  const steps = template ?? (await templateFor(db, organId, ctx.docType));
  const out: ResolvedStep[] = [];
  for (const s of steps) {
    let actorId: string | undefined = s.userId;
    if (!actorId && s.role === 'signer') actorId = ctx.signerId;
    if (!actorId && s.role === 'unit_leader')
      actorId = (await usersWithRole(db, organId, 'unit_leader', ctx.draftingUnitId, ctx.drafterId))[0];
    if (!actorId && s.role) actorId = (await usersWithRole(db, organId, s.role, undefined, ctx.drafterId))[0];
    if (!actorId)
      throw err('route_actor_missing', 400, `Không tìm được người thực hiện bước "${s.action}" của quy trình.`);
    out.push({ action: s.action, actorId });
  }
  validateRoute(out);
  return out;
}

export async function replaceSteps(
  trx: DbOrTrx,
  organId: string,
  outgoingId: string,
  steps: ResolvedStep[],
): Promise<void> {
  await trx.deleteFrom('outgoing_steps').where('outgoing_id', '=', outgoingId).execute();
  await trx
    .insertInto('outgoing_steps')
    .values(
      steps.map((s, i) => ({
        organ_id: organId,
        outgoing_id: outgoingId,
        ord: i + 1,
        action: s.action,
        actor_id: s.actorId,
        acted_by: null,
        acted_at: null,
        delegation_id: null,
      })),
    )
    .execute();
}

async function setStates(trx: Trx, outgoingId: string, states: Map<number, StepState | string>) {
  for (const [ord, state] of states)
    await trx
      .updateTable('outgoing_steps')
      .set({ state })
      .where('outgoing_id', '=', outgoingId)
      .where('ord', '=', ord)
      .execute();
}

async function logEvent(
  trx: Trx,
  l: LoadedDoc,
  p: Principal,
  ord: number,
  action: string,
  decision: string,
  target: string | null,
  comment: string | null,
) {
  await trx
    .insertInto('outgoing_step_events')
    .values({
      organ_id: l.doc.organ_id,
      outgoing_id: l.doc.id,
      ord,
      action,
      decision,
      user_id: p.userId,
      target,
      comment,
    })
    .execute();
}

/** Adjusts the route of one document (authorised users: the drafting unit's head, the Office chief). Done steps stay. */
export async function adjustRoute(deps: Deps, p: Principal, actor: Actor, id: string, steps: ResolvedStep[]) {
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
    requireAction(l, 'adjust_route');
    validateRoute(steps);
    for (const s of steps) {
      const u = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', s.actorId)
        .where('organ_id', '=', p.organId)
        .where('active', '=', true)
        .executeTakeFirst();
      if (!u) throw err('route_actor_missing', 400, 'Người thực hiện bước không hợp lệ.');
    }
    const wasActive = l.steps.find((s) => s.state === 'active');
    await replaceSteps(trx, p.organId, id, steps);
    const sign = steps[steps.length - 1]!;
    await trx
      .updateTable('outgoing_docs')
      .set({ signer_id: sign.actorId, return_to_ord: null, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    if (l.doc.status === 'in_review') {
      const ord = Math.min(wasActive?.ord ?? 1, steps.length);
      await trx
        .updateTable('outgoing_steps')
        .set({ state: 'done' })
        .where('outgoing_id', '=', id)
        .where('ord', '<', ord)
        .execute();
      await trx
        .updateTable('outgoing_steps')
        .set({ state: 'active' })
        .where('outgoing_id', '=', id)
        .where('ord', '=', ord)
        .execute();
    }
    await logEvent(trx, l, p, 0, 'route', 'adjust', null, null);
    await recordAudit(trx, actor, {
      action: 'outgoing.route_adjust',
      entityType: 'outgoing',
      entityId: id,
      summary: 'Điều chỉnh quy trình trình ký',
      after: steps,
    });
  });
}

/** The drafter submits (or resubmits after a return). A main draft file is required. */
export async function submit(deps: Deps, p: Principal, actor: Actor, id: string) {
  await deps.db.transaction().execute(async (trx) => {
    const l = await loadDoc(trx, p, id, deps.now(), { forUpdate: true });
    requireAction(l, 'submit', 'Chỉ người soạn thảo trình được dự thảo.');
    const draft = await trx
      .selectFrom('outgoing_versions')
      .select('id')
      .where('outgoing_id', '=', id)
      .where('kind', '=', 'draft')
      .executeTakeFirst();
    if (!draft) throw err('no_draft_file', 409, 'Chưa tải lên tệp dự thảo.');
    const states = submitTransition(l.steps, l.doc.return_to_ord);
    await setStates(trx, id, states);
    await trx
      .updateTable('outgoing_docs')
      .set({ status: 'in_review', return_to_ord: null, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    const active = [...states].find(([, s]) => s === 'active')![0];
    await logEvent(trx, l, p, active, 'submit', 'submit', null, null);
    await recordAudit(trx, actor, {
      action: 'outgoing.submit',
      entityType: 'outgoing',
      entityId: id,
      summary: 'Trình dự thảo',
    });
  });
}

export interface Decision {
  decision: 'approve' | 'return' | 'forward';
  comment?: string;
  target?: ReturnTarget;
  toUserId?: string;
}

/**
 * A decision on the active step by its actor (or by someone holding a delegation in force from the actor).
 * Approving the sign step is handled by the sign service, which calls `completeSignStep` in its transaction.
 */
export async function decideStep(
  trx: Trx,
  deps: Deps,
  p: Principal,
  actor: Actor,
  l: LoadedDoc,
  d: Decision,
): Promise<{ signStep: boolean }> {
  const step = l.steps.find((s) => s.state === 'active');
  if (!step || l.doc.status !== 'in_review') throw err('step_not_active', 409, 'Văn bản không chờ xử lý ở bước nào.');
  const delegation = await actingAuthority(trx, deps, p, step.actor_id, l.doc.organ_id, l.doc.confidentiality);
  if (d.decision === 'approve') {
    if (step.action === 'sign') return { signStep: true };
    const { states } = approveTransition(l.steps, step.ord);
    await setStates(trx, l.doc.id, states);
    await trx
      .updateTable('outgoing_steps')
      .set({ acted_by: p.userId, acted_at: new Date(), delegation_id: delegation?.id ?? null })
      .where('id', '=', step.id)
      .execute();
    await logEvent(trx, l, p, step.ord, step.action, 'approve', null, d.comment ?? null);
    await recordAudit(trx, actor, {
      action: `outgoing.step.${step.action}`,
      entityType: 'outgoing',
      entityId: l.doc.id,
      summary: `Bước ${step.ord}: đồng ý${d.comment ? ' — ' + d.comment.slice(0, 200) : ''}`,
    });
  } else if (d.decision === 'return') {
    if (!d.comment?.trim()) throw err('comment_required', 400, 'Trả lại dự thảo phải kèm ý kiến.');
    const target = d.target ?? 'drafter';
    const t = returnTransition(l.steps, step.ord, target);
    await setStates(trx, l.doc.id, t.states);
    if (t.toDrafter)
      await trx
        .updateTable('outgoing_docs')
        .set({ status: 'draft', return_to_ord: t.resumeAt, updated_at: new Date() })
        .where('id', '=', l.doc.id)
        .execute();
    await trx
      .insertInto('outgoing_comments')
      .values({
        organ_id: l.doc.organ_id,
        outgoing_id: l.doc.id,
        version_id: null,
        author_id: p.userId,
        body: d.comment,
      })
      .execute();
    await logEvent(trx, l, p, step.ord, step.action, 'return', t.toDrafter ? 'drafter' : 'previous', d.comment);
    await recordAudit(trx, actor, {
      action: 'outgoing.step.return',
      entityType: 'outgoing',
      entityId: l.doc.id,
      summary: `Bước ${step.ord}: trả lại (${t.toDrafter ? 'người soạn thảo' : 'bước trước'}) — ${d.comment.slice(0, 200)}`,
    });
  } else {
    if (!d.toUserId) throw err('forward_target_required', 400, 'Chọn người nhận chuyển tiếp.');
    const u = await trx
      .selectFrom('users')
      .select('id')
      .where('id', '=', d.toUserId)
      .where('organ_id', '=', l.doc.organ_id)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!u) throw err('forward_target_required', 400, 'Người nhận chuyển tiếp không hợp lệ.');
    await trx.updateTable('outgoing_steps').set({ actor_id: d.toUserId }).where('id', '=', step.id).execute();
    await logEvent(trx, l, p, step.ord, step.action, 'forward', d.toUserId, d.comment ?? null);
    await recordAudit(trx, actor, {
      action: 'outgoing.step.forward',
      entityType: 'outgoing',
      entityId: l.doc.id,
      summary: `Bước ${step.ord}: chuyển tiếp`,
    });
  }
  return { signStep: false };
}

/**
 * Is `p` the actor, or holding a delegation in force from the actor? Returns the delegation used (null when acting in person).
 * Only direct delegations count: a delegate cannot pass the authority on (no chain is followed), and an expired one is refused.
 */
export async function actingAuthority(
  db: DbOrTrx,
  deps: Deps,
  p: Principal,
  actorId: string,
  organId: string,
  confidentiality?: string,
): Promise<{ id: string; rank: string } | null> {
  if (p.userId === actorId) return null;
  const today = todayVN(deps.now());
  const inForce = (await delegationsFrom(db, organId, actorId, today)).find((d) => d.to_user_id === p.userId);
  if (inForce && confidentiality && !isClearedFor(p.clearance, confidentiality as Confidentiality)) {
    throw err(
      'delegate_not_cleared',
      403,
      'Bạn không có quyền tiếp cận bí mật nhà nước ở độ mật của văn bản: không thể ký hoặc duyệt thay theo ủy quyền.',
    );
  }
  if (inForce) return { id: inForce.id, rank: inForce.rank };
  const any = await db
    .selectFrom('delegations')
    .select('id')
    .where('organ_id', '=', organId)
    .where('from_user_id', '=', actorId)
    .where('to_user_id', '=', p.userId)
    .executeTakeFirst();
  if (any)
    throw err('delegation_expired', 403, 'Giấy ủy quyền đã hết hiệu lực hoặc bị thu hồi: không thể thực hiện thay.');
  throw err('not_step_actor', 403, 'Bạn không phải người thực hiện bước này.');
}

/** Marks the sign step done inside the sign service's transaction. */
export async function completeSignStep(
  trx: Trx,
  l: LoadedDoc,
  p: Principal,
  delegationId: string | null,
  comment: string | null,
) {
  const step = l.steps.find((s) => s.state === 'active' && s.action === 'sign');
  if (!step) throw err('step_not_active', 409, 'Văn bản không chờ ký.');
  const { states } = approveTransition(l.steps, step.ord);
  await setStates(trx, l.doc.id, states);
  await trx
    .updateTable('outgoing_steps')
    .set({ acted_by: p.userId, acted_at: new Date(), delegation_id: delegationId })
    .where('id', '=', step.id)
    .execute();
  await logEvent(trx, l, p, step.ord, 'sign', 'approve', null, comment);
  return step;
}
