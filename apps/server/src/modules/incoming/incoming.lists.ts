import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { foldKey, todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DB } from '../../db/types';
import type { Principal } from '../auth';
import { organCalendar } from '../calendar';
import type { Viewer } from './incoming.policy';
import { viewerOf } from './incoming.viewer';

export const BOXES = [
  'todo',
  'doing',
  'done',
  'overdue',
  'due_soon',
  'info',
  'pending_registration',
  'register',
  'search',
] as const;
export type Box = (typeof BOXES)[number];
export const DUE_SOON_WORKING_DAYS = 3;

export interface ListFilter {
  box: Box;
  q?: string;
  from?: string;
  to?: string;
  docType?: string;
  issuingOrgan?: string;
  urgency?: string;
  unitId?: string;
  status?: string;
  registerId?: string;
  track?: Track;
  sort?: 'deadline' | 'arrival';
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Tracking of the lead unit's top assignment (reports dashboard): each count there is the total of this list. */
export const TRACKS = ['received', 'in_progress', 'done_on_time', 'done_late', 'overdue', 'due_soon'] as const;
export type Track = (typeof TRACKS)[number];
function trackWhere(
  eb: ExpressionBuilder<DB & { d: DB['incoming_documents'] }, 'd'>,
  f: ListFilter,
  today: string,
  soon: string,
) {
  let t = eb
    .selectFrom('incoming_assignments as t')
    .select('t.id')
    .whereRef('t.document_id', '=', 'd.id')
    .where('t.is_top', '=', true)
    .where('t.role', '=', 'lead')
    .where('t.state', '!=', 'returned');
  if (f.unitId) t = t.where('t.assignee_unit_id', '=', f.unitId);
  const done = sql<string>`(t.done_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;
  switch (f.track) {
    case 'in_progress':
      t = t
        .where('t.state', 'in', ['pending', 'in_progress'])
        .where((e) => e.or([e('t.deadline', 'is', null), e('t.deadline', '>=', today)]));
      break;
    case 'done_on_time':
      t = t
        .where('t.state', '=', 'done')
        .where((e) => e.or([e('t.deadline', 'is', null), e(done, '<=', e.ref('t.deadline'))]));
      break;
    case 'done_late':
      t = t
        .where('t.state', '=', 'done')
        .where('t.deadline', 'is not', null)
        .where(done, '>', (e) => e.ref('t.deadline'));
      break;
    case 'overdue':
      t = t.where('t.state', 'in', ['pending', 'in_progress']).where('t.deadline', '<', today);
      break;
    case 'due_soon':
      t = t
        .where('t.state', 'in', ['pending', 'in_progress'])
        .where('t.deadline', '>=', today)
        .where('t.deadline', '<=', soon);
      break;
    default:
      break;
  }
  return eb.exists(t);
}

type AsgBox = 'todo' | 'doing' | 'done' | 'overdue' | 'due_soon' | 'info';
const ASG_BOXES: ReadonlySet<string> = new Set(['todo', 'doing', 'done', 'overdue', 'due_soon', 'info']);

const DOC_COLS = [
  'd.id',
  'd.arrival_number',
  'd.arrival_year',
  'd.arrival_date',
  'd.number',
  'd.notation',
  'd.issued_date',
  'd.issuing_organ_name',
  'd.subject',
  'd.type_name',
  'd.urgency',
  'd.confidentiality',
  'd.status',
  'd.deadline',
  'd.source',
  'd.register_id',
] as const;

/** Rows addressed to the viewer: to them, or to a unit they head and not yet handed to a person. */
function mineWhere(v: Viewer) {
  return (eb: ExpressionBuilder<DB & { a: DB['incoming_assignments'] }, 'a'>) => {
    const ors = [eb('a.assignee_user_id', '=', v.userId)];
    if (v.ledUnitIds.length)
      ors.push(eb.and([eb('a.assignee_user_id', 'is', null), eb('a.assignee_unit_id', 'in', v.ledUnitIds)]));
    return ors.length === 1 ? ors[0]! : eb.or(ors);
  };
}

function boxWhere<Q extends SelectQueryBuilder<DB & { a: DB['incoming_assignments'] }, 'a', object>>(
  q: Q,
  box: AsgBox,
  today: string,
  soon: string,
): Q {
  switch (box) {
    case 'todo':
      return q.where('a.state', '=', 'pending') as Q;
    case 'doing':
      return q.where('a.state', '=', 'in_progress') as Q;
    case 'done':
      return q.where('a.state', 'in', ['done', 'returned']).where('a.role', '!=', 'info') as Q;
    case 'info':
      return q.where('a.state', '=', 'info') as Q;
    case 'overdue':
      return q.where('a.state', 'in', ['pending', 'in_progress']).where('a.deadline', '<', today) as Q;
    case 'due_soon':
      return q
        .where('a.state', 'in', ['pending', 'in_progress'])
        .where('a.deadline', '>=', today)
        .where('a.deadline', '<=', soon) as Q;
  }
}

function docFilters<Q extends SelectQueryBuilder<DB & { d: DB['incoming_documents'] }, 'd', object>>(
  q: Q,
  f: ListFilter,
): Q {
  let r = q;
  if (f.q) r = r.where('d.search_fold', 'like', `%${foldKey(f.q).replace(/[\\%_]/g, (m) => '\\' + m)}%`) as Q;
  if (f.from) r = r.where('d.arrival_date', '>=', f.from) as Q;
  if (f.to) r = r.where('d.arrival_date', '<=', f.to) as Q;
  if (f.docType) r = r.where('d.doc_type_code', '=', f.docType) as Q;
  if (f.urgency) r = r.where('d.urgency', '=', f.urgency) as Q;
  if (f.status) r = r.where('d.status', '=', f.status as DB['incoming_documents']['status']) as Q;
  if (f.registerId) r = r.where('d.register_id', '=', f.registerId) as Q;
  if (f.issuingOrgan)
    r = r.where('d.search_fold', 'like', `%${foldKey(f.issuingOrgan).replace(/[\\%_]/g, (m) => '\\' + m)}%`) as Q;
  return r;
}

export interface ListItem {
  id: string;
  arrivalNumber: number | null;
  arrivalYear: number | null;
  arrivalDate: string | null;
  number: string;
  notation: string;
  numberNotation: string;
  issuedDate: string;
  issuingOrganName: string;
  subject: string;
  typeName: string;
  urgency: string;
  confidentiality: string;
  status: string;
  source: string;
  deadline: string | null;
  overdue: boolean;
  assignment: { id: string; role: string; state: string } | null;
}

interface Row {
  id: string;
  arrival_number: number | null;
  arrival_year: number | null;
  arrival_date: string | null;
  number: string;
  notation: string;
  issued_date: string;
  issuing_organ_name: string;
  subject: string;
  type_name: string;
  urgency: string;
  confidentiality: string;
  status: string;
  deadline: string | null;
  source: string;
  asg_id?: string;
  asg_role?: string;
  asg_state?: string;
  asg_deadline?: string | null;
}

function toItem(r: Row, today: string): ListItem {
  const asg = r.asg_id ? { id: r.asg_id, role: r.asg_role!, state: r.asg_state! } : null;
  const deadline = asg ? (r.asg_deadline ?? null) : r.deadline;
  const open = asg
    ? asg.state === 'pending' || asg.state === 'in_progress'
    : r.status === 'in_progress' || r.status === 'pending_assignment';
  return {
    id: r.id,
    arrivalNumber: r.arrival_number,
    arrivalYear: r.arrival_year,
    arrivalDate: r.arrival_date,
    number: r.number,
    notation: r.notation,
    numberNotation: `${r.number}/${r.notation}`,
    issuedDate: r.issued_date,
    issuingOrganName: r.issuing_organ_name,
    subject: r.subject,
    typeName: r.type_name,
    urgency: r.urgency,
    confidentiality: r.confidentiality,
    status: r.status,
    source: r.source,
    deadline,
    overdue: open && deadline !== null && deadline < today,
    assignment: asg,
  };
}

export async function dueWindow(deps: Deps, organId: string, days = DUE_SOON_WORKING_DAYS) {
  const today = todayVN(deps.now());
  const cal = await organCalendar(deps.db, organId);
  return { today, soon: cal.addWorkingDays(today, days) };
}

export async function listIncoming(
  deps: Deps,
  p: Principal,
  f: ListFilter,
): Promise<{ items: ListItem[]; total: number; page: number; pageSize: number }> {
  const v = await viewerOf(deps.db, p);
  const { today, soon } = await dueWindow(deps, v.organId);
  const offset = (f.page - 1) * f.pageSize;
  const desc = f.order === 'desc';
  if (ASG_BOXES.has(f.box)) {
    // The inbox rows carry the document's confidentiality, so the count needs the documents only when filtering on them.
    const docFiltered = !!(
      f.q ||
      f.from ||
      f.to ||
      f.docType ||
      f.urgency ||
      f.status ||
      f.registerId ||
      f.issuingOrgan
    );
    const rowsOnly = () => {
      let q = deps.db
        .selectFrom('incoming_assignments as a')
        .where('a.organ_id', '=', v.organId)
        .where(mineWhere(v))
        .where('a.conf_rank', '<=', v.clearanceRank);
      q = boxWhere(q, f.box as AsgBox, today, soon);
      if (f.unitId) q = q.where('a.assignee_unit_id', '=', f.unitId);
      return q;
    };
    const withDocs = () => docFilters(rowsOnly().innerJoin('incoming_documents as d', 'd.id', 'a.document_id'), f);
    let q = withDocs().select([
      ...DOC_COLS,
      'a.id as asg_id',
      'a.role as asg_role',
      'a.state as asg_state',
      'a.deadline as asg_deadline',
    ]);
    if (f.q) q = q.orderBy(sql`d.search_text LIKE ${'%' + f.q.normalize('NFC').toLocaleLowerCase('vi') + '%'}`, 'desc');
    q =
      f.sort === 'arrival'
        ? q.orderBy('d.arrival_date', desc ? 'desc' : 'asc').orderBy('d.arrival_number', desc ? 'desc' : 'asc')
        : q
            .orderBy(sql`a.deadline ${sql.raw(desc ? 'DESC NULLS LAST' : 'ASC NULLS LAST')}`)
            .orderBy('a.id', desc ? 'desc' : 'asc');
    const counter = docFiltered ? withDocs() : rowsOnly();
    const [rows, count] = await Promise.all([
      q.limit(f.pageSize).offset(offset).execute(),
      counter.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: (rows as Row[]).map((r) => toItem(r, today)),
      total: Number(count.n),
      page: f.page,
      pageSize: f.pageSize,
    };
  }
  const base = () => {
    let q = deps.db
      .selectFrom('incoming_documents as d')
      .where('d.organ_id', '=', v.organId)
      .where('d.conf_rank', '<=', v.clearanceRank);
    if (f.box === 'pending_registration') q = q.where('d.status', '=', 'pending_registration');
    else if (f.box === 'register') q = q.where('d.status', '!=', 'pending_registration');
    {
      if (!v.isClerk) {
        // Not the clerk: only documents this person (or their unit) takes part in.
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('incoming_assignments as x')
              .select('x.id')
              .whereRef('x.document_id', '=', 'd.id')
              .where((e2) => {
                const ors = [e2('x.assignee_user_id', '=', v.userId), e2('x.assigned_by', '=', v.userId)];
                if (v.ledUnitIds.length) ors.push(e2('x.assignee_unit_id', 'in', v.ledUnitIds));
                return e2.or(ors);
              }),
          ),
        );
      }
    }
    if (f.track) q = q.where((eb) => trackWhere(eb, f, today, soon));
    else if (f.unitId)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('incoming_assignments as u')
            .select('u.id')
            .whereRef('u.document_id', '=', 'd.id')
            .where('u.assignee_unit_id', '=', f.unitId!)
            .where('u.role', 'in', ['lead', 'coordinate']),
        ),
      );
    return docFilters(q, f);
  };
  let q = base().select(DOC_COLS);
  if (f.q) q = q.orderBy(sql`d.search_text LIKE ${'%' + f.q.normalize('NFC').toLocaleLowerCase('vi') + '%'}`, 'desc');
  q =
    f.sort === 'deadline'
      ? q.orderBy(sql`d.deadline ${sql.raw(desc ? 'DESC NULLS LAST' : 'ASC NULLS LAST')}`)
      : q
          .orderBy('d.arrival_date', f.order === 'asc' ? 'asc' : 'desc')
          .orderBy('d.received_at', f.order === 'asc' ? 'asc' : 'desc');
  const [rows, count] = await Promise.all([
    q.limit(f.pageSize).offset(offset).execute(),
    base()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    items: (rows as Row[]).map((r) => toItem(r, today)),
    total: Number(count.n),
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** Menu counts (F1i): what waits for this user. */
export async function incomingCounts(deps: Deps, p: Principal) {
  const v = await viewerOf(deps.db, p);
  const { today, soon } = await dueWindow(deps, v.organId);
  const r = await deps.db
    .selectFrom('incoming_assignments as a')
    .where('a.organ_id', '=', v.organId)
    .where(mineWhere(v))
    .where('a.conf_rank', '<=', v.clearanceRank)
    .where('a.state', 'in', ['pending', 'in_progress', 'info'])
    .select([
      sql<string>`count(*) FILTER (WHERE a.state = 'pending')`.as('todo'),
      sql<string>`count(*) FILTER (WHERE a.state = 'in_progress')`.as('doing'),
      sql<string>`count(*) FILTER (WHERE a.state IN ('pending','in_progress') AND a.deadline < ${today})`.as('overdue'),
      sql<string>`count(*) FILTER (WHERE a.state IN ('pending','in_progress') AND a.deadline >= ${today} AND a.deadline <= ${soon})`.as(
        'due_soon',
      ),
      sql<string>`count(*) FILTER (WHERE a.state = 'info')`.as('info'),
    ])
    .executeTakeFirstOrThrow();
  let pending = 0;
  if (v.isClerk) {
    const c = await deps.db
      .selectFrom('incoming_documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organ_id', '=', v.organId)
      .where('status', '=', 'pending_registration')
      .where('conf_rank', '<=', v.clearanceRank)
      .executeTakeFirstOrThrow();
    pending = Number(c.n);
  }
  const out = {
    todo: Number(r.todo),
    doing: Number(r.doing),
    overdue: Number(r.overdue),
    dueSoon: Number(r.due_soon),
    info: Number(r.info),
    pendingRegistration: pending,
  };
  return { ...out, badge: out.todo + out.pendingRegistration };
}
