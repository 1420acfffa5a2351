import { sql } from 'kysely';
import { CONFIDENTIALITY } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';
import type { Principal } from '../auth';
import type { Viewer } from './incoming.policy';

export async function viewerOf(db: DbOrTrx, p: Principal): Promise<Viewer> {
  const led = p.roles.has('unit_leader')
    ? await db
        .selectFrom('memberships')
        .select('unit_id')
        .where('user_id', '=', p.userId)
        .where('ended_at', 'is', null)
        .where(sql<boolean>`'unit_leader' = ANY(roles)`)
        .execute()
    : [];
  return {
    userId: p.userId,
    organId: p.organId,
    clearanceRank: CONFIDENTIALITY[p.clearance].rank,
    isClerk: p.roles.has('clerk'),
    ledUnitIds: led.map((r) => r.unit_id),
  };
}
