/**
 * Adapter to the incoming module. The calls marked NEEDED stand in for functions the incoming module does
 * not offer yet; they are kept here, small and named, so they can be swapped for the real service calls:
 *  - registerInternalCopy: "register an internal incoming copy from an issued outgoing document" (today:
 *    registerElectronic, which files it as received-and-waiting for the clerk; source kind 'edxml' stands in for 'internal');
 *  - markAnswered: the incoming module's markAnsweredByOutgoing, inside the issuing transaction;
 *  - withdrawInternalCopy: the incoming module's withdrawElectronic, run from the queued job
 *    outgoing.withdraw_internal enqueued by a recall.
 */
import type { Deps } from '../../deps';
import type { Actor } from '../audit';
import { incomingDocumentExists, markAnsweredByOutgoing, registerElectronic, withdrawElectronic } from '../incoming';
import type { StagedFile } from '../incoming';
import type { PutResult } from '../blobs';

export interface IssuedFacts {
  organId: string;
  organName: string;
  outgoingId: string;
  docType: string;
  number: string;
  notation: string;
  issuedDate: string;
  subject: string;
  urgency: string;
  confidentiality: string;
  signerName: string | null;
  recipientName: string;
}

export async function registerInternalCopy(
  deps: Deps,
  actor: Actor,
  facts: IssuedFacts,
  file: { put: PutResult; name: string },
  recipientId: string,
): Promise<string> {
  const files: StagedFile[] = [{ put: file.put, name: file.name }];
  const r = await registerElectronic(
    deps,
    facts.organId,
    {
      meta: {
        docTypeCode: facts.docType,
        number: facts.number,
        notation: facts.notation,
        issuedDate: facts.issuedDate,
        issuingOrganId: null,
        issuingOrganName: facts.organName,
        subject: facts.subject,
        signerName: facts.signerName,
        urgency: facts.urgency,
        confidentiality: facts.confidentiality,
        recipients: facts.recipientName,
        confirmDuplicate: true,
        signerPosition: null,
        description: null,
        documentIdentifier: `internal:${recipientId}`,
      },
      files,
      source: {
        kind: 'edxml',
        senderOrganId: facts.organId,
        senderOrganName: `${facts.organName} (nội bộ)`,
        documentId: facts.outgoingId,
        packageId: `internal:${recipientId}`,
      },
    },
    actor,
  );
  return r.id;
}

/** Closes the incoming document answered by an issued outgoing document (the incoming module's service). */
export const markAnswered = markAnsweredByOutgoing;
export const incomingExists = incomingDocumentExists;

/** An internal recipient's incoming copy is withdrawn by the incoming module (from a queued job). */
export function withdrawInternalCopy(
  deps: Deps,
  actor: Actor,
  input: { organId: string; incomingId: string; reason: string },
) {
  return withdrawElectronic(deps, input.organId, input.incomingId, input.reason, actor);
}
