/**
 * Adapter to the incoming module. The calls marked NEEDED stand in for functions the incoming module does
 * not offer yet; they are kept here, small and named, so they can be swapped for the real service calls:
 *  - registerInternalCopy: "register an internal incoming copy from an issued outgoing document" (today:
 *    registerElectronic, which files it as received-and-waiting for the clerk; source kind 'edxml' stands in for 'internal');
 *  - markAnswered: "mark an incoming document done because an issued document answered it" (NEEDED);
 *  - withdrawInternalCopy: "withdraw an incoming copy with a residual record" (NEEDED; today only the
 *    outgoing side's residual record and the recipient's access are handled here).
 */
import type { Deps } from '../../deps';
import type { Trx } from '../../db/database';
import type { Actor } from '../audit/audit.service';
import { registerElectronic } from '../incoming/incoming.service';
import { emitStatus } from '../incoming/incoming.events';
import type { StagedFile } from '../incoming/incoming.prepare';
import type { PutResult } from '../blobs/blobs.store';

export interface IssuedFacts { organId: string; organName: string; outgoingId: string; docType: string; number: string; notation: string; issuedDate: string; subject: string; urgency: string; confidentiality: string; signerName: string | null; recipientName: string }

export async function registerInternalCopy(deps: Deps, actor: Actor, facts: IssuedFacts, file: { put: PutResult; name: string }, recipientId: string): Promise<string> {
  const files: StagedFile[] = [{ put: file.put, name: file.name }];
  const r = await registerElectronic(deps, facts.organId, {
    meta: {
      docTypeCode: facts.docType, number: facts.number, notation: facts.notation, issuedDate: facts.issuedDate, issuingOrganId: null, issuingOrganName: facts.organName,
      subject: facts.subject, signerName: facts.signerName, urgency: facts.urgency, confidentiality: facts.confidentiality, recipients: facts.recipientName, confirmDuplicate: true, signerPosition: null, description: null,
      documentIdentifier: `internal:${recipientId}`,
    },
    files,
    source: { kind: 'edxml', senderOrganId: facts.organId, senderOrganName: `${facts.organName} (nội bộ)`, documentId: facts.outgoingId, packageId: `internal:${recipientId}` },
  }, actor);
  return r.id;
}

/** NEEDED from incoming: a service call that closes an incoming document answered by `outgoingId`. */
export async function markAnswered(trx: Trx, actor: Actor, input: { organId: string; incomingId: string; outgoingId: string; numberNotation: string; at: Date }): Promise<boolean> {
  const r = await trx
    .updateTable('incoming_documents')
    .set({ status: 'done', completed_at: input.at, completed_by: actor.userId, completion_note: `Đã trả lời bằng văn bản ${input.numberNotation}`, answer_outgoing_id: input.outgoingId, answer_ref: input.numberNotation, updated_at: input.at })
    .where('id', '=', input.incomingId)
    .where('organ_id', '=', input.organId)
    .where('status', '!=', 'done')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await emitStatus(trx, { organId: input.organId, documentId: input.incomingId, code: '06', description: `Hoàn thành: đã trả lời bằng văn bản ${input.numberNotation}`, actorName: actor.name, at: input.at });
  return true;
}

export async function incomingExists(trx: Trx, organId: string, incomingId: string): Promise<boolean> {
  return !!(await trx.selectFrom('incoming_documents').select('id').where('id', '=', incomingId).where('organ_id', '=', organId).executeTakeFirst());
}
