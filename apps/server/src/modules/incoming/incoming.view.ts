import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { loadVisible } from './incoming.docs';
import { can } from './incoming.policy';
import { traceOf } from './incoming.trace';
import { viewerOf } from './incoming.viewer';
import { todayVN } from '@vanthu/vn';

/** The document page: metadata, files, the assignment tree with each assignee's state, the timeline and what this user may do. */
export async function getDocument(deps: Deps, p: Principal, id: string) {
  const v = await viewerOf(deps.db, p);
  const { doc, facts } = await loadVisible(deps.db, v, id);
  const [files, rows, trace, register] = await Promise.all([
    deps.db
      .selectFrom('incoming_files as f')
      .innerJoin('files', 'files.id', 'f.file_id')
      .select(['files.id', 'files.name', 'files.mime', 'files.size', 'files.sha256', 'f.kind'])
      .where('f.document_id', '=', id)
      .orderBy('f.sort_order')
      .execute(),
    deps.db
      .selectFrom('incoming_assignments as a')
      .leftJoin('users as u', 'u.id', 'a.assignee_user_id')
      .leftJoin('units as n', 'n.id', 'a.assignee_unit_id')
      .leftJoin('users as b', 'b.id', 'a.assigned_by')
      .select([
        'a.id',
        'a.parent_id',
        'a.role',
        'a.state',
        'a.assignee_user_id',
        'a.assignee_unit_id',
        'u.full_name as user_name',
        'n.name as unit_name',
        'b.full_name as by_name',
        'a.direction',
        'a.deadline',
        'a.note',
        'a.created_at',
        'a.done_at',
      ])
      .where('a.document_id', '=', id)
      .orderBy('a.created_at')
      .execute(),
    traceOf(deps.db, id),
    doc.register_id
      ? deps.db
          .selectFrom('registers')
          .select(['id', 'name', 'code'])
          .where('id', '=', doc.register_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const today = todayVN(deps.now());
  return {
    id: doc.id,
    status: doc.status,
    source: doc.source,
    sourceInfo: (doc.source_info ?? null) as Record<string, unknown> | null,
    register: register ? { id: register.id, name: register.name, code: register.code } : null,
    arrivalNumber: doc.arrival_number,
    arrivalYear: doc.arrival_year,
    arrivalDate: doc.arrival_date,
    docTypeCode: doc.doc_type_code,
    typeName: doc.type_name,
    number: doc.number,
    notation: doc.notation,
    numberNotation: `${doc.number}/${doc.notation}`,
    issuedDate: doc.issued_date,
    issuingOrganId: doc.issuing_organ_id,
    issuingOrganCode: doc.issuing_organ_code,
    issuingOrganName: doc.issuing_organ_name,
    subject: doc.subject,
    signerPosition: doc.signer_position,
    signerName: doc.signer_name,
    urgency: doc.urgency,
    confidentiality: doc.confidentiality,
    pageCount: doc.page_count,
    recipients: doc.recipients,
    description: doc.description,
    language: doc.language,
    documentIdentifier: doc.document_identifier,
    deadline: doc.deadline,
    overdue:
      (doc.status === 'in_progress' || doc.status === 'pending_assignment') && !!doc.deadline && doc.deadline < today,
    completedAt: doc.completed_at?.toISOString() ?? null,
    completionNote: doc.completion_note,
    answerOutgoingId: doc.answer_outgoing_id,
    answerRef: doc.answer_ref,
    returnedReason: doc.returned_reason,
    // damaged: why the stored bytes may not be served (fixity, issue 16), or null
    files: await Promise.all(
      files.map(async (f) => ({
        id: f.id,
        name: f.name,
        mime: f.mime,
        size: Number(f.size),
        kind: f.kind,
        url: `/api/incoming/${id}/files/${f.id}`,
        damaged: (await deps.blobs.damage?.(f.sha256)) ?? null,
      })),
    ),
    assignments: rows.map((a) => ({
      id: a.id,
      parentId: a.parent_id,
      role: a.role,
      state: a.state,
      userId: a.assignee_user_id,
      unitId: a.assignee_unit_id,
      assignee: a.user_name ?? a.unit_name ?? '',
      unitName: a.unit_name,
      assignedBy: a.by_name,
      direction: a.direction,
      deadline: a.deadline,
      note: a.note,
      createdAt: a.created_at.toISOString(),
      doneAt: a.done_at?.toISOString() ?? null,
      overdue: (a.state === 'pending' || a.state === 'in_progress') && !!a.deadline && a.deadline < today,
    })),
    trace,
    can: can(v, facts),
  };
}

/** A file of a document the viewer may see (404 otherwise). */
export async function documentFile(deps: Deps, p: Principal, id: string, fileId: string) {
  const v = await viewerOf(deps.db, p);
  await loadVisible(deps.db, v, id);
  const f = await deps.db
    .selectFrom('incoming_files as i')
    .innerJoin('files', 'files.id', 'i.file_id')
    .select(['files.sha256', 'files.name', 'files.mime'])
    .where('i.document_id', '=', id)
    .where('i.file_id', '=', fileId)
    .executeTakeFirst();
  return f ?? null;
}
