import { addDays, todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { listIncoming, TRACKS, type ListFilter, type Track } from '../incoming';
import { readDeps } from './reports.read';

export type Counts = Record<Track, number>;
export interface UnitRow {
  unitId: string | null;
  unitName: string;
  counts: Counts;
}
export interface Bucket {
  label: string;
  from: string;
  to: string;
  received: number;
}
export interface OldItem {
  id: string;
  numberNotation: string;
  subject: string;
  deadline: string | null;
  issuingOrganName: string;
}
export interface Dashboard {
  today: string;
  total: Counts;
  units: UnitRow[];
  weeks: Bucket[];
  months: Bucket[];
  oldestOverdue: OldItem[];
}

/**
 * The leader dashboard. Every number is the `total` of the incoming list it links to (GET /api/incoming with
 * box=search and the same track/unitId/from/to), computed by that very list query: permission-aware (what the
 * viewer may open, up to their clearance) and organ-scoped by construction.
 */
export async function dashboard(deps0: Deps, p: Principal): Promise<Dashboard> {
  const deps = readDeps(deps0);
  const today = todayVN(deps.now());
  const count = async (f: Partial<ListFilter>) =>
    (await listIncoming(deps, p, { box: 'search', page: 1, pageSize: 1, ...f })).total;
  const countsOf = async (unitId?: string): Promise<Counts> => {
    const n = await Promise.all(TRACKS.map((track) => count({ track, unitId })));
    return Object.fromEntries(TRACKS.map((t, i) => [t, n[i]!])) as Counts;
  };
  const unitRows = await deps.db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('organ_id', '=', p.organId)
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
  const total = await countsOf();
  const units: UnitRow[] = [];
  for (const u of unitRows) {
    const counts = await countsOf(u.id);
    if (counts.received > 0) units.push({ unitId: u.id, unitName: u.name, counts });
  }
  // Weeks start on Monday; the last 8 weeks and the last 6 months, by arrival date.
  const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(today, -dow);
  const weeks: Bucket[] = [];
  for (let i = 7; i >= 0; i--) {
    const from = addDays(monday, -7 * i);
    const to = addDays(from, 6);
    weeks.push({ label: `${from.slice(8, 10)}/${from.slice(5, 7)}`, from, to, received: await count({ from, to }) });
  }
  const months: Bucket[] = [];
  const [y, m] = today.split('-').map(Number) as [number, number];
  for (let i = 5; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    const from = d.toISOString().slice(0, 10);
    const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    months.push({ label: `${from.slice(5, 7)}/${from.slice(0, 4)}`, from, to, received: await count({ from, to }) });
  }
  const old = await listIncoming(deps, p, {
    box: 'search',
    track: 'overdue',
    sort: 'deadline',
    order: 'asc',
    page: 1,
    pageSize: 5,
  });
  const oldestOverdue = old.items.map((d) => ({
    id: d.id,
    numberNotation: d.numberNotation,
    subject: d.subject,
    deadline: d.deadline,
    issuingOrganName: d.issuingOrganName,
  }));
  return { today, total, units, weeks, months, oldestOverdue };
}
