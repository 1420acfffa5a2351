/** Submissions to leaders (phiếu trình): specialist → unit head → leader; opinions approve / return / ask for more; deadlines. */
import { z } from 'zod';
import { todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { localDate } from '../../http/schemas';
import type { Principal } from '../auth';
import { recordAudit, type Actor } from '../audit';
import { notify } from '../notify';
import { wfError } from './workfiles.errors';
import { canBeLeader, canBeUnitHead, canSeeSubmission } from './workfiles.policy';
import { loadFile } from './workfiles.service';

const uuid = z.string().uuid();
export const SubmitBody = z.object({
  workfileId: uuid.nullable().optional(),
  title: z.string().trim().min(1).max(500),
  note: z.string().max(4000).default(''),
  unitHeadId: uuid.nullable().optional(),
  leaderId: uuid,
  deadline: localDate.nullable().optional(),
  electronic: z.boolean().default(true),
});
export const ActBody = z.object({
  decision: z.enum(['approve', 'return', 'more']),
  opinion: z.string().trim().max(4000).default(''),
});
export const ResubmitBody = z.object({ note: z.string().trim().min(1).max(4000) });
const Step = z.object({
  ord: z.number(),
  role: z.enum(['unit_head', 'leader']),
  actorId: z.string(),
  actorName: z.string(),
  state: z.string(),
  opinion: z.string(),
  deadline: z.string().nullable(),
  actedAt: z.string().nullable(),
});
export const SubmissionOut = z.object({
  id: z.string(),
  title: z.string(),
  note: z.string(),
  status: z.enum(['pending', 'approved', 'returned', 'more_info']),
  workfileId: z.string().nullable(),
  workfileCode: z.string().nullable(),
  submitterId: z.string(),
  submitterName: z.string(),
  deadline: z.string().nullable(),
  overdue: z.boolean(),
  electronic: z.boolean(),
  createdAt: z.string(),
  steps: z.array(Step),
  can: z.object({ act: z.boolean(), resubmit: z.boolean() }),
});
export type SubmissionView = z.infer<typeof SubmissionOut>;

async function rolesOf(db: DbOrTrx, organId: string, userId: string): Promise<string[] | null> {
  const ms = await db
    .selectFrom('memberships')
    .select('roles')
    .where('organ_id', '=', organId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .execute();
  return ms.length ? ms.flatMap((m) => m.roles) : null;
}

export async function createSubmission(deps: Deps, p: Principal, actor: Actor, input: z.infer<typeof SubmitBody>) {
  if (input.workfileId) {
    const { can } = await loadFile(deps.db, p, input.workfileId);
    if (!can.submit) throw wfError('workfiles.forbidden');
  }
  const head = input.unitHeadId ? await rolesOf(deps.db, p.organId, input.unitHeadId) : [];
  const leader = await rolesOf(deps.db, p.organId, input.leaderId);
  if (
    !head ||
    !leader ||
    (input.unitHeadId && !canBeUnitHead(head)) ||
    !canBeLeader(leader) ||
    input.unitHeadId === input.leaderId
  )
    throw wfError('workfiles.submission_route_invalid');
  const id = await deps.db.transaction().execute(async (trx) => {
    const s = await trx
      .insertInto('workfile_submissions')
      .values({
        organ_id: p.organId,
        workfile_id: input.workfileId ?? null,
        title: input.title,
        note: input.note,
        submitter_id: p.userId,
        deadline: input.deadline ?? null,
        electronic: input.electronic,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const steps = [
      ...(input.unitHeadId ? [{ role: 'unit_head' as const, actor: input.unitHeadId }] : []),
      { role: 'leader' as const, actor: input.leaderId },
    ];
    await trx
      .insertInto('workfile_submission_steps')
      .values(
        steps.map((st, i) => ({
          organ_id: p.organId,
          submission_id: s.id,
          ord: i + 1,
          role: st.role,
          actor_id: st.actor,
          state: i === 0 ? ('pending' as const) : ('waiting' as const),
          deadline: input.deadline ?? null,
        })),
      )
      .execute();
    await notify(trx, {
      organId: p.organId,
      userIds: [steps[0]!.actor],
      kind: 'workfiles.submission',
      title: `Phiếu trình: ${input.title}`,
      body: input.note || null,
      link: `/workfiles/submissions/${s.id}`,
    });
    await recordAudit(trx, actor, {
      action: 'workfiles.submission.create',
      entityType: 'workfile_submission',
      entityId: s.id,
      summary: `Trình: ${input.title}`,
    });
    if (input.workfileId)
      await recordAudit(trx, actor, {
        action: 'workfiles.submission.create',
        entityType: 'workfile',
        entityId: input.workfileId,
        summary: `Trình hồ sơ: ${input.title}`,
      });
    return s.id;
  });
  return getSubmission(deps, p, id);
}

export async function getSubmission(deps: Deps, p: Principal, id: string): Promise<SubmissionView> {
  const s = await deps.db
    .selectFrom('workfile_submissions as s')
    .innerJoin('users as u', 'u.id', 's.submitter_id')
    .leftJoin('workfiles as w', 'w.id', 's.workfile_id')
    .select([
      's.id',
      's.organ_id',
      's.title',
      's.note',
      's.status',
      's.workfile_id',
      'w.code',
      's.submitter_id',
      'u.full_name',
      's.deadline',
      's.electronic',
      's.created_at',
    ])
    .where('s.id', '=', id)
    .where('s.organ_id', '=', p.organId)
    .executeTakeFirst();
  if (!s) throw wfError('workfiles.submission_not_found');
  const steps = await deps.db
    .selectFrom('workfile_submission_steps as t')
    .innerJoin('users as u', 'u.id', 't.actor_id')
    .select(['t.ord', 't.role', 't.actor_id', 'u.full_name', 't.state', 't.opinion', 't.deadline', 't.acted_at'])
    .where('t.submission_id', '=', id)
    .orderBy('t.ord')
    .execute();
  if (
    !canSeeSubmission(p, {
      organId: s.organ_id,
      submitterId: s.submitter_id,
      actorIds: steps.filter((t) => t.state !== 'waiting').map((t) => t.actor_id),
    })
  )
    throw wfError('workfiles.submission_not_found');
  const pending = steps.find((t) => t.state === 'pending');
  return {
    id: s.id,
    title: s.title,
    note: s.note,
    status: s.status,
    workfileId: s.workfile_id,
    workfileCode: s.code,
    submitterId: s.submitter_id,
    submitterName: s.full_name,
    deadline: s.deadline,
    overdue: s.status === 'pending' && !!s.deadline && s.deadline < todayVN(deps.now()),
    electronic: s.electronic,
    createdAt: s.created_at.toISOString(),
    steps: steps.map((t) => ({
      ord: t.ord,
      role: t.role,
      actorId: t.actor_id,
      actorName: t.full_name,
      state: t.state,
      opinion: t.opinion,
      deadline: t.deadline,
      actedAt: t.acted_at?.toISOString() ?? null,
    })),
    can: {
      act: s.status === 'pending' && pending?.actor_id === p.userId,
      resubmit: s.status === 'more_info' && s.submitter_id === p.userId,
    },
  };
}

/** The actor of the pending step gives an opinion: approve (forward, or decide at the last step), return, or ask for more. */
export async function actOnSubmission(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: z.infer<typeof ActBody>,
) {
  await deps.db.transaction().execute(async (trx) => {
    const s = await trx
      .selectFrom('workfile_submissions')
      .selectAll()
      .where('id', '=', id)
      .where('organ_id', '=', p.organId)
      .forUpdate()
      .executeTakeFirst();
    if (!s) throw wfError('workfiles.submission_not_found');
    const steps = await trx
      .selectFrom('workfile_submission_steps')
      .selectAll()
      .where('submission_id', '=', id)
      .orderBy('ord')
      .execute();
    if (!steps.some((t) => t.actor_id === p.userId && t.state !== 'waiting') && s.submitter_id !== p.userId)
      throw wfError('workfiles.submission_not_found');
    if (s.status !== 'pending') throw wfError('workfiles.submission_closed');
    const cur = steps.find((t) => t.state === 'pending');
    if (!cur || cur.actor_id !== p.userId) throw wfError('workfiles.submission_not_yours');
    const now = deps.now();
    const state = input.decision === 'approve' ? 'approved' : input.decision === 'return' ? 'returned' : 'more';
    await trx
      .updateTable('workfile_submission_steps')
      .set({ state, opinion: input.opinion, acted_at: now })
      .where('id', '=', cur.id)
      .execute();
    const next = steps.find((t) => t.ord === cur.ord + 1);
    let status: 'pending' | 'approved' | 'returned' | 'more_info' = 'pending';
    if (input.decision === 'approve' && next) {
      await trx.updateTable('workfile_submission_steps').set({ state: 'pending' }).where('id', '=', next.id).execute();
      await notify(trx, {
        organId: p.organId,
        userIds: [next.actor_id],
        kind: 'workfiles.submission',
        title: `Phiếu trình: ${s.title}`,
        body: input.opinion || null,
        link: `/workfiles/submissions/${id}`,
      });
    } else {
      status = input.decision === 'approve' ? 'approved' : input.decision === 'return' ? 'returned' : 'more_info';
      await trx
        .updateTable('workfile_submissions')
        .set({ status, decided_at: status === 'more_info' ? null : now })
        .where('id', '=', id)
        .execute();
      await notify(trx, {
        organId: p.organId,
        userIds: [s.submitter_id],
        kind: 'workfiles.submission',
        title: `${status === 'approved' ? 'Đã duyệt' : status === 'returned' ? 'Trả lại' : 'Đề nghị bổ sung'}: ${s.title}`,
        body: input.opinion || null,
        link: `/workfiles/submissions/${id}`,
      });
    }
    const label = { approve: 'đồng ý', return: 'trả lại', more: 'đề nghị bổ sung' }[input.decision];
    await recordAudit(trx, actor, {
      action: `workfiles.submission.${input.decision}`,
      entityType: 'workfile_submission',
      entityId: id,
      summary: `Ý kiến ${label}: ${input.opinion || s.title}`,
    });
  });
  return getSubmission(deps, p, id);
}

/** After "ask for more", the submitter adds what was asked and the same step gets it again. */
export async function resubmit(deps: Deps, p: Principal, actor: Actor, id: string, note: string) {
  await deps.db.transaction().execute(async (trx) => {
    const s = await trx
      .selectFrom('workfile_submissions')
      .selectAll()
      .where('id', '=', id)
      .where('organ_id', '=', p.organId)
      .where('submitter_id', '=', p.userId)
      .forUpdate()
      .executeTakeFirst();
    if (!s) throw wfError('workfiles.submission_not_found');
    if (s.status !== 'more_info') throw wfError('workfiles.submission_closed');
    const asked = await trx
      .selectFrom('workfile_submission_steps')
      .selectAll()
      .where('submission_id', '=', id)
      .where('state', '=', 'more')
      .orderBy('ord', 'desc')
      .executeTakeFirstOrThrow();
    await trx.updateTable('workfile_submission_steps').set({ state: 'pending' }).where('id', '=', asked.id).execute();
    await trx
      .updateTable('workfile_submissions')
      .set({ status: 'pending', note: `${s.note}\n— Bổ sung: ${note}`.trim() })
      .where('id', '=', id)
      .execute();
    await notify(trx, {
      organId: p.organId,
      userIds: [asked.actor_id],
      kind: 'workfiles.submission',
      title: `Bổ sung phiếu trình: ${s.title}`,
      body: note,
      link: `/workfiles/submissions/${id}`,
    });
    await recordAudit(trx, actor, {
      action: 'workfiles.submission.resubmit',
      entityType: 'workfile_submission',
      entityId: id,
      summary: `Bổ sung: ${note}`,
    });
  });
  return getSubmission(deps, p, id);
}

/** The leader's inbox (waiting for my opinion) and what I submitted; with the electronic share (a seeds target: 90 %). */
export async function listSubmissions(deps: Deps, p: Principal, box: 'inbox' | 'mine' | 'done') {
  let q = deps.db.selectFrom('workfile_submissions as s').select('s.id').where('s.organ_id', '=', p.organId);
  if (box === 'mine') q = q.where('s.submitter_id', '=', p.userId);
  else if (box === 'inbox')
    q = q
      .where('s.status', '=', 'pending')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('workfile_submission_steps as t')
            .select('t.id')
            .whereRef('t.submission_id', '=', 's.id')
            .where('t.actor_id', '=', p.userId)
            .where('t.state', '=', 'pending'),
        ),
      );
  else
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('workfile_submission_steps as t')
          .select('t.id')
          .whereRef('t.submission_id', '=', 's.id')
          .where('t.actor_id', '=', p.userId)
          .where('t.state', 'in', ['approved', 'returned', 'more']),
      ),
    );
  const rows = await q.orderBy('s.created_at', 'desc').limit(200).execute();
  const items: SubmissionView[] = [];
  for (const r of rows) items.push(await getSubmission(deps, p, r.id));
  return items;
}

export async function submissionStats(deps: Deps, p: Principal, year: number) {
  const rows = await deps.db
    .selectFrom('workfile_submissions')
    .select(['electronic', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('organ_id', '=', p.organId)
    .where('created_at', '>=', new Date(`${year}-01-01T00:00:00+07:00`))
    .where('created_at', '<', new Date(`${year + 1}-01-01T00:00:00+07:00`))
    .groupBy(['electronic', 'status'])
    .execute();
  const total = rows.reduce((a, r) => a + Number(r.n), 0);
  const electronic = rows.filter((r) => r.electronic).reduce((a, r) => a + Number(r.n), 0);
  return {
    year,
    total,
    electronic,
    electronicShare: total ? Math.round((electronic / total) * 1000) / 10 : 0,
    approved: rows.filter((r) => r.status === 'approved').reduce((a, r) => a + Number(r.n), 0),
  };
}
