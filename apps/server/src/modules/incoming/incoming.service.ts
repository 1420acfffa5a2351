import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../deps';
import type { Trx } from '../../db/database';
import { CommitBatcher } from './incoming.batch';
import { AppError, badRequest, conflict, forbidden } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import { discardStaged, recordFile } from '../blobs';
import { notify } from '../notify';
import { takeNumber } from '../registers';
import { loadVisible } from './incoming.docs';
import { emitStatus } from './incoming.events';
import {
  arrivalDateOf,
  chooseRegister,
  findDuplicates,
  prepareMeta,
  vnYear,
  type PreparedMeta,
  type StagedFile,
} from './incoming.prepare';
import { parseMeta, type IncomingMeta } from './incoming.schemas';
import { addTrace } from './incoming.trace';
import { viewerOf } from './incoming.viewer';
import { createPresent } from './incoming.present';

type Unit = (trx: Trx) => Promise<RegisterResult>;
const batchers = new WeakMap<Deps, CommitBatcher<Unit, RegisterResult>>();
/** Registrations of one register share group commits (see CommitBatcher). */
function batcherOf(deps: Deps): CommitBatcher<Unit, RegisterResult> {
  let b = batchers.get(deps);
  if (!b) batchers.set(deps, (b = new CommitBatcher<Unit, RegisterResult>(deps, (trx, unit) => unit(trx))));
  return b;
}

export interface RegisterResult {
  id: string;
  arrivalNumber: number;
  arrivalYear: number;
  registerId: string;
  registerName: string;
  duplicateOf: string[];
}

function requireClerk(p: Principal) {
  if (!p.roles.has('clerk')) throw forbidden('Chỉ văn thư được vào sổ văn bản đến.');
}

function checkClearance(confRank: number, clearanceRank: number) {
  if (confRank > clearanceRank)
    throw new AppError('incoming.clearance_exceeded', 403, 'Bạn không được cấp quyền tiếp cận văn bản ở độ mật này.');
}

const duplicateError = (dups: Awaited<ReturnType<typeof findDuplicates>>) =>
  conflict(
    'incoming.duplicate',
    `Văn bản có thể trùng với văn bản đã vào sổ (${dups.map((d) => `số đến ${d.arrivalNumber ?? '—'}: ${d.numberNotation}`).join('; ')}). Kiểm tra lại hoặc xác nhận vẫn vào sổ.`,
    { duplicates: dups },
  );

/**
 * Registers a paper document (scanned files already staged in the blob store). Validation, duplicate check and
 * look-ups happen before the transaction; the number is taken last, right before the audit event, so the register
 * row stays locked only for a few statements. On any failure the staged blobs this request created are removed.
 */
export async function registerPaper(
  deps: Deps,
  p: Principal,
  actor: Actor,
  meta: IncomingMeta,
  files: StagedFile[],
): Promise<RegisterResult> {
  try {
    requireClerk(p);
    if (!files.length)
      throw badRequest('incoming.no_file', 'Chưa đính kèm bản quét văn bản.', {
        fields: [{ path: 'files', message: 'Chưa đính kèm bản quét văn bản.' }],
      });
    const v = await viewerOf(deps.db, p);
    const prepared = await prepareMeta(deps, deps.db, p.organId, meta, files);
    checkClearance(prepared.conf_rank, v.clearanceRank);
    const arrivalDate = arrivalDateOf(deps, meta.arrivalDate);
    const register = await chooseRegister(deps.db, p.organId, meta.registerId, prepared);
    const dups = await findDuplicates(deps.db, p.organId, prepared, v.clearanceRank);
    if (dups.length && !meta.confirmDuplicate) throw duplicateError(dups);
    const now = deps.now();
    const year = vnYear(now);
    const id = randomUUID();
    return await batcherOf(deps).submit(`${p.organId}:${register.id}`, async (trx) => {
      const fileIds: string[] = [];
      for (const f of files)
        fileIds.push(await recordFile(trx, { organId: p.organId, put: f.put, name: f.name, uploadedBy: p.userId }));
      // From here the register row is locked until commit.
      const number = await takeNumber(trx, register.id, year);
      await trx
        .insertInto('incoming_documents')
        .values({
          id,
          organ_id: p.organId,
          status: 'pending_assignment',
          source: 'paper',
          source_info: null,
          register_id: register.id,
          arrival_year: year,
          arrival_number: number,
          arrival_date: arrivalDate,
          registered_at: now,
          received_at: now,
          ...prepared,
          completed_at: null,
          completed_by: null,
          completion_note: null,
          answer_outgoing_id: null,
          answer_ref: null,
          returned_reason: null,
          created_by: p.userId,
        })
        .execute();
      await trx
        .insertInto('incoming_files')
        .values(
          fileIds.map((fid, i) => ({
            document_id: id,
            file_id: fid,
            kind: 'main' as const,
            sort_order: i,
            added_by: p.userId,
          })),
        )
        .execute();
      await addTrace(
        trx,
        actor,
        id,
        'registered',
        `Số đến ${number} — ${register.name}`,
        {
          registerId: register.id,
          arrivalNumber: number,
          year,
          ...(dups.length ? { duplicateOf: dups.map((d) => d.id) } : {}),
        },
        now,
      );
      if (dups.length)
        await addTrace(
          trx,
          actor,
          id,
          'duplicate_confirmed',
          `Cảnh báo trùng: ${dups.map((d) => `số đến ${d.arrivalNumber ?? '—'} (${d.numberNotation})`).join('; ')}`,
          { duplicateOf: dups.map((d) => d.id) },
          now,
        );
      if (meta.presentTo)
        await createPresent(
          trx,
          actor,
          { id, organId: p.organId, confRank: prepared.conf_rank, subject: prepared.subject },
          meta.presentTo,
          now,
        );
      await recordAudit(trx, actor, {
        action: 'incoming.register',
        entityType: 'incoming_document',
        entityId: id,
        summary: `Vào sổ văn bản đến số ${number}/${year}: ${prepared.number}/${prepared.notation}`,
        after: { registerId: register.id, number, year, duplicateOf: dups.map((d) => d.id) },
      });
      return {
        id,
        arrivalNumber: number,
        arrivalYear: year,
        registerId: register.id,
        registerName: register.name,
        duplicateOf: dups.map((d) => d.id),
      };
    });
  } catch (err) {
    for (const f of files) await discardStaged(deps, f.put);
    throw err;
  }
}

export interface ElectronicSource {
  kind: 'edxml';
  senderOrganId: string;
  senderOrganName?: string;
  documentId: string;
  packageId: string;
}
/** A mail to the văn thư's mailbox (the exchange module's mail-in); attachments it refused are listed. */
export interface MailSource {
  kind: 'email';
  from: string;
  subject: string;
  messageId: string | null;
  inboundId: string;
  refused: { name: string; reason: string }[];
}

/**
 * Entry point for the exchange module: a parsed package (metadata + staged files) arrives as "chờ vào sổ".
 * The clerk then registers it (the number is taken then) or returns it to the sender (status 02).
 */
export async function registerElectronic(
  deps: Deps,
  organId: string,
  input: { meta: IncomingMeta; files: StagedFile[]; source: ElectronicSource | MailSource },
  actor: Actor,
  /** Runs inside the document's transaction (the caller's own record of the receipt commits with it or not at all). */
  inTransaction?: (trx: Trx, documentId: string) => Promise<void>,
): Promise<{ id: string; alreadyReceived?: boolean }> {
  const src = input.source;
  const packageId = src.kind === 'edxml' ? src.packageId : null;
  // Idempotent on the package: a package fetched again (e.g. after a crash before the hub was acknowledged) is not registered twice.
  // (A mail is received once per Message-ID by the mail-in's own table.)
  const existing = async () =>
    packageId === null
      ? undefined
      : deps.db
          .selectFrom('incoming_documents')
          .select('id')
          .where('organ_id', '=', organId)
          .where('source', '=', 'edxml')
          .where(sql<boolean>`source_info->>'packageId' = ${packageId}`)
          .executeTakeFirst();
  const before = await existing();
  if (before) {
    for (const f of input.files) await discardStaged(deps, f.put);
    return { id: before.id, alreadyReceived: true };
  }
  try {
    const prepared: PreparedMeta = await prepareMeta(
      deps,
      deps.db,
      organId,
      {
        ...input.meta,
        documentIdentifier: input.meta.documentIdentifier ?? (src.kind === 'edxml' ? src.documentId : null),
      },
      input.files,
      { lenientType: true },
    );
    const id = randomUUID();
    const now = deps.now();
    await deps.db.transaction().execute(async (trx) => {
      const fileIds: string[] = [];
      for (const f of input.files)
        fileIds.push(await recordFile(trx, { organId, put: f.put, name: f.name, uploadedBy: null }));
      await trx
        .insertInto('incoming_documents')
        .values({
          id,
          organ_id: organId,
          status: 'pending_registration',
          source: src.kind,
          source_info: JSON.stringify(src),
          register_id: null,
          arrival_year: null,
          arrival_number: null,
          arrival_date: null,
          registered_at: null,
          received_at: now,
          ...prepared,
          completed_at: null,
          completed_by: null,
          completion_note: null,
          answer_outgoing_id: null,
          answer_ref: null,
          returned_reason: null,
          created_by: null,
        })
        .execute();
      if (fileIds.length)
        await trx
          .insertInto('incoming_files')
          .values(
            fileIds.map((fid, i) => ({
              document_id: id,
              file_id: fid,
              kind: 'main' as const,
              sort_order: i,
              added_by: null,
            })),
          )
          .execute();
      await addTrace(
        trx,
        actor,
        id,
        'received',
        src.kind === 'edxml'
          ? `Từ ${src.senderOrganName ?? src.senderOrganId} (gói tin ${src.packageId})`
          : `Thư điện tử từ ${src.from}: "${src.subject}"` +
              (src.refused.length
                ? `; không nhận tệp ${src.refused.map((r) => `${r.name} (${r.reason})`).join(', ')}`
                : ''),
        { ...src },
        now,
      );
      const clerks = await trx
        .selectFrom('memberships')
        .select('user_id')
        .where('organ_id', '=', organId)
        .where('ended_at', 'is', null)
        .where(sql<boolean>`'clerk' = ANY(roles)`)
        .execute();
      const clerkIds = (
        await trx
          .selectFrom('users')
          .select(['id', 'clearance'])
          .where('id', 'in', clerks.length ? clerks.map((c) => c.user_id) : ['00000000-0000-0000-0000-000000000000'])
          .execute()
      ).map((u) => u.id);
      await notify(trx, {
        organId,
        userIds: clerkIds,
        kind: 'incoming.received',
        title: src.kind === 'edxml' ? 'Văn bản điện tử mới chờ vào sổ' : 'Thư điện tử mới chờ vào sổ',
        body:
          src.kind === 'edxml'
            ? `${prepared.number}/${prepared.notation} — ${prepared.subject}`
            : `${src.from} — ${prepared.subject}`,
        link: `/incoming/doc/${id}`,
      });
      await inTransaction?.(trx, id);
      await recordAudit(trx, actor, {
        organId,
        action: 'incoming.receive',
        entityType: 'incoming_document',
        entityId: id,
        summary:
          src.kind === 'edxml'
            ? `Nhận văn bản điện tử ${prepared.number}/${prepared.notation}`
            : `Nhận thư điện tử "${prepared.subject}" từ ${src.from}`,
        after: src,
      });
    });
    return { id };
  } catch (err) {
    for (const f of input.files) await discardStaged(deps, f.put);
    // Two fetches of the same package at once: the loser answers with the winner's document.
    const raced = (err as { code?: string }).code === '23505' ? await existing() : undefined;
    if (raced) return { id: raced.id, alreadyReceived: true };
    throw err;
  }
}

/** The clerk registers a received electronic document: the number is taken now. */
export async function registerReceived(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  input: {
    registerId?: string;
    arrivalDate?: string;
    confirmDuplicate: boolean;
    presentTo?: { userId?: string; unitId?: string; note?: string | null };
    /** Only for a document received by mail: the clerk completes what the mail did not say (number, notation…). */
    meta?: Partial<IncomingMeta>;
  },
): Promise<RegisterResult> {
  requireClerk(p);
  const v = await viewerOf(deps.db, p);
  const { doc } = await loadVisible(deps.db, v, id);
  if (doc.status !== 'pending_registration')
    throw conflict('incoming.bad_state', 'Văn bản này đã được vào sổ hoặc đã trả lại.');
  let completed: PreparedMeta | null = null;
  if (doc.source === 'email') {
    // A mail carries no registered metadata: the clerk's entries, checked like a paper registration.
    const merged = parseMeta({
      docTypeCode: doc.doc_type_code,
      number: doc.number,
      notation: doc.notation,
      issuedDate: doc.issued_date,
      issuingOrganId: doc.issuing_organ_id,
      issuingOrganName: doc.issuing_organ_name,
      subject: doc.subject,
      signerPosition: doc.signer_position,
      signerName: doc.signer_name,
      urgency: doc.urgency,
      confidentiality: doc.confidentiality,
      pageCount: doc.page_count,
      recipients: doc.recipients,
      description: doc.description,
      deadline: doc.deadline,
      ...Object.fromEntries(Object.entries(input.meta ?? {}).filter(([, x]) => x !== undefined)),
    });
    completed = await prepareMeta(deps, deps.db, p.organId, merged, []);
    checkClearance(completed.conf_rank, v.clearanceRank);
    completed.page_count = merged.pageCount ?? doc.page_count;
  } else if (input.meta)
    throw new AppError(
      'incoming.meta_locked',
      400,
      'Thông tin của văn bản điện tử do nơi gửi cung cấp; không sửa khi vào sổ (trả lại nơi gửi nếu sai).',
    );
  const prepared =
    completed ??
    ({
      doc_type_code: doc.doc_type_code,
      conf_rank: doc.conf_rank,
      dup_key: doc.dup_key,
      document_identifier: doc.document_identifier,
    } as PreparedMeta);
  const register = await chooseRegister(deps.db, p.organId, input.registerId, prepared);
  const arrivalDate = arrivalDateOf(deps, input.arrivalDate);
  const dups = await findDuplicates(deps.db, p.organId, prepared, v.clearanceRank, id);
  if (dups.length && !input.confirmDuplicate) throw duplicateError(dups);
  const now = deps.now();
  const year = vnYear(now);
  return deps.db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('incoming_documents')
      .select('status')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.status !== 'pending_registration')
      throw conflict('incoming.bad_state', 'Văn bản này đã được vào sổ hoặc đã trả lại.');
    await emitStatus(trx, doc.source, {
      organId: p.organId,
      documentId: id,
      code: '03',
      description: 'Đã vào sổ văn bản đến',
      actorName: actor.name,
      at: now,
    });
    if (input.presentTo)
      await createPresent(
        trx,
        actor,
        { id, organId: p.organId, confRank: doc.conf_rank, subject: doc.subject },
        input.presentTo,
        now,
      );
    const number = await takeNumber(trx, register.id, year);
    if (completed) await trx.updateTable('incoming_documents').set(completed).where('id', '=', id).execute();
    await trx
      .updateTable('incoming_documents')
      .set({
        status: 'pending_assignment',
        register_id: register.id,
        arrival_year: year,
        arrival_number: number,
        arrival_date: arrivalDate,
        registered_at: now,
        created_by: p.userId,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await addTrace(
      trx,
      actor,
      id,
      'registered',
      `Số đến ${number} — ${register.name}`,
      { registerId: register.id, arrivalNumber: number, year },
      now,
    );
    if (dups.length)
      await addTrace(
        trx,
        actor,
        id,
        'duplicate_confirmed',
        `Cảnh báo trùng: ${dups.map((d) => `số đến ${d.arrivalNumber ?? '—'} (${d.numberNotation})`).join('; ')}`,
        { duplicateOf: dups.map((d) => d.id) },
        now,
      );
    await recordAudit(trx, actor, {
      action: 'incoming.register',
      entityType: 'incoming_document',
      entityId: id,
      summary: `Vào sổ văn bản đến điện tử số ${number}/${year}`,
      after: { registerId: register.id, number, year },
    });
    return {
      id,
      arrivalNumber: number,
      arrivalYear: year,
      registerId: register.id,
      registerName: register.name,
      duplicateOf: dups.map((d) => d.id),
    };
  });
}

/** The clerk returns a document to its sender (edXML status 02) with a reason. */
export async function rejectDocument(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  reason: string,
): Promise<void> {
  requireClerk(p);
  const v = await viewerOf(deps.db, p);
  await deps.db.transaction().execute(async (trx) => {
    const { doc, facts } = await loadVisible(trx, v, id, { lock: true });
    const openPresent = facts.assignments.some(
      (a) => a.role === 'present' && (a.state === 'pending' || a.state === 'in_progress'),
    );
    if (!(doc.status === 'pending_registration' || (doc.status === 'pending_assignment' && !openPresent)))
      throw conflict('incoming.bad_state', 'Chỉ trả lại nơi gửi văn bản chưa được phân công xử lý.');
    const now = deps.now();
    await trx
      .updateTable('incoming_documents')
      .set({ status: 'returned', returned_reason: reason, updated_at: now })
      .where('id', '=', id)
      .execute();
    await addTrace(trx, actor, id, 'rejected', reason, undefined, now);
    await emitStatus(trx, doc.source, {
      organId: p.organId,
      documentId: id,
      code: '02',
      description: `Trả lại: ${reason}`,
      actorName: actor.name,
      at: now,
    });
    await recordAudit(trx, actor, {
      action: 'incoming.reject',
      entityType: 'incoming_document',
      entityId: id,
      summary: `Trả lại nơi gửi văn bản ${doc.number}/${doc.notation}`,
      after: { reason },
    });
  });
}

/**
 * The sender revokes (thu hồi) an electronic document: it leaves every list as "đã trả lại", open rows are closed and
 * the trace says why. Idempotent: a second call changes nothing.
 */
export async function withdrawElectronic(
  deps: Deps,
  organId: string,
  incomingId: string,
  reason: string,
  actor: Actor,
): Promise<{ changed: boolean }> {
  return deps.db.transaction().execute(async (trx) => {
    const doc = await trx
      .selectFrom('incoming_documents')
      .select(['id', 'status', 'number', 'notation'])
      .where('id', '=', incomingId)
      .where('organ_id', '=', organId)
      .forUpdate()
      .executeTakeFirst();
    if (!doc) throw new AppError('incoming.not_found', 404, 'Không tìm thấy văn bản đến.');
    if (doc.status === 'returned') return { changed: false };
    const now = deps.now();
    await trx
      .updateTable('incoming_documents')
      .set({ status: 'returned', returned_reason: `Nơi gửi thu hồi: ${reason}`, updated_at: now })
      .where('id', '=', incomingId)
      .execute();
    await trx
      .updateTable('incoming_assignments')
      .set({ state: 'returned', done_at: now, updated_at: now })
      .where('document_id', '=', incomingId)
      .where('state', 'in', ['pending', 'in_progress', 'info'])
      .execute();
    await addTrace(trx, actor, incomingId, 'withdrawn', reason, undefined, now);
    await recordAudit(trx, actor, {
      organId,
      action: 'incoming.withdraw',
      entityType: 'incoming_document',
      entityId: incomingId,
      summary: `Nơi gửi thu hồi văn bản ${doc.number}/${doc.notation}`,
      after: { reason },
    });
    return { changed: true };
  });
}

/**
 * An issued outgoing document answered this incoming document: it is done, linked to its answer, the trace
 * says so and status 06 goes out. Runs inside the issuing transaction. Returns false if already done.
 */
export async function markAnsweredByOutgoing(
  trx: Trx,
  actor: Actor,
  input: { organId: string; incomingId: string; outgoingId: string; numberNotation: string; at: Date },
): Promise<boolean> {
  const note = `Đã trả lời bằng văn bản ${input.numberNotation}`;
  const r = await trx
    .updateTable('incoming_documents')
    .set({
      status: 'done',
      completed_at: input.at,
      completed_by: actor.userId,
      completion_note: note,
      answer_outgoing_id: input.outgoingId,
      answer_ref: input.numberNotation,
      updated_at: input.at,
    })
    .where('id', '=', input.incomingId)
    .where('organ_id', '=', input.organId)
    .where('status', '!=', 'done')
    .returning('source')
    .executeTakeFirst();
  if (!r) return false;
  await trx
    .updateTable('incoming_assignments')
    .set({ state: 'done', done_at: input.at, updated_at: input.at })
    .where('document_id', '=', input.incomingId)
    .where('state', 'in', ['pending', 'in_progress'])
    .execute();
  await addTrace(trx, actor, input.incomingId, 'completed', note, undefined, input.at);
  await emitStatus(trx, r.source, {
    organId: input.organId,
    documentId: input.incomingId,
    code: '06',
    description: `Hoàn thành: ${note.toLowerCase()}`,
    actorName: actor.name,
    at: input.at,
  });
  await recordAudit(trx, actor, {
    organId: input.organId,
    action: 'incoming.answered',
    entityType: 'incoming_document',
    entityId: input.incomingId,
    summary: note,
    after: { outgoingId: input.outgoingId },
  });
  return true;
}

export async function incomingDocumentExists(trx: Trx, organId: string, incomingId: string): Promise<boolean> {
  return !!(await trx
    .selectFrom('incoming_documents')
    .select('id')
    .where('id', '=', incomingId)
    .where('organ_id', '=', organId)
    .executeTakeFirst());
}
