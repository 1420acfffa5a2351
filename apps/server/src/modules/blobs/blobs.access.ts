/**
 * The one content-access decision: "may this user see this file (its bytes, its name, its signatures)?".
 * Every path that yields a file's bytes or metadata asks here: /api/files/:id, signing sessions (by file id or by
 * sha256), signature reports, the organ signature, exchange send. The modules that hold files in their documents
 * (incoming, outgoing) register a content owner: for a file, the documents of theirs that hold it, each with its
 * confidentiality and whether the caller may see it under that module's policy (organ, clearance, involvement).
 *
 *   - a file of another organ: never;
 *   - a file held by documents: visible iff the caller may see at least one of them;
 *   - a file made from another (a signed result, derived_from) and held by no document: as its source;
 *   - any other upload: its uploader only (being an admin is no reason to read a user's upload).
 *
 * The same owners give the confidentiality of audited entities (the audit list masks what the caller is not
 * cleared for) and of notification links. Reads of confidential content are audited by `auditContentRead`.
 */
import { CONFIDENTIALITY } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';
import type { Deps } from '../../deps';
import { AppError } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';

export interface ContentClaim {
  /** What holds the file, for the audit trail: 'incoming:<id>', 'outgoing:<id>'. */
  ref: string;
  /** Confidentiality rank of the holding document (0 Thường … 3 Tuyệt mật). */
  confRank: number;
  /** May the caller see the holding document (false when there is no caller). */
  visible: boolean;
}

export interface ContentOwner {
  name: string;
  /** The documents of this module that hold `fileId` (in `organId`), judged for `p` (null: only the ranks are wanted). */
  fileClaims(db: DbOrTrx, organId: string, fileId: string, p: Principal | null): Promise<ContentClaim[]>;
  /** Confidentiality ranks of this module's audited entities, by audit entity type. */
  entityRanks?: Record<string, (db: DbOrTrx, organId: string, ids: string[]) => Promise<Map<string, number>>>;
  /** Notification links of this module's documents: the first group of the match is the entity id. */
  links?: { re: RegExp; entityType: string }[];
}

const owners = new Map<string, ContentOwner>();

/** A module that holds files in its documents registers its policy here once (idempotent by name). */
export function registerContentOwner(owner: ContentOwner): void {
  owners.set(owner.name, owner);
}

export const clearanceRank = (p: Pick<Principal, 'clearance'>) => CONFIDENTIALITY[p.clearance]?.rank ?? 0;

export interface FileRow {
  id: string;
  organ_id: string;
  sha256: string;
  name: string;
  mime: string;
  size: string;
  uploaded_by: string | null;
  derived_from: string | null;
}

export interface ContentDecision {
  visible: boolean;
  /** The highest confidentiality rank among the documents that hold the file (or its source). */
  confRank: number;
  refs: string[];
}

const fileNotFound = () => new AppError('blobs.not_found', 404, 'Không tìm thấy tệp.');

async function claimsOf(db: DbOrTrx, organId: string, fileId: string, p: Principal | null): Promise<ContentClaim[]> {
  const all = await Promise.all([...owners.values()].map((o) => o.fileClaims(db, organId, fileId, p)));
  return all.flat();
}

/** The decision for one file row (already read). */
export async function decideFile(db: DbOrTrx, p: Principal | null, f: FileRow, depth = 0): Promise<ContentDecision> {
  if (p && f.organ_id !== p.organId) return { visible: false, confRank: 0, refs: [] };
  const claims = await claimsOf(db, f.organ_id, f.id, p);
  if (claims.length > 0) {
    const seen = claims.filter((c) => c.visible);
    return {
      visible: seen.length > 0,
      confRank: Math.max(...claims.map((c) => c.confRank)),
      refs: claims.map((c) => c.ref),
    };
  }
  if (f.derived_from && depth < 16) {
    const src = await db.selectFrom('files').selectAll().where('id', '=', f.derived_from).executeTakeFirst();
    if (src) {
      const d = await decideFile(db, p, src, depth + 1);
      // The uploader of a signed result made from a file they could see keeps it even when the source moves on.
      return d;
    }
  }
  return { visible: !!p && f.uploaded_by === p.userId, confRank: 0, refs: [] };
}

/** The file row if `p` may see it; a 404 (blobs.not_found) otherwise, exactly as for a file that does not exist. */
export async function requireVisibleFile(
  db: DbOrTrx,
  p: Principal,
  fileId: string,
): Promise<FileRow & { decision: ContentDecision }> {
  const f = await db
    .selectFrom('files')
    .selectAll()
    .where('id', '=', fileId)
    .where('organ_id', '=', p.organId)
    .executeTakeFirst();
  if (!f) throw fileNotFound();
  const decision = await decideFile(db, p, f);
  if (!decision.visible) throw fileNotFound();
  return { ...f, decision };
}

/** The newest file of the caller's organ with these bytes that the caller may see, or a 404. */
export async function requireVisibleBlob(
  db: DbOrTrx,
  p: Principal,
  sha256: string,
): Promise<FileRow & { decision: ContentDecision }> {
  const rows = await db
    .selectFrom('files')
    .selectAll()
    .where('sha256', '=', sha256)
    .where('organ_id', '=', p.organId)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  for (const f of rows) {
    const decision = await decideFile(db, p, f);
    if (decision.visible) return { ...f, decision };
  }
  throw fileNotFound();
}

/** The highest confidentiality of the documents that hold these files (no caller): exchange refuses Mật and above. */
export async function filesConfidentiality(db: DbOrTrx, organId: string, fileIds: string[]): Promise<number> {
  if (fileIds.length === 0) return 0;
  const rows = await db
    .selectFrom('files')
    .selectAll()
    .where('organ_id', '=', organId)
    .where('id', 'in', fileIds)
    .execute();
  let rank = 0;
  for (const f of rows) rank = Math.max(rank, (await decideFile(db, null, f)).confRank);
  return rank;
}

/** Records a read of confidential content (who: the actor; what: the file and the documents holding it; when: now). */
export async function auditContentRead(
  deps: Deps,
  actor: Actor,
  f: { id: string; decision: ContentDecision },
  via: string,
): Promise<void> {
  if (f.decision.confRank <= 0) return;
  await deps.db.transaction().execute((trx) =>
    recordAudit(trx, actor, {
      action: 'content.read',
      entityType: 'file',
      entityId: f.id,
      summary: `Đọc tệp của văn bản mật (${via})`,
      after: { via, refs: f.decision.refs, confRank: f.decision.confRank },
    }),
  );
}

/** Confidentiality ranks of audited entities; types nobody declares are absent (not confidential). */
export async function entityRanks(
  db: DbOrTrx,
  organId: string,
  byType: Map<string, string[]>,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const [type, ids] of byType) {
    const uniq = [...new Set(ids)].filter((x) => /^[0-9a-f-]{36}$/i.test(x));
    if (uniq.length === 0) continue;
    if (type === 'file') {
      const rows = await db
        .selectFrom('files')
        .selectAll()
        .where('organ_id', '=', organId)
        .where('id', 'in', uniq)
        .execute();
      for (const f of rows) out.set(`file:${f.id}`, (await decideFile(db, null, f)).confRank);
      continue;
    }
    if (type === 'signing_session') {
      const rows = await db
        .selectFrom('signing_sessions as s')
        .innerJoin('files as f', (j) =>
          j.onRef('f.sha256', '=', 's.source_sha256').onRef('f.organ_id', '=', 's.organ_id'),
        )
        .selectAll('f')
        .select('s.id as session_id')
        .where('s.organ_id', '=', organId)
        .where('s.id', 'in', uniq)
        .execute();
      for (const r of rows) {
        const rank = (await decideFile(db, null, r)).confRank;
        out.set(`signing_session:${r.session_id}`, Math.max(out.get(`signing_session:${r.session_id}`) ?? 0, rank));
      }
      continue;
    }
    for (const o of owners.values()) {
      const fn = o.entityRanks?.[type];
      if (!fn) continue;
      for (const [id, rank] of await fn(db, organId, uniq))
        out.set(`${type}:${id}`, Math.max(out.get(`${type}:${id}`) ?? 0, rank));
    }
  }
  return out;
}

/** The entity a notification link points at (`/incoming/doc/<id>` …), from the owners' declared link patterns. */
export function entityOfLink(link: string | null): { type: string; id: string } | null {
  if (!link) return null;
  for (const o of owners.values())
    for (const l of o.links ?? []) {
      const m = l.re.exec(link);
      if (m?.[1]) return { type: l.entityType, id: m[1] };
    }
  return null;
}

export const MASKED_SUMMARY = 'Nội dung mật — không hiển thị (chưa được cấp quyền tiếp cận)';
