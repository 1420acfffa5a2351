/** Lists and the detail view of outgoing documents, each with the actions the caller may take. */
import { todayVN, type Confidentiality } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { allowedActions, canSee, type DocFacts } from './outgoing.policy';
import type { DocStatus } from './outgoing.model';
import { loadDoc, notFoundDoc, userNames } from './outgoing.repo';
import { docTypeNames } from './outgoing.numbering';

export type Box = 'all' | 'mine' | 'todo' | 'to_issue' | 'issued' | 'received';

export async function listDocs(deps: Deps, p: Principal, box: Box) {
  const docs = await deps.db
    .selectFrom('outgoing_docs')
    .selectAll()
    .where('organ_id', '=', p.organId)
    .orderBy('updated_at', 'desc')
    .limit(500)
    .execute();
  if (docs.length === 0) return [];
  const ids = docs.map((d) => d.id);
  const [steps, recipients, delegations] = await Promise.all([
    deps.db
      .selectFrom('outgoing_steps')
      .select(['outgoing_id', 'actor_id', 'state', 'action'])
      .where('outgoing_id', 'in', ids)
      .execute(),
    deps.db
      .selectFrom('outgoing_recipients')
      .select(['outgoing_id', 'unit_id', 'kind', 'status'])
      .where('outgoing_id', 'in', ids)
      .execute(),
    deps.db
      .selectFrom('delegations')
      .select(['from_user_id'])
      .where('organ_id', '=', p.organId)
      .where('to_user_id', '=', p.userId)
      .where('revoked_at', 'is', null)
      .where('starts_on', '<=', todayVN(deps.now()))
      .where('ends_on', '>=', todayVN(deps.now()))
      .execute(),
  ]);
  const actingFor = new Set(delegations.map((d) => d.from_user_id));
  const typeName = await docTypeNames(deps.db, p.organId);
  const out = [];
  for (const d of docs) {
    const st = steps.filter((s) => s.outgoing_id === d.id);
    const active = d.status === 'in_review' ? st.find((s) => s.state === 'active') : undefined;
    const mineActive = !!active && (active.actor_id === p.userId || actingFor.has(active.actor_id));
    const facts: DocFacts = {
      organId: d.organ_id,
      drafterId: d.drafter_id,
      draftingUnitId: d.drafting_unit_id,
      signerId: d.signer_id,
      confidentiality: d.confidentiality as Confidentiality,
      status: d.status as DocStatus,
      routeActorIds: [...st.map((s) => s.actor_id), ...(mineActive ? [p.userId] : [])],
      activeActorIds: active ? [active.actor_id, ...(mineActive ? [p.userId] : [])] : [],
      recipientUnitIds: recipients
        .filter((r) => r.outgoing_id === d.id && r.kind === 'internal' && r.unit_id && r.status !== 'withdrawn')
        .map((r) => r.unit_id!),
    };
    if (!canSee(p, facts)) continue;
    const actions = allowedActions(p, facts);
    const include =
      box === 'all' ||
      (box === 'mine' && d.drafter_id === p.userId) ||
      (box === 'todo' &&
        (actions.includes('act') || (d.status === 'draft' && d.drafter_id === p.userId && d.return_to_ord !== null))) ||
      (box === 'to_issue' && actions.includes('issue')) ||
      (box === 'issued' && (d.status === 'issued' || d.status === 'recalled')) ||
      (box === 'received' && facts.recipientUnitIds.some((u) => p.unitIds.includes(u)));
    if (!include) continue;
    out.push({
      id: d.id,
      subject: d.subject,
      docType: d.doc_type,
      docTypeName: typeName(d.doc_type),
      status: d.status,
      urgency: d.urgency,
      confidentiality: d.confidentiality,
      numberNotation: d.number_notation,
      issuedDate: d.issued_date,
      activeStep: active ? { action: active.action, actorId: active.actor_id } : null,
      updatedAt: d.updated_at.toISOString(),
      actions,
    });
  }
  return out;
}

export async function getDocView(deps: Deps, p: Principal, id: string) {
  const l = await loadDoc(deps.db, p, id, deps.now());
  const db = deps.db;
  const [versions, comments, consultations, events, copies, recallRecords] = await Promise.all([
    db
      .selectFrom('outgoing_versions as v')
      .innerJoin('files as f', 'f.id', 'v.file_id')
      .select([
        'v.id',
        'v.kind',
        'v.version_no',
        'v.file_id',
        'v.uploaded_by',
        'v.created_at',
        'f.name',
        'f.mime',
        'f.sha256',
      ])
      .where('v.outgoing_id', '=', id)
      .orderBy('v.kind')
      .orderBy('v.version_no')
      .execute(),
    db.selectFrom('outgoing_comments').selectAll().where('outgoing_id', '=', id).orderBy('created_at').execute(),
    db
      .selectFrom('outgoing_consultations as c')
      .innerJoin('units as u', 'u.id', 'c.unit_id')
      .select([
        'c.id',
        'c.unit_id',
        'u.name as unit_name',
        'c.question',
        'c.answer',
        'c.answer_file_id',
        'c.answered_by',
        'c.answered_at',
      ])
      .where('c.outgoing_id', '=', id)
      .orderBy('c.created_at')
      .execute(),
    db.selectFrom('outgoing_step_events').selectAll().where('outgoing_id', '=', id).orderBy('created_at').execute(),
    db
      .selectFrom('outgoing_copies')
      .select(['id', 'form', 'number_notation', 'file_id'])
      .where('source_id', '=', id)
      .orderBy('created_at')
      .execute(),
    db
      .selectFrom('outgoing_recall_records')
      .select(['kind', 'reason', 'summary', 'created_at'])
      .where('outgoing_id', '=', id)
      .orderBy('created_at')
      .execute(),
  ]);
  const names = await userNames(db, [
    l.doc.drafter_id,
    l.doc.signer_id,
    l.doc.signed_by,
    ...l.steps.map((s) => s.actor_id),
    ...l.steps.map((s) => s.acted_by),
    ...comments.map((c) => c.author_id),
    ...events.map((e) => e.user_id),
    ...versions.map((v) => v.uploaded_by),
    ...consultations.map((c) => c.answered_by),
  ]);
  const unit = await db
    .selectFrom('units')
    .select('name')
    .where('id', '=', l.doc.drafting_unit_id)
    .executeTakeFirstOrThrow();
  const d = l.doc;
  const typeName = await docTypeNames(db, p.organId);
  return {
    id: d.id,
    subject: d.subject,
    docType: d.doc_type,
    docTypeName: typeName(d.doc_type),
    urgency: d.urgency,
    confidentiality: d.confidentiality,
    status: d.status,
    draftingUnitId: d.drafting_unit_id,
    draftingUnitName: unit.name,
    drafterId: d.drafter_id,
    drafterName: names.get(d.drafter_id) ?? '',
    signerId: d.signer_id,
    signerName: d.signer_id ? (names.get(d.signer_id) ?? '') : null,
    answersIncomingId: d.answers_incoming_id,
    numberNotation: d.number_notation,
    number: d.number,
    issuedDate: d.issued_date,
    signRank: d.sign_rank,
    signedByName: d.signed_by ? (names.get(d.signed_by) ?? null) : null,
    finalFileId: d.final_file_id,
    preparedFileId: d.prepared_file_id,
    signedFileId: d.signed_file_id,
    sealedFileId: d.sealed_file_id,
    recallKind: d.recall_kind,
    recallReason: d.recall_reason,
    emailRecipients: d.email_recipients,
    steps: l.steps.map((s) => ({
      ord: s.ord,
      action: s.action,
      actorId: s.actor_id,
      actorName: names.get(s.actor_id) ?? '',
      state: s.state,
      actedByName: s.acted_by ? (names.get(s.acted_by) ?? null) : null,
      actedAt: s.acted_at?.toISOString() ?? null,
    })),
    events: events.map((e) => ({
      ord: e.ord,
      action: e.action,
      decision: e.decision,
      userName: names.get(e.user_id) ?? '',
      target: e.target,
      comment: e.comment,
      at: e.created_at.toISOString(),
    })),
    versions: versions.map((v) => ({
      id: v.id,
      kind: v.kind,
      versionNo: v.version_no,
      fileId: v.file_id,
      name: v.name,
      mime: v.mime,
      sha256: v.sha256,
      uploadedByName: names.get(v.uploaded_by) ?? '',
      at: v.created_at.toISOString(),
    })),
    comments: comments.map((c) => ({
      id: c.id,
      versionId: c.version_id,
      authorName: names.get(c.author_id) ?? '',
      body: c.body,
      at: c.created_at.toISOString(),
    })),
    consultations: consultations.map((c) => ({
      id: c.id,
      unitId: c.unit_id,
      unitName: c.unit_name,
      question: c.question,
      answer: c.answer,
      answerFileId: c.answer_file_id,
      answeredByName: c.answered_by ? (names.get(c.answered_by) ?? null) : null,
    })),
    recipients: l.recipients.map((r) => ({
      id: r.id,
      kind: r.kind,
      unitId: r.unit_id,
      organCode: r.organ_code,
      name: r.name,
      status: r.status,
      incomingId: r.incoming_id,
      note: r.note,
    })),
    copies: copies.map((c) => ({ id: c.id, form: c.form, numberNotation: c.number_notation, fileId: c.file_id })),
    recallRecords: recallRecords.map((r) => ({
      kind: r.kind,
      reason: r.reason,
      summary: r.summary,
      at: r.created_at.toISOString(),
    })),
    actions: l.actions,
  };
}

/** A file of a document the caller can see (versions, final, prepared for signing, signed, sealed, copies, consultation answers). */
export async function docFile(deps: Deps, p: Principal, id: string, fileId: string) {
  const l = await loadDoc(deps.db, p, id, deps.now());
  const d = l.doc;
  const own = [d.final_file_id, d.prepared_file_id, d.signed_file_id, d.sealed_file_id].includes(fileId);
  const linked =
    own ||
    !!(await deps.db
      .selectFrom('outgoing_versions')
      .select('id')
      .where('outgoing_id', '=', id)
      .where('file_id', '=', fileId)
      .executeTakeFirst()) ||
    !!(await deps.db
      .selectFrom('outgoing_copies')
      .select('id')
      .where('source_id', '=', id)
      .where('file_id', '=', fileId)
      .executeTakeFirst()) ||
    !!(await deps.db
      .selectFrom('outgoing_consultations')
      .select('id')
      .where('outgoing_id', '=', id)
      .where('answer_file_id', '=', fileId)
      .executeTakeFirst());
  if (!linked) throw notFoundDoc();
  return deps.db
    .selectFrom('files')
    .select(['sha256', 'name', 'mime'])
    .where('id', '=', fileId)
    .where('organ_id', '=', p.organId)
    .executeTakeFirstOrThrow();
}
