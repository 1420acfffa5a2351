/**
 * Incoming documents as a content owner (blobs.access.ts): a file held by an incoming document is visible to whom the
 * document is (incoming.policy canSee: organ, clearance, involvement); its rank is the document's conf_rank.
 */
import { registerContentOwner, type ContentClaim } from '../blobs';
import type { DbOrTrx } from '../../db/database';
import type { Principal } from '../auth';
import { assignmentFacts } from './incoming.docs';
import { canSee } from './incoming.policy';
import { viewerOf } from './incoming.viewer';

async function fileClaims(db: DbOrTrx, organId: string, fileId: string, p: Principal | null): Promise<ContentClaim[]> {
  const docs = await db
    .selectFrom('incoming_files as f')
    .innerJoin('incoming_documents as d', 'd.id', 'f.document_id')
    .select(['d.id', 'd.organ_id', 'd.status', 'd.conf_rank'])
    .where('f.file_id', '=', fileId)
    .where('d.organ_id', '=', organId)
    .execute();
  if (docs.length === 0) return [];
  const v = p ? await viewerOf(db, p) : null;
  const out: ContentClaim[] = [];
  for (const d of docs) {
    const visible =
      !!v &&
      canSee(v, {
        organId: d.organ_id,
        status: d.status,
        confRank: d.conf_rank,
        assignments: await assignmentFacts(db, d.id),
      });
    out.push({ ref: `incoming:${d.id}`, confRank: d.conf_rank, visible });
  }
  return out;
}

async function documentRanks(db: DbOrTrx, organId: string, ids: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('incoming_documents')
    .select(['id', 'conf_rank'])
    .where('organ_id', '=', organId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.conf_rank]));
}

registerContentOwner({
  name: 'incoming',
  fileClaims,
  entityRanks: { incoming_document: documentRanks },
  links: [{ re: /^\/incoming\/doc\/([0-9a-f-]{36})/i, entityType: 'incoming_document' }],
});
