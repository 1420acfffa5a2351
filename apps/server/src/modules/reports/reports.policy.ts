import type { Principal } from '../auth';

/** Who opens the dashboard: leaders, the office and the văn thư (its numbers are what each of them may open anyway). */
export const canSeeDashboard = (p: Principal): boolean =>
  ['organ_leader', 'office_chief', 'unit_leader', 'clerk'].some((r) => p.roles.has(r as never));
