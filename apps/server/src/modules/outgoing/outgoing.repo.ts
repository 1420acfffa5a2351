/** Reads of the outgoing module: one document with everything its policy and its view need. */
import type { Selectable } from 'kysely';
import { isClearedFor, todayVN, type Confidentiality } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';
import type { Principal } from '../auth';
import { allowedActions, canSee, type DocFacts, type OutgoingAction } from './outgoing.policy';
import { err, type DocStatus } from './outgoing.model';
import type { OutgoingDocsTable, OutgoingStepsTable, OutgoingRecipientsTable } from './outgoing.tables';

export type DocRow = Selectable<OutgoingDocsTable>;
export type StepRow = Selectable<OutgoingStepsTable>;
export type RecipientRow = Selectable<OutgoingRecipientsTable>;

export interface LoadedDoc {
  doc: DocRow;
  steps: StepRow[];
  recipients: RecipientRow[];
  facts: DocFacts;
  actions: OutgoingAction[];
  /** Delegations in force from the active step's actor: delegate id → delegation. */
  activeDelegations: Map<string, { id: string; rank: string }>;
}

export const notFoundDoc = () => err('not_found', 404, 'Không tìm thấy văn bản đi.');

/**
 * Delegations in force today from `fromUserId` (direct only: a delegation is never delegated again), with the
 * delegate's clearance: a delegation never lends the delegator's clearance (issue 10, hole 2).
 */
export async function delegationsFrom(db: DbOrTrx, organId: string, fromUserId: string, today: string) {
  return db
    .selectFrom('delegations')
    .innerJoin('users', 'users.id', 'delegations.to_user_id')
    .select(['delegations.id', 'delegations.to_user_id', 'delegations.rank', 'users.clearance'])
    .where('delegations.organ_id', '=', organId)
    .where('delegations.from_user_id', '=', fromUserId)
    .where('delegations.revoked_at', 'is', null)
    .where('delegations.starts_on', '<=', today)
    .where('delegations.ends_on', '>=', today)
    .execute();
}

export async function loadDoc(
  db: DbOrTrx,
  p: Principal,
  id: string,
  now: Date,
  opts: { forUpdate?: boolean } = {},
): Promise<LoadedDoc> {
  let q = db.selectFrom('outgoing_docs').selectAll().where('id', '=', id).where('organ_id', '=', p.organId);
  if (opts.forUpdate) q = q.forUpdate();
  const doc = await q.executeTakeFirst();
  if (!doc) throw notFoundDoc();
  const [steps, recipients] = await Promise.all([
    db.selectFrom('outgoing_steps').selectAll().where('outgoing_id', '=', id).orderBy('ord').execute(),
    db.selectFrom('outgoing_recipients').selectAll().where('outgoing_id', '=', id).execute(),
  ]);
  const active = steps.find((s) => s.state === 'active');
  const activeDelegations = new Map<string, { id: string; rank: string }>();
  if (active && doc.status === 'in_review') {
    for (const d of await delegationsFrom(db, doc.organ_id, active.actor_id, todayVN(now))) {
      // A delegate without the document's clearance neither sees it nor acts on it through the delegation.
      if (isClearedFor(d.clearance as Confidentiality, doc.confidentiality as Confidentiality))
        activeDelegations.set(d.to_user_id, { id: d.id, rank: d.rank });
    }
  }
  const facts: DocFacts = {
    organId: doc.organ_id,
    drafterId: doc.drafter_id,
    draftingUnitId: doc.drafting_unit_id,
    signerId: doc.signer_id,
    confidentiality: doc.confidentiality as Confidentiality,
    status: doc.status as DocStatus,
    routeActorIds: [...steps.map((s) => s.actor_id), ...activeDelegations.keys()],
    activeActorIds: active && doc.status === 'in_review' ? [active.actor_id, ...activeDelegations.keys()] : [],
    recipientUnitIds: recipients
      .filter((r) => r.kind === 'internal' && r.unit_id && r.status !== 'withdrawn')
      .map((r) => r.unit_id!),
    numbered: doc.number_notation !== null,
  };
  if (!canSee(p, facts)) throw notFoundDoc();
  return { doc, steps, recipients, facts, actions: allowedActions(p, facts), activeDelegations };
}

export function requireAction(
  l: LoadedDoc,
  action: OutgoingAction,
  message = 'Bạn không có quyền thực hiện thao tác này với văn bản.',
): void {
  if (!l.actions.includes(action)) throw err('forbidden', 403, message);
}

export async function userNames(db: DbOrTrx, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const list = [...new Set(ids.filter((x): x is string => !!x))];
  if (list.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}
