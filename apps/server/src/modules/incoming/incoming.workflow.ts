import type { Selectable } from 'kysely';
import { todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { Trx } from '../../db/database';
import { AppError, badRequest } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { organCalendar } from '../calendar';
import { notify, unitHeads } from '../notify';
import { findIssuedAnswer } from './incoming.answers';
import { loadVisible } from './incoming.docs';
import { emitStatus } from './incoming.events';
import { can, OPEN, targetFor, type AsgFacts, type DocFacts, type Viewer } from './incoming.policy';
import { createPresent, resolveParty, type Party } from './incoming.present';
import type { IncomingDocumentsTable } from './incoming.tables';
import { addTrace } from './incoming.trace';
import { viewerOf } from './incoming.viewer';

type DocRow = Selectable<IncomingDocumentsTable>;
interface Ctx {
  trx: Trx;
  v: Viewer;
  doc: DocRow;
  facts: DocFacts;
  now: Date;
  actor: Actor;
}

const notAllowed = () =>
  new AppError('incoming.not_allowed', 403, 'Bạn không thể thực hiện thao tác này với văn bản ở trạng thái hiện tại.');

/** One transaction per action: the document row is locked, visibility checked (404), then the action runs. */
async function act<T>(deps: Deps, p: Principal, actor: Actor, id: string, fn: (c: Ctx) => Promise<T>): Promise<T> {
  const v = await viewerOf(deps.db, p);
  return deps.db.transaction().execute(async (trx) => {
    const { doc, facts } = await loadVisible(trx, v, id, { lock: true });
    return fn({ trx, v, doc, facts, now: deps.now(), actor });
  });
}

function need(c: Ctx, action: Parameters<typeof targetFor>[2]): AsgFacts {
  const t = targetFor(c.v, c.facts, action);
  if (!t) throw notAllowed();
  return t;
}

async function deadlineOf(
  c: Ctx,
  d: { workingDays: number } | { date: string } | null | undefined,
): Promise<string | null> {
  if (!d) return null;
  if ('date' in d) return d.date;
  const cal = await organCalendar(c.trx, c.v.organId);
  return cal.addWorkingDays(todayVN(c.now), d.workingDays);
}

async function attachFiles(c: Ctx, fileIds: string[]): Promise<void> {
  if (!fileIds.length) return;
  const owned = await c.trx
    .selectFrom('files')
    .select('id')
    .where('id', 'in', fileIds)
    .where('organ_id', '=', c.v.organId)
    .where('uploaded_by', '=', c.v.userId)
    .execute();
  if (owned.length !== new Set(fileIds).size)
    throw badRequest('incoming.bad_file', 'Tệp đính kèm không hợp lệ (chỉ đính kèm tệp do chính bạn tải lên).');
  await c.trx
    .insertInto('incoming_files')
    .values(
      fileIds.map((f, i) => ({
        document_id: c.doc.id,
        file_id: f,
        kind: 'progress' as const,
        sort_order: 100 + i,
        added_by: c.v.userId,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

const setRow = (c: Ctx, id: string, state: AsgFacts['state'], note?: string | null) =>
  c.trx
    .updateTable('incoming_assignments')
    .set({
      state,
      updated_at: c.now,
      ...(state === 'done' || state === 'returned' ? { done_at: c.now } : {}),
      ...(note !== undefined ? { note } : {}),
    })
    .where('id', '=', id)
    .execute();

const link = (id: string) => `/incoming/doc/${id}`;

export async function present(deps: Deps, p: Principal, actor: Actor, id: string, to: Party & { note?: string }) {
  return act(deps, p, actor, id, async (c) => {
    if (!can(c.v, c.facts).present) throw notAllowed();
    await createPresent(
      c.trx,
      actor,
      { id, organId: c.v.organId, confRank: c.doc.conf_rank, subject: c.doc.subject },
      to,
      c.now,
    );
    await recordAudit(c.trx, actor, {
      action: 'incoming.present',
      entityType: 'incoming_document',
      entityId: id,
      summary: `Trình văn bản số đến ${c.doc.arrival_number}`,
      after: to,
    });
  });
}

export interface AssignInput {
  direction: string;
  lead: Party;
  coordinate: Party[];
  info: Party[];
  deadline?: { workingDays: number } | { date: string } | null;
}

/** The leader's direction (bút phê): one lead, coordinators, people for information, a deadline. */
export async function assign(deps: Deps, p: Principal, actor: Actor, id: string, input: AssignInput) {
  return act(deps, p, actor, id, async (c) => {
    const target = need(c, 'assign');
    const deadline = (await deadlineOf(c, input.deadline)) ?? c.doc.deadline;
    const key = (x: Party) => x.userId ?? x.unitId;
    const all = [input.lead, ...input.coordinate, ...input.info].map(key);
    if (new Set(all).size !== all.length)
      throw badRequest('incoming.assignee_twice', 'Một người hoặc đơn vị chỉ được giao một vai trò.');
    const names: Record<'lead' | 'coordinate' | 'info', string[]> = { lead: [], coordinate: [], info: [] };
    for (const [role, parties] of [
      ['lead', [input.lead]],
      ['coordinate', input.coordinate],
      ['info', input.info],
    ] as const) {
      for (const party of parties) {
        const r = await resolveParty(c.trx, c.v.organId, party, c.doc.conf_rank);
        names[role].push(r.name);
        await c.trx
          .insertInto('incoming_assignments')
          .values({
            organ_id: c.v.organId,
            document_id: id,
            parent_id: target.id,
            role,
            is_top: true,
            assignee_user_id: r.userId,
            assignee_unit_id: r.unitId,
            assigned_by: c.v.userId,
            direction: input.direction || null,
            deadline: role === 'info' ? null : deadline,
            state: role === 'info' ? 'info' : 'pending',
            conf_rank: c.doc.conf_rank,
            note: null,
            done_at: null,
          })
          .execute();
        const title =
          role === 'lead'
            ? 'Được giao chủ trì xử lý văn bản'
            : role === 'coordinate'
              ? 'Được giao phối hợp xử lý văn bản'
              : 'Văn bản gửi để biết';
        await notify(c.trx, {
          organId: c.v.organId,
          userIds: r.notifyIds,
          kind: `incoming.assigned.${role}`,
          title,
          body: c.doc.subject,
          link: link(id),
        });
      }
    }
    await setRow(c, target.id, 'done');
    await c.trx
      .updateTable('incoming_documents')
      .set({ status: 'in_progress', deadline, updated_at: c.now })
      .where('id', '=', id)
      .execute();
    await addTrace(
      c.trx,
      actor,
      id,
      'assigned',
      input.direction || null,
      { lead: names.lead, coordinate: names.coordinate, info: names.info, deadline },
      c.now,
    );
    await emitStatus(c.trx, c.doc.source, {
      organId: c.v.organId,
      documentId: id,
      code: '04',
      description: `Đã phân công: chủ trì ${names.lead.join(', ')}`,
      actorName: actor.name,
      at: c.now,
    });
    await recordAudit(c.trx, actor, {
      action: 'incoming.assign',
      entityType: 'incoming_document',
      entityId: id,
      summary: `Phân công xử lý văn bản số đến ${c.doc.arrival_number}`,
      after: { ...names, deadline, direction: input.direction },
    });
    return { deadline };
  });
}

export interface ReassignInput {
  direction: string;
  lead?: string;
  coordinate: string[];
  info: string[];
  deadline?: { workingDays: number } | { date: string } | null;
}

/** The unit head hands the unit's part to people of the unit. */
export async function reassign(deps: Deps, p: Principal, actor: Actor, id: string, input: ReassignInput) {
  return act(deps, p, actor, id, async (c) => {
    const parent = need(c, 'reassign');
    const parentRow = await c.trx
      .selectFrom('incoming_assignments')
      .select(['deadline', 'role'])
      .where('id', '=', parent.id)
      .executeTakeFirstOrThrow();
    const deadline = (await deadlineOf(c, input.deadline)) ?? parentRow.deadline;
    const people = [...(input.lead ? [input.lead] : []), ...input.coordinate, ...input.info];
    if (!people.length) throw badRequest('incoming.no_assignee', 'Chưa chọn người xử lý.');
    if (new Set(people).size !== people.length)
      throw badRequest('incoming.assignee_twice', 'Một người chỉ được giao một vai trò.');
    const members = await c.trx
      .selectFrom('memberships')
      .select('user_id')
      .where('unit_id', '=', parent.unitId!)
      .where('ended_at', 'is', null)
      .where('user_id', 'in', people)
      .execute();
    if (new Set(members.map((m) => m.user_id)).size !== people.length)
      throw badRequest('incoming.bad_assignee', 'Chỉ giao cho cán bộ thuộc đơn vị.');
    const names: string[] = [];
    const rows: [string, 'lead' | 'coordinate' | 'info'][] = [
      ...(input.lead
        ? [[input.lead, parentRow.role === 'lead' ? 'lead' : 'coordinate'] as [string, 'lead' | 'coordinate']]
        : []),
      ...input.coordinate.map((u) => [u, 'coordinate'] as [string, 'coordinate']),
      ...input.info.map((u) => [u, 'info'] as [string, 'info']),
    ];
    for (const [userId, role] of rows) {
      const r = await resolveParty(c.trx, c.v.organId, { userId }, c.doc.conf_rank);
      names.push(`${r.name} (${role === 'lead' ? 'chủ trì' : role === 'coordinate' ? 'phối hợp' : 'để biết'})`);
      await c.trx
        .insertInto('incoming_assignments')
        .values({
          organ_id: c.v.organId,
          document_id: id,
          parent_id: parent.id,
          role,
          is_top: false,
          assignee_user_id: userId,
          assignee_unit_id: parent.unitId,
          assigned_by: c.v.userId,
          direction: input.direction || null,
          deadline: role === 'info' ? null : deadline,
          state: role === 'info' ? 'info' : 'pending',
          conf_rank: c.doc.conf_rank,
          note: null,
          done_at: null,
        })
        .execute();
      await notify(c.trx, {
        organId: c.v.organId,
        userIds: [userId],
        kind: `incoming.assigned.${role}`,
        title: role === 'info' ? 'Văn bản gửi để biết' : 'Được giao xử lý văn bản',
        body: c.doc.subject,
        link: link(id),
      });
    }
    await setRow(c, parent.id, 'in_progress');
    await addTrace(c.trx, actor, id, 'reassigned', input.direction || null, { to: names, deadline }, c.now);
    await emitStatus(c.trx, c.doc.source, {
      organId: c.v.organId,
      documentId: id,
      code: '05',
      description: `Đang xử lý: giao ${names.join(', ')}`,
      actorName: actor.name,
      at: c.now,
    });
    await recordAudit(c.trx, actor, {
      action: 'incoming.reassign',
      entityType: 'incoming_document',
      entityId: id,
      summary: `Giao xử lý trong đơn vị văn bản số đến ${c.doc.arrival_number}`,
      after: { names, deadline },
    });
  });
}

export async function progress(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { note: string; fileIds: string[] },
) {
  return act(deps, p, actor, id, async (c) => {
    const row = need(c, 'progress');
    await attachFiles(c, input.fileIds);
    if (row.state === 'pending') await setRow(c, row.id, 'in_progress');
    await addTrace(
      c.trx,
      actor,
      id,
      'progress',
      input.note,
      input.fileIds.length ? { fileIds: input.fileIds } : undefined,
      c.now,
    );
    if (row.state === 'pending')
      await emitStatus(c.trx, c.doc.source, {
        organId: c.v.organId,
        documentId: id,
        code: '05',
        description: 'Đang xử lý',
        actorName: actor.name,
        at: c.now,
      });
    await recordAudit(c.trx, actor, {
      action: 'incoming.progress',
      entityType: 'incoming_document',
      entityId: id,
      summary: `Cập nhật tiến độ văn bản số đến ${c.doc.arrival_number}`,
    });
  });
}

/** Closes a row and, going up, each unit row left with no open child. */
async function closeUp(c: Ctx, row: AsgFacts, note: string | null) {
  await setRow(c, row.id, 'done', note);
  let parentId = row.parentId;
  const closed = new Set([row.id]);
  while (parentId) {
    const parent = c.facts.assignments.find((a) => a.id === parentId);
    if (!parent || parent.role === 'present' || !OPEN.has(parent.state)) break;
    const openKids = c.facts.assignments.some(
      (a) => a.parentId === parent.id && OPEN.has(a.state) && !closed.has(a.id),
    );
    if (openKids) break;
    await setRow(c, parent.id, 'done');
    closed.add(parent.id);
    parentId = parent.parentId;
  }
}

export async function contribute(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { note: string; fileIds: string[] },
) {
  return act(deps, p, actor, id, async (c) => {
    const row = need(c, 'contribute');
    await attachFiles(c, input.fileIds);
    await closeUp(c, row, input.note);
    await addTrace(
      c.trx,
      actor,
      id,
      'contributed',
      input.note,
      input.fileIds.length ? { fileIds: input.fileIds } : undefined,
      c.now,
    );
    await recordAudit(c.trx, actor, {
      action: 'incoming.contribute',
      entityType: 'incoming_document',
      entityId: id,
      summary: `Ý kiến phối hợp văn bản số đến ${c.doc.arrival_number}`,
    });
  });
}

const answerNotFound = () =>
  badRequest(
    'incoming.answer_not_found',
    'Không tìm thấy văn bản đi trả lời: chọn một văn bản đi đã phát hành của cơ quan mà bạn được xem, hoặc ghi số, ký hiệu văn bản trả lời nếu văn bản ở ngoài hệ thống.',
    {
      fields: [{ path: 'answerOutgoingId', message: 'Văn bản đi này chưa phát hành hoặc bạn không được xem.' }],
    },
  );

/**
 * The lead closes the document, optionally naming its answer: an issued outgoing document of the organ the user may see
 * (checked through the outgoing module; its number becomes the answer reference) or, for one outside the system, its number as text.
 */
export async function complete(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: { note: string; answerOutgoingId?: string; answerRef?: string; fileIds: string[] },
) {
  return act(deps, p, actor, id, async (c) => {
    const row = need(c, 'complete');
    const answer = input.answerOutgoingId ? await findIssuedAnswer(c.trx, p, input.answerOutgoingId, c.now) : null;
    if (input.answerOutgoingId && !answer) throw answerNotFound();
    const answerRef = answer?.numberNotation ?? input.answerRef ?? null;
    await attachFiles(c, input.fileIds);
    await closeUp(c, row, input.note || null);
    // The document is done: rows still open (coordination not given, unit rows) are closed with it.
    await c.trx
      .updateTable('incoming_assignments')
      .set({ state: 'done', done_at: c.now, updated_at: c.now })
      .where('document_id', '=', id)
      .where('state', 'in', ['pending', 'in_progress'])
      .execute();
    await c.trx
      .updateTable('incoming_documents')
      .set({
        status: 'done',
        completed_at: c.now,
        completed_by: c.v.userId,
        completion_note: input.note || null,
        answer_outgoing_id: answer?.id ?? null,
        answer_ref: answerRef,
        updated_at: c.now,
      })
      .where('id', '=', id)
      .execute();
    await addTrace(
      c.trx,
      actor,
      id,
      'completed',
      input.note || null,
      { answerOutgoingId: answer?.id ?? null, answerRef },
      c.now,
    );
    const assigners = c.facts.assignments
      .filter((a) => a.assignedBy && a.assignedBy !== c.v.userId)
      .map((a) => a.assignedBy!);
    await notify(c.trx, {
      organId: c.v.organId,
      userIds: assigners,
      kind: 'incoming.completed',
      title: 'Văn bản đến đã hoàn thành xử lý',
      body: c.doc.subject,
      link: link(id),
    });
    await emitStatus(c.trx, c.doc.source, {
      organId: c.v.organId,
      documentId: id,
      code: '06',
      description: [
        input.note ? `Hoàn thành: ${input.note}` : 'Hoàn thành',
        answerRef ? `văn bản trả lời ${answerRef}` : '',
      ]
        .filter(Boolean)
        .join('; '),
      actorName: actor.name,
      at: c.now,
    });
    await recordAudit(c.trx, actor, {
      action: 'incoming.complete',
      entityType: 'incoming_document',
      entityId: id,
      summary: `Hoàn thành xử lý văn bản số đến ${c.doc.arrival_number}`,
      after: { note: input.note, answerOutgoingId: answer?.id ?? null, answerRef },
    });
  });
}

/** Anyone holding an open row sends it back up with a reason: to the unit head, the leader, or the clerk. */
export async function returnUp(deps: Deps, p: Principal, actor: Actor, id: string, reason: string) {
  return act(deps, p, actor, id, async (c) => {
    const row = need(c, 'return');
    const parent = row.parentId ? c.facts.assignments.find((a) => a.id === row.parentId) : undefined;
    await setRow(c, row.id, 'returned', reason);
    let to: string[] = [];
    if (row.role === 'present') {
      to = row.assignedBy ? [row.assignedBy] : [];
    } else if (parent?.role === 'present' && row.role === 'lead') {
      // The lead refuses: the whole assignment goes back to the leader who gave it.
      await c.trx
        .updateTable('incoming_assignments')
        .set({ state: 'returned', done_at: c.now, updated_at: c.now })
        .where('parent_id', '=', parent.id)
        .where('state', 'in', ['pending', 'in_progress', 'info'])
        .execute();
      await setRow(c, parent.id, 'pending');
      await c.trx
        .updateTable('incoming_documents')
        .set({ status: 'pending_assignment', updated_at: c.now })
        .where('id', '=', id)
        .execute();
      to = parent.userId ? [parent.userId] : await unitHeads(c.trx, parent.unitId!);
    } else if (parent && parent.role !== 'present') {
      const othersOpen = c.facts.assignments.some(
        (a) => a.parentId === parent.id && a.id !== row.id && OPEN.has(a.state),
      );
      if (!othersOpen) await setRow(c, parent.id, 'pending');
      to = parent.userId ? [parent.userId] : await unitHeads(c.trx, parent.unitId!);
    } else {
      to = row.assignedBy ? [row.assignedBy] : [];
    }
    await notify(c.trx, {
      organId: c.v.organId,
      userIds: to.filter((u) => u !== c.v.userId),
      kind: 'incoming.returned',
      title: 'Văn bản đến bị trả lại',
      body: `${c.doc.subject} — Lý do: ${reason}`,
      link: link(id),
    });
    await addTrace(c.trx, actor, id, 'returned', reason, { role: row.role }, c.now);
    await recordAudit(c.trx, actor, {
      action: 'incoming.return',
      entityType: 'incoming_document',
      entityId: id,
      summary: `Trả lại văn bản số đến ${c.doc.arrival_number}`,
      after: { reason },
    });
  });
}
