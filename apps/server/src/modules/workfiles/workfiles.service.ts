/** Work files: open, list, read, add and remove documents (by reference), close with the records.md checks, reopen, grants. */
import { sql } from 'kysely';
import { foldKey, todayVN } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';
import type { Deps } from '../../deps';
import type { Principal } from '../auth';
import { recordAudit, type Actor } from '../audit';
import { CLOSE_REASONS, type CloseReason, wfError } from './workfiles.errors';
import { fileCan, type FileFacts } from './workfiles.policy';
import { memberVisible, outgoingStillDraft, snapshotDocument, type UploadMeta } from './workfiles.docs';
import { proposeRetention, RETENTION_RANK } from './workfiles.retention';
import type { MemberKind, Retention } from './workfiles.tables';

/** File code (mã hồ sơ) = organ code (13) + year (4) + file notation (≤ 20), joined with dots (records.md). */
export function fileCode(organCode: string, year: number, notation: string): string {
  return `${organCode}.${year}.${notation}`;
}
/** A file notation: letters (Vietnamese too), digits, dots and hyphens, e.g. `01.TCCB`. */
export const NOTATION_RE = /^[\p{L}\p{N}][\p{L}\p{N}.-]{0,19}$/u;
/** docCode (TT 05) = fileCode + '.' + 7-digit document sequence. */
export const docCode = (code: string, ordinal: number) => `${code}.${String(ordinal).padStart(7, '0')}`;

type FileRow = Awaited<ReturnType<typeof loadFileRow>>;
async function loadFileRow(db: DbOrTrx, organId: string, id: string, lock = false) {
  let q = db.selectFrom('workfiles').selectAll().where('id', '=', id).where('organ_id', '=', organId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

async function factsOf(db: DbOrTrx, p: Principal, f: NonNullable<FileRow>): Promise<FileFacts> {
  const [grant, sub] = await Promise.all([
    db
      .selectFrom('workfile_grants')
      .select('access')
      .where('workfile_id', '=', f.id)
      .where('user_id', '=', p.userId)
      .executeTakeFirst(),
    db
      .selectFrom('workfile_submission_steps as s')
      .innerJoin('workfile_submissions as w', 'w.id', 's.submission_id')
      .select('s.id')
      .where('w.workfile_id', '=', f.id)
      .where('s.actor_id', '=', p.userId)
      .where('s.state', '!=', 'waiting')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    organId: f.organ_id,
    creatorId: f.creator_id,
    unitId: f.unit_id,
    status: f.status,
    grant: grant?.access ?? null,
    submissionActor: !!sub,
  };
}

/** The file if the caller may read it (404 otherwise), with what they may do. */
export async function loadFile(db: DbOrTrx, p: Principal, id: string, opts: { lock?: boolean } = {}) {
  const f = await loadFileRow(db, p.organId, id, opts.lock);
  if (!f) throw wfError('workfiles.not_found');
  const can = fileCan(p, await factsOf(db, p, f));
  if (!can.read) throw wfError('workfiles.not_found');
  return { file: f, can };
}

function primaryUnit(p: Principal): string {
  const u = p.unitIds[0];
  if (!u) throw wfError('workfiles.forbidden', undefined, 'Bạn chưa thuộc đơn vị nào nên chưa lập được hồ sơ.');
  return u;
}

export interface CreateFileInput {
  planEntryId?: string;
  title?: string;
  notation?: string;
  retention?: Retention;
  startDate?: string;
  year?: number;
  unitId?: string;
  description?: string;
  keyword?: string;
  mode?: '01' | '02' | '03';
  extra?: Record<string, string>;
}

/** Opens a work file, from an entry of an approved plan or ad hoc (title, notation, retention, start date). */
export async function createFile(deps: Deps, p: Principal, actor: Actor, input: CreateFileInput) {
  const organ = await deps.db
    .selectFrom('organs')
    .select(['code'])
    .where('id', '=', p.organId)
    .executeTakeFirstOrThrow();
  let { title, notation, retention, year } = input;
  let unitId = input.unitId ?? null;
  let entryId: string | null = null;
  if (input.planEntryId) {
    const e = await deps.db
      .selectFrom('workfile_plan_entries as e')
      .innerJoin('workfile_plans as pl', 'pl.id', 'e.plan_id')
      .select(['e.id', 'e.title', 'e.notation', 'e.retention', 'e.creator_unit_id', 'pl.year', 'pl.status'])
      .where('e.id', '=', input.planEntryId)
      .where('e.organ_id', '=', p.organId)
      .executeTakeFirst();
    if (!e || e.status !== 'approved') throw wfError('workfiles.entry_not_found');
    entryId = e.id;
    title = title ?? e.title;
    notation = e.notation;
    retention = retention ?? e.retention;
    year = e.year;
    unitId = unitId ?? (e.creator_unit_id && p.unitIds.includes(e.creator_unit_id) ? e.creator_unit_id : null);
  }
  if (!title?.trim()) throw wfError('workfiles.plan_invalid', undefined, 'Cần nhập tiêu đề hồ sơ.');
  if (!notation || !NOTATION_RE.test(notation)) throw wfError('workfiles.notation_invalid');
  if (unitId && !p.unitIds.includes(unitId))
    throw wfError('workfiles.forbidden', undefined, 'Chỉ lập hồ sơ cho đơn vị mình.');
  const unit = unitId ?? primaryUnit(p);
  const start = input.startDate ?? todayVN(deps.now());
  year = year ?? Number(start.slice(0, 4));
  let proposed: string | null = null;
  if (!retention) {
    const r = await proposeRetention(deps.db, p.organId, title);
    retention = r?.retention;
    proposed = r?.rule ?? null;
  }
  const code = fileCode(organ.code, year, notation);
  const id = await deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('workfiles')
      .values({
        organ_id: p.organId,
        year,
        plan_entry_id: entryId,
        notation,
        code,
        title: title!.trim(),
        retention: retention ?? null,
        creator_id: p.userId,
        unit_id: unit,
        start_date: start,
        description: input.description ?? '',
        keyword: input.keyword ?? '',
        mode: input.mode ?? '01',
        extra: JSON.stringify(input.extra ?? {}),
        search_key: foldKey(`${code} ${title}`),
      })
      .onConflict((oc) => oc.columns(['organ_id', 'code']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw wfError('workfiles.notation_taken', { code });
    await recordAudit(trx, actor, {
      action: 'workfiles.file.create',
      entityType: 'workfile',
      entityId: row.id,
      summary: `Lập hồ sơ ${code} — ${title}`,
      after: { code, retention, planEntryId: entryId },
    });
    return row.id;
  });
  return { id, code, retention: retention ?? null, proposedBy: proposed };
}

export interface UpdateFileInput {
  title?: string;
  retention?: Retention | null;
  startDate?: string;
  description?: string;
  keyword?: string;
  mode?: '01' | '02' | '03';
  language?: string;
  inforSign?: string;
  confidenceLevel?: '01' | '02' | '03';
  paperFileCode?: string | null;
  format?: string;
  riskRecovery?: string;
  riskRecoveryStatus?: string;
  extra?: Record<string, string>;
}

export async function updateFile(deps: Deps, p: Principal, actor: Actor, id: string, input: UpdateFileInput) {
  await deps.db.transaction().execute(async (trx) => {
    const { file, can } = await loadFile(trx, p, id, { lock: true });
    if (file.status === 'closed') throw wfError('workfiles.closed');
    if (!can.edit) throw wfError('workfiles.forbidden');
    const set: Record<string, unknown> = { updated_at: new Date() };
    const map: [keyof UpdateFileInput, string][] = [
      ['title', 'title'],
      ['retention', 'retention'],
      ['startDate', 'start_date'],
      ['description', 'description'],
      ['keyword', 'keyword'],
      ['mode', 'mode'],
      ['language', 'language'],
      ['inforSign', 'infor_sign'],
      ['confidenceLevel', 'confidence_level'],
      ['paperFileCode', 'paper_file_code'],
      ['format', 'format'],
      ['riskRecovery', 'risk_recovery'],
      ['riskRecoveryStatus', 'risk_recovery_status'],
    ];
    for (const [k, col] of map) if (input[k] !== undefined) set[col] = input[k];
    if (input.extra) set.extra = JSON.stringify(input.extra);
    if (input.title) set.search_key = foldKey(`${file.code} ${input.title}`);
    await trx.updateTable('workfiles').set(set).where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'workfiles.file.update',
      entityType: 'workfile',
      entityId: id,
      summary: `Sửa thông tin hồ sơ ${file.code}`,
      before: { title: file.title, retention: file.retention },
      after: input,
    });
  });
  return getFile(deps, p, id);
}

const memberView = (code: string) => (m: MemberRow) => ({
  id: m.id,
  ordinal: m.ordinal,
  docCode: docCode(code, m.ordinal),
  kind: m.kind,
  refId: m.ref_id,
  docDate: m.doc_date,
  typeName: m.type_name,
  codeNumber: m.code_number,
  codeNotation: m.code_notation,
  numberNotation: m.code_number ? `${m.code_number}/${m.code_notation}` : m.code_notation,
  organName: m.organ_name,
  subject: m.subject,
  pageCount: m.page_count,
  confidentiality: m.confidentiality,
  draft: m.draft,
  autograph: m.autograph,
  fileIds: m.file_ids,
  addedAt: m.added_at.toISOString(),
  link:
    m.kind === 'incoming'
      ? `/incoming/doc/${m.ref_id}`
      : m.kind === 'outgoing'
        ? `/outgoing/doc/${m.ref_id}`
        : `/api/files/${m.ref_id}`,
});
type MemberRow = Awaited<ReturnType<typeof memberRows>>[number];
async function memberRows(db: DbOrTrx, fileId: string) {
  return db
    .selectFrom('workfile_members')
    .selectAll()
    .where('workfile_id', '=', fileId)
    .orderBy('doc_date')
    .orderBy('ordinal')
    .execute();
}

/** The members this reader may see, in date order; confidential ones follow their own clearance. */
export async function visibleMembers(deps: Deps, p: Principal, fileId: string, code: string) {
  const rows = await memberRows(deps.db, fileId);
  const out: ReturnType<ReturnType<typeof memberView>>[] = [];
  let hidden = 0;
  for (const m of rows) {
    if (await memberVisible(deps, p, m)) out.push(memberView(code)(m));
    else hidden++;
  }
  return { members: out, hidden, rows };
}

const fileSummary = (f: NonNullable<FileRow>) => ({
  id: f.id,
  code: f.code,
  notation: f.notation,
  title: f.title,
  year: f.year,
  retention: f.retention,
  status: f.status,
  startDate: f.start_date,
  endDate: f.end_date,
  memberCount: f.member_count,
  unitId: f.unit_id,
  creatorId: f.creator_id,
});

export async function getFile(deps: Deps, p: Principal, id: string) {
  const { file: f, can } = await loadFile(deps.db, p, id);
  const [{ members, hidden }, grants, names, history] = await Promise.all([
    visibleMembers(deps, p, id, f.code),
    deps.db
      .selectFrom('workfile_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .select(['g.user_id', 'u.full_name', 'g.access'])
      .where('g.workfile_id', '=', id)
      .orderBy('u.full_name')
      .execute(),
    deps.db
      .selectFrom('users')
      .leftJoin('units', (j) => j.on('units.id', '=', f.unit_id))
      .select(['users.full_name', 'units.name as unit_name'])
      .where('users.id', '=', f.creator_id)
      .executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('audit_events')
      .select(['at', 'actor_name', 'action', 'summary'])
      .where('organ_id', '=', p.organId)
      .where('entity_type', '=', 'workfile')
      .where('entity_id', '=', id)
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...fileSummary(f),
    creatorName: names.full_name,
    unitName: names.unit_name ?? '',
    planEntryId: f.plan_entry_id,
    tt05: {
      language: f.language,
      mode: f.mode,
      keyword: f.keyword,
      inforSign: f.infor_sign,
      confidenceLevel: f.confidence_level,
      paperFileCode: f.paper_file_code,
      format: f.format,
      riskRecovery: f.risk_recovery,
      riskRecoveryStatus: f.risk_recovery_status,
      description: f.description,
    },
    extra: (f.extra ?? {}) as Record<string, string>,
    closedAt: f.closed_at?.toISOString() ?? null,
    members,
    hiddenMembers: hidden,
    grants: grants.map((g) => ({ userId: g.user_id, name: g.full_name, access: g.access })),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      actorName: h.actor_name,
      action: h.action,
      summary: h.summary,
    })),
    can,
  };
}

export interface ListFilter {
  scope: 'mine' | 'unit' | 'organ';
  year?: number;
  unitId?: string;
  status?: 'open' | 'closed';
  q?: string;
  page: number;
  pageSize: number;
}

/** "Hồ sơ của tôi" (F4đ: with counts), the unit's files, or the organ's (the văn thư; O6). */
export async function listFiles(deps: Deps, p: Principal, f: ListFilter) {
  let q = deps.db.selectFrom('workfiles').where('organ_id', '=', p.organId);
  if (f.scope === 'mine') {
    q = q.where((eb) =>
      eb.or([
        eb('creator_id', '=', p.userId),
        eb.exists(
          eb
            .selectFrom('workfile_grants as g')
            .select('g.user_id')
            .whereRef('g.workfile_id', '=', 'workfiles.id')
            .where('g.user_id', '=', p.userId),
        ),
      ]),
    );
  } else if (f.scope === 'unit') {
    const units = f.unitId ? (p.unitIds.includes(f.unitId) || p.roles.has('clerk') ? [f.unitId] : []) : p.unitIds;
    if (units.length === 0)
      return { items: [], total: 0, counts: { open: 0, closed: 0 }, page: f.page, pageSize: f.pageSize };
    q = q.where('unit_id', 'in', units);
  } else if (!p.roles.has('clerk')) {
    throw wfError('workfiles.forbidden');
  } else if (f.unitId) {
    q = q.where('unit_id', '=', f.unitId);
  }
  if (f.year) q = q.where('year', '=', f.year);
  if (f.q) q = q.where('search_key', 'like', `%${foldKey(f.q).replace(/[\\%_]/g, (m) => '\\' + m)}%`);
  const counted = q;
  if (f.status) q = q.where('status', '=', f.status);
  const [items, counts] = await Promise.all([
    q
      .select([
        'id',
        'code',
        'notation',
        'title',
        'year',
        'retention',
        'status',
        'start_date',
        'end_date',
        'member_count',
        'unit_id',
        'creator_id',
        'created_at',
      ])
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    counted
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('status')
      .execute(),
  ]);
  const c = { open: 0, closed: 0 };
  for (const r of counts) c[r.status] = Number(r.n);
  return {
    items: items.map((r) => ({
      id: r.id,
      code: r.code,
      notation: r.notation,
      title: r.title,
      year: r.year,
      retention: r.retention,
      status: r.status,
      startDate: r.start_date,
      endDate: r.end_date,
      memberCount: r.member_count,
      unitId: r.unit_id,
      creatorId: r.creator_id,
    })),
    total: f.status ? c[f.status] : c.open + c.closed,
    counts: c,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** "Đưa vào hồ sơ": the open files the caller may add to, found by code or title typed without diacritics. */
export async function searchFilesToAdd(deps: Deps, p: Principal, q: string | undefined, limit = 20) {
  let s = deps.db
    .selectFrom('workfiles')
    .select(['id', 'code', 'title', 'member_count'])
    .where('organ_id', '=', p.organId)
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb('creator_id', '=', p.userId),
        ...(p.roles.has('unit_leader') && p.unitIds.length ? [eb('unit_id', 'in', p.unitIds)] : []),
        eb.exists(
          eb
            .selectFrom('workfile_grants as g')
            .select('g.user_id')
            .whereRef('g.workfile_id', '=', 'workfiles.id')
            .where('g.user_id', '=', p.userId)
            .where('g.access', '=', 'edit'),
        ),
      ]),
    );
  const words = foldKey(q ?? '')
    .split(/\s+/)
    .filter(Boolean);
  for (const w of words) s = s.where('search_key', 'like', `%${w.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
  const rows = await s.orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, code: r.code, title: r.title, memberCount: r.member_count }));
}

/** Files holding a document (shown on the document's page). */
export async function filesOfDocument(deps: Deps, p: Principal, kind: MemberKind, refId: string) {
  const rows = await deps.db
    .selectFrom('workfile_members as m')
    .innerJoin('workfiles as f', 'f.id', 'm.workfile_id')
    .select(['f.id', 'f.code', 'f.title', 'm.ordinal'])
    .where('m.organ_id', '=', p.organId)
    .where('m.kind', '=', kind)
    .where('m.ref_id', '=', refId)
    .execute();
  const out: { id: string; code: string; title: string; ordinal: number }[] = [];
  for (const r of rows) {
    try {
      await loadFile(deps.db, p, r.id);
      out.push(r);
    } catch {
      /* a file the caller may not see is not listed */
    }
  }
  return out;
}

export interface AddMemberInput {
  kind: MemberKind;
  refId: string;
  upload?: UploadMeta;
}

/**
 * Adds a document by reference with the next ordinal (F4b). The file row is locked for the insert, so
 * concurrent additions get 1..n with no gap and no duplicate; the document itself is never copied (F4e).
 */
export async function addMember(deps: Deps, p: Principal, actor: Actor, fileId: string, input: AddMemberInput) {
  // Read the document first (owner's policy: 404 if the caller may not see it), outside the lock.
  await loadFile(deps.db, p, fileId);
  const snap = await snapshotDocument(deps, p, input.kind, input.refId, input.upload);
  return deps.db.transaction().execute(async (trx) => {
    const { file, can } = await loadFile(trx, p, fileId, { lock: true });
    if (file.status === 'closed') throw wfError('workfiles.closed');
    if (!can.edit) throw wfError('workfiles.forbidden');
    const ordinal = file.member_count + 1;
    const row = await trx
      .insertInto('workfile_members')
      .values({
        organ_id: p.organId,
        workfile_id: fileId,
        ordinal,
        kind: snap.kind,
        ref_id: snap.refId,
        doc_date: snap.docDate,
        type_name: snap.typeName,
        type_code: snap.typeCode,
        code_number: snap.codeNumber,
        code_notation: snap.codeNotation,
        organ_name: snap.organName,
        subject: snap.subject,
        language: snap.language,
        page_count: snap.pageCount,
        confidentiality: snap.confidentiality,
        draft: snap.draft,
        autograph: snap.autograph,
        file_ids: snap.fileIds,
        description: snap.description,
        added_by: p.userId,
      })
      .onConflict((oc) => oc.columns(['workfile_id', 'kind', 'ref_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw wfError('workfiles.already_member');
    await trx
      .updateTable('workfiles')
      .set({ member_count: ordinal, updated_at: new Date() })
      .where('id', '=', fileId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'workfiles.member.add',
      entityType: 'workfile',
      entityId: fileId,
      summary: `Đưa vào hồ sơ ${file.code} (số ${ordinal}): ${snap.confidentiality === 'thuong' ? snap.subject : 'văn bản có độ mật'}`,
      after: { kind: snap.kind, refId: snap.refId, ordinal },
    });
    return { id: row.id, ordinal, docCode: docCode(file.code, ordinal) };
  });
}

/** Removes a member; the later ordinals move up by one (no gap). */
export async function removeMember(deps: Deps, p: Principal, actor: Actor, fileId: string, memberId: string) {
  await deps.db.transaction().execute(async (trx) => {
    const { file, can } = await loadFile(trx, p, fileId, { lock: true });
    if (file.status === 'closed') throw wfError('workfiles.closed');
    if (!can.edit) throw wfError('workfiles.forbidden');
    const m = await trx
      .deleteFrom('workfile_members')
      .where('id', '=', memberId)
      .where('workfile_id', '=', fileId)
      .returning(['ordinal', 'subject', 'confidentiality'])
      .executeTakeFirst();
    if (!m) throw wfError('workfiles.member_not_found');
    await trx
      .updateTable('workfile_members')
      .set({ ordinal: sql`ordinal - 1` })
      .where('workfile_id', '=', fileId)
      .where('ordinal', '>', m.ordinal)
      .execute();
    await trx
      .updateTable('workfiles')
      .set({ member_count: sql`member_count - 1`, updated_at: new Date() })
      .where('id', '=', fileId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'workfiles.member.remove',
      entityType: 'workfile',
      entityId: fileId,
      summary: `Loại khỏi hồ sơ ${file.code}: ${m.confidentiality === 'thuong' ? m.subject : 'văn bản có độ mật'}`,
    });
  });
}

export interface CloseProblem {
  code: CloseReason;
  message: string;
  memberIds?: string[];
}

/** The records.md closing checks; every failing one is a reason with its own code. */
export async function closingProblems(
  deps: Deps,
  p: Principal,
  file: NonNullable<FileRow>,
  organCode: string,
): Promise<CloseProblem[]> {
  const rows = await memberRows(deps.db, file.id);
  const out: CloseProblem[] = [];
  const add = (code: CloseReason, memberIds?: string[]) =>
    out.push({ code, message: CLOSE_REASONS[code], ...(memberIds?.length ? { memberIds } : {}) });
  if (rows.length === 0) add('workfiles.close.empty');
  const drafts: string[] = [];
  for (const m of rows) {
    if (m.kind !== 'outgoing') continue;
    const still = await outgoingStillDraft(deps, p, m.ref_id);
    if (still ?? m.draft) drafts.push(m.id);
  }
  if (drafts.length) add('workfiles.close.drafts', drafts);
  // Duplicates: members holding the same content (the same stored file), e.g. a scan added twice.
  const seen = new Map<string, string>();
  const dups: string[] = [];
  if (rows.length) {
    const files = await deps.db
      .selectFrom('files')
      .select(['id', 'sha256'])
      .where('organ_id', '=', p.organId)
      .where('id', 'in', rows.flatMap((r) => r.file_ids).concat(['00000000-0000-0000-0000-000000000000']))
      .execute();
    const sha = new Map(files.map((f) => [f.id, f.sha256]));
    for (const m of rows) {
      const key = m.file_ids
        .map((id) => sha.get(id) ?? id)
        .sort()
        .join(',');
      if (!key) continue;
      if (seen.has(key)) dups.push(m.id);
      else seen.set(key, m.id);
    }
  }
  if (dups.length) add('workfiles.close.duplicates', dups);
  if (!file.retention) add('workfiles.close.retention_missing');
  else {
    const proposal = await proposeRetention(deps.db, p.organId, file.title);
    if (proposal && RETENTION_RANK[proposal.retention] > RETENTION_RANK[file.retention])
      add('workfiles.close.retention_short');
  }
  if (file.title.trim().length < 10) add('workfiles.close.title_missing');
  if (file.code !== fileCode(organCode, file.year, file.notation) || !NOTATION_RE.test(file.notation))
    add('workfiles.close.code_invalid');
  const incomplete = rows.filter(
    (m) =>
      !m.subject.trim() ||
      !m.doc_date ||
      !m.type_name.trim() ||
      !m.organ_name.trim() ||
      m.page_count == null ||
      (m.kind !== 'upload' && !m.code_notation.trim()),
  );
  if (incomplete.length)
    add(
      'workfiles.close.metadata_incomplete',
      incomplete.map((m) => m.id),
    );
  return out;
}

/** Closes the file when every check passes (the end date is the last document's); otherwise refuses with every reason. */
export async function closeFile(deps: Deps, p: Principal, actor: Actor, id: string) {
  const organ = await deps.db.selectFrom('organs').select('code').where('id', '=', p.organId).executeTakeFirstOrThrow();
  const { file, can } = await loadFile(deps.db, p, id);
  if (file.status === 'closed') throw wfError('workfiles.closed');
  if (!can.close) throw wfError('workfiles.forbidden');
  const problems = await closingProblems(deps, p, file, organ.code);
  if (problems.length)
    throw wfError(
      'workfiles.close_refused',
      { reasons: problems },
      `Chưa đóng được hồ sơ: ${problems.map((x) => x.message).join(' ')}`,
    );
  await deps.db.transaction().execute(async (trx) => {
    const { file: f } = await loadFile(trx, p, id, { lock: true });
    if (f.status === 'closed') throw wfError('workfiles.closed');
    const last = await trx
      .selectFrom('workfile_members')
      .select((eb) => eb.fn.max('doc_date').as('d'))
      .where('workfile_id', '=', id)
      .executeTakeFirst();
    await trx
      .updateTable('workfiles')
      .set({
        status: 'closed',
        closed_at: deps.now(),
        closed_by: p.userId,
        end_date: (last?.d as string | null) ?? todayVN(deps.now()),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'workfiles.file.close',
      entityType: 'workfile',
      entityId: id,
      summary: `Đóng hồ sơ ${f.code} (${f.member_count} văn bản)`,
    });
  });
  return getFile(deps, p, id);
}

/**
 * Whether a file is already in the agency archive. The archive module imports this one, so it registers the
 * lookup at start (archive/index.ts) instead of workfiles importing the archive (no import cycle).
 */
export type TransferLookup = (db: DbOrTrx, organId: string, workfileId: string) => Promise<boolean>;
let transferLookup: TransferLookup | null = null;
export function setTransferLookup(fn: TransferLookup): void {
  transferLookup = fn;
}

/** Reopens a closed file; the reason is required and kept in the audit log. A file in the archive is never reopened. */
export async function reopenFile(deps: Deps, p: Principal, actor: Actor, id: string, reason: string) {
  if (reason.trim().length < 3) throw wfError('workfiles.reason_required');
  await deps.db.transaction().execute(async (trx) => {
    const { file, can } = await loadFile(trx, p, id, { lock: true });
    if (file.status !== 'closed') throw wfError('workfiles.not_closed');
    if (!can.reopen) throw wfError('workfiles.forbidden');
    if (transferLookup && (await transferLookup(trx, p.organId, id))) throw wfError('workfiles.transferred');
    await trx
      .updateTable('workfiles')
      .set({ status: 'open', closed_at: null, closed_by: null, end_date: null, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'workfiles.file.reopen',
      entityType: 'workfile',
      entityId: id,
      summary: `Mở lại hồ sơ ${file.code}. Lý do: ${reason.trim()}`,
      after: { reason: reason.trim() },
    });
  });
  return getFile(deps, p, id);
}

/** Gives (or changes) a user's access to the file; access 'none' removes it. */
export async function setGrant(
  deps: Deps,
  p: Principal,
  actor: Actor,
  id: string,
  userId: string,
  access: 'read' | 'edit' | 'none',
) {
  await deps.db.transaction().execute(async (trx) => {
    const { file, can } = await loadFile(trx, p, id, { lock: true });
    if (!can.grant) throw wfError('workfiles.forbidden');
    const u = await trx
      .selectFrom('users')
      .select(['id', 'full_name'])
      .where('id', '=', userId)
      .where('organ_id', '=', p.organId)
      .executeTakeFirst();
    if (!u) throw wfError('workfiles.user_not_found');
    if (access === 'none')
      await trx.deleteFrom('workfile_grants').where('workfile_id', '=', id).where('user_id', '=', userId).execute();
    else
      await trx
        .insertInto('workfile_grants')
        .values({ workfile_id: id, organ_id: p.organId, user_id: userId, access, granted_by: p.userId })
        .onConflict((oc) => oc.columns(['workfile_id', 'user_id']).doUpdateSet({ access }))
        .execute();
    await recordAudit(trx, actor, {
      action: 'workfiles.grant',
      entityType: 'workfile',
      entityId: id,
      summary: `Quyền với hồ sơ ${file.code}: ${u.full_name} — ${access === 'none' ? 'thu hồi' : access === 'edit' ? 'cập nhật' : 'xem'}`,
    });
  });
  return getFile(deps, p, id);
}
