import { sql } from 'kysely';
import { CONFIDENTIALITY, formatDate, todayVN, type Confidentiality } from '@vanthu/vn';
import type { Deps } from '../../deps';
import { forbidden } from '../../http/errors';
import type { Principal } from '../auth';
import { getRegister, registerFor } from '../registers';
import { viewerOf } from './incoming.viewer';

/** The 10 columns of the Sổ đăng ký văn bản đến (documents.md §5). */
export const REGISTER_COLUMNS = [
  'Ngày đến',
  'Số đến',
  'Tác giả',
  'Số, ký hiệu',
  'Ngày tháng',
  'Tên loại và trích yếu',
  'Đơn vị/người nhận',
  'Ngày chuyển',
  'Ký nhận',
  'Ghi chú',
] as const;

export interface RegisterBook {
  registerName: string;
  organName: string;
  from: string;
  to: string;
  rows: string[][];
}

export async function registerBook(
  deps: Deps,
  p: Principal,
  input: { registerId?: string; from: string; to: string },
): Promise<RegisterBook> {
  if (!p.roles.has('clerk') && !p.roles.has('organ_leader') && !p.roles.has('office_chief'))
    throw forbidden('Bạn không có quyền in sổ đăng ký văn bản đến.');
  const v = await viewerOf(deps.db, p);
  const reg = input.registerId
    ? await getRegister(deps.db, p.organId, input.registerId)
    : await registerFor(deps.db, p.organId, 'incoming', { confidential: false });
  if (reg.confidential && v.clearanceRank < 1) throw forbidden('Bạn không được cấp quyền xem sổ văn bản mật.');
  const organ = await deps.db.selectFrom('organs').select('name').where('id', '=', p.organId).executeTakeFirstOrThrow();
  const docs = await deps.db
    .selectFrom('incoming_documents as d')
    .select([
      'd.id',
      'd.arrival_date',
      'd.arrival_number',
      'd.issuing_organ_name',
      'd.number',
      'd.notation',
      'd.issued_date',
      'd.type_name',
      'd.subject',
      'd.description',
      'd.confidentiality',
      'd.status',
      'd.returned_reason',
    ])
    .select((eb) => [
      eb
        .selectFrom('incoming_assignments as a')
        .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
        .leftJoin('units as n', 'n.id', 'a.assignee_unit_id')
        .select(sql<string>`string_agg(coalesce(u.full_name, n.name), ', ' ORDER BY a.created_at)`.as('x'))
        .whereRef('a.document_id', '=', 'd.id')
        .where('a.role', '=', 'lead')
        .where('a.is_top', '=', true)
        .where('a.state', '!=', 'returned')
        .as('lead_names'),
      eb
        .selectFrom('incoming_assignments as a')
        .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
        .leftJoin('units as n', 'n.id', 'a.assignee_unit_id')
        .select(sql<string>`string_agg(coalesce(u.full_name, n.name), ', ' ORDER BY a.created_at)`.as('x'))
        .whereRef('a.document_id', '=', 'd.id')
        .where('a.role', '=', 'present')
        .as('present_names'),
      eb
        .selectFrom('incoming_assignments as a')
        .select(sql<Date>`min(a.created_at)`.as('x'))
        .whereRef('a.document_id', '=', 'd.id')
        .as('passed_at'),
    ])
    .where('d.organ_id', '=', p.organId)
    .where('d.register_id', '=', reg.id)
    .where('d.conf_rank', '<=', v.clearanceRank)
    .where('d.arrival_date', '>=', input.from)
    .where('d.arrival_date', '<=', input.to)
    .orderBy('d.arrival_year')
    .orderBy('d.arrival_number')
    .execute();
  const rows = docs.map((d) => [
    d.arrival_date ? formatDate(d.arrival_date) : '',
    String(d.arrival_number ?? ''),
    d.issuing_organ_name,
    `${d.number}/${d.notation}`,
    formatDate(d.issued_date),
    `${d.type_name}: ${d.subject}`,
    d.lead_names ?? d.present_names ?? '',
    d.passed_at ? formatDate(new Date(d.passed_at)) : '',
    '',
    [
      d.confidentiality !== 'thuong' ? (CONFIDENTIALITY[d.confidentiality as Confidentiality]?.label ?? '') : '',
      d.status === 'returned' ? `Trả lại: ${d.returned_reason ?? ''}` : '',
      d.description ?? '',
    ]
      .filter(Boolean)
      .join('; '),
  ]);
  return { registerName: reg.name, organName: organ.name, from: input.from, to: input.to, rows };
}

export interface HandlingRow {
  unitId: string | null;
  unitName: string;
  received: number;
  doneOnTime: number;
  doneLate: number;
  inProgress: number;
  overdue: number;
}

/** O2: handling of incoming documents per lead unit, for documents assigned in [from, to]. */
export async function handlingReport(
  deps: Deps,
  p: Principal,
  input: { from: string; to: string },
): Promise<{ from: string; to: string; rows: HandlingRow[]; total: HandlingRow }> {
  if (
    !p.roles.has('clerk') &&
    !p.roles.has('organ_leader') &&
    !p.roles.has('office_chief') &&
    !p.roles.has('unit_leader')
  )
    throw forbidden('Bạn không có quyền xem báo cáo này.');
  const v = await viewerOf(deps.db, p);
  const today = todayVN(deps.now());
  const fromTs = new Date(`${input.from}T00:00:00+07:00`);
  const toTs = new Date(new Date(`${input.to}T00:00:00+07:00`).getTime() + 86400_000);
  let q = deps.db
    .selectFrom('incoming_assignments as a')
    .leftJoin('units as n', 'n.id', 'a.assignee_unit_id')
    .where('a.organ_id', '=', p.organId)
    .where('a.is_top', '=', true)
    .where('a.role', '=', 'lead')
    .where('a.state', '!=', 'returned')
    .where('a.conf_rank', '<=', v.clearanceRank)
    .where('a.created_at', '>=', fromTs)
    .where('a.created_at', '<', toTs);
  // A unit head sees their own units only.
  if (!p.roles.has('clerk') && !p.roles.has('organ_leader') && !p.roles.has('office_chief'))
    q = q.where(
      'a.assignee_unit_id',
      'in',
      v.ledUnitIds.length ? v.ledUnitIds : ['00000000-0000-0000-0000-000000000000'],
    );
  const rows = await q
    .select([
      'a.assignee_unit_id as unit_id',
      sql<string>`coalesce(n.name, 'Không thuộc đơn vị')`.as('unit_name'),
      sql<string>`count(*)`.as('received'),
      sql<string>`count(*) FILTER (WHERE a.state = 'done' AND (a.deadline IS NULL OR (a.done_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date <= a.deadline))`.as(
        'done_on_time',
      ),
      sql<string>`count(*) FILTER (WHERE a.state = 'done' AND a.deadline IS NOT NULL AND (a.done_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > a.deadline)`.as(
        'done_late',
      ),
      sql<string>`count(*) FILTER (WHERE a.state IN ('pending','in_progress') AND (a.deadline IS NULL OR a.deadline >= ${today}))`.as(
        'in_progress',
      ),
      sql<string>`count(*) FILTER (WHERE a.state IN ('pending','in_progress') AND a.deadline < ${today})`.as('overdue'),
    ])
    .groupBy(['a.assignee_unit_id', 'n.name'])
    .orderBy('n.name')
    .execute();
  const out: HandlingRow[] = rows.map((r) => ({
    unitId: r.unit_id,
    unitName: r.unit_name,
    received: Number(r.received),
    doneOnTime: Number(r.done_on_time),
    doneLate: Number(r.done_late),
    inProgress: Number(r.in_progress),
    overdue: Number(r.overdue),
  }));
  const total = out.reduce(
    (t, r) => ({
      ...t,
      received: t.received + r.received,
      doneOnTime: t.doneOnTime + r.doneOnTime,
      doneLate: t.doneLate + r.doneLate,
      inProgress: t.inProgress + r.inProgress,
      overdue: t.overdue + r.overdue,
    }),
    {
      unitId: null,
      unitName: 'Tổng cộng',
      received: 0,
      doneOnTime: 0,
      doneLate: 0,
      inProgress: 0,
      overdue: 0,
    } as HandlingRow,
  );
  return { from: input.from, to: input.to, rows: out, total };
}
