/**
 * Outgoing documents as a content owner (blobs.access.ts): a file held by an outgoing document (draft and attachment
 * versions, final, prepared, signed, sealed, copies, consultation answers) is visible to whom the document is
 * (outgoing.policy canSee through loadDoc); its rank is the document's confidentiality.
 */
import { CONFIDENTIALITY, type Confidentiality } from '@vanthu/vn';
import { registerContentOwner, type ContentClaim } from '../blobs';
import type { DbOrTrx } from '../../db/database';
import type { Principal } from '../auth';
import { loadDoc } from './outgoing.repo';

const rankOf = (c: string) => CONFIDENTIALITY[c as Confidentiality]?.rank ?? 0;

async function holders(db: DbOrTrx, organId: string, fileId: string): Promise<string[]> {
  const [own, versions, copies, answers] = await Promise.all([
    db
      .selectFrom('outgoing_docs')
      .select('id')
      .where('organ_id', '=', organId)
      .where((eb) =>
        eb.or(
          ['final_file_id', 'prepared_file_id', 'prepared_source_id', 'signed_file_id', 'sealed_file_id'].map((c) =>
            eb(c as 'final_file_id', '=', fileId),
          ),
        ),
      )
      .execute(),
    db
      .selectFrom('outgoing_versions')
      .select('outgoing_id as id')
      .where('organ_id', '=', organId)
      .where('file_id', '=', fileId)
      .execute(),
    db
      .selectFrom('outgoing_copies')
      .select('source_id as id')
      .where('organ_id', '=', organId)
      .where('source_kind', '=', 'outgoing')
      .where((eb) => eb.or([eb('file_id', '=', fileId), eb('source_file_id', '=', fileId)]))
      .execute(),
    db
      .selectFrom('outgoing_consultations')
      .select('outgoing_id as id')
      .where('organ_id', '=', organId)
      .where('answer_file_id', '=', fileId)
      .execute(),
  ]);
  return [...new Set([...own, ...versions, ...copies, ...answers].map((r) => r.id))];
}

async function fileClaims(db: DbOrTrx, organId: string, fileId: string, p: Principal | null): Promise<ContentClaim[]> {
  const ids = await holders(db, organId, fileId);
  if (ids.length === 0) return [];
  const docs = await db.selectFrom('outgoing_docs').select(['id', 'confidentiality']).where('id', 'in', ids).execute();
  const out: ContentClaim[] = [];
  for (const d of docs) {
    let visible = false;
    if (p) {
      try {
        await loadDoc(db, p, d.id, new Date());
        visible = true;
      } catch {
        visible = false;
      }
    }
    out.push({ ref: `outgoing:${d.id}`, confRank: rankOf(d.confidentiality), visible });
  }
  return out;
}

async function documentRanks(db: DbOrTrx, organId: string, ids: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('outgoing_docs')
    .select(['id', 'confidentiality'])
    .where('organ_id', '=', organId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, rankOf(r.confidentiality)]));
}

registerContentOwner({
  name: 'outgoing',
  fileClaims,
  entityRanks: { outgoing: documentRanks },
  links: [{ re: /^\/outgoing\/(?:doc\/)?([0-9a-f-]{36})/i, entityType: 'outgoing' }],
});
