import type { Deps } from '../../deps';

/**
 * The facts of an issued document that the exchange module puts in an edXML package (read-only), or null when
 * the document is not issued (no number or no sealed file).
 */
export async function getIssuedForExchange(deps: Deps, organId: string, outgoingId: string) {
  const d = await deps.db
    .selectFrom('outgoing_docs')
    .select([
      'doc_type',
      'subject',
      'urgency',
      'confidentiality',
      'number',
      'notation',
      'issued_date',
      'signed_by',
      'sign_rank',
      'sealed_file_id',
      'status',
    ])
    .where('id', '=', outgoingId)
    .where('organ_id', '=', organId)
    .executeTakeFirst();
  if (!d || !d.sealed_file_id || d.number === null || !d.notation) return null;
  const signer = d.signed_by
    ? await deps.db.selectFrom('users').select('full_name').where('id', '=', d.signed_by).executeTakeFirst()
    : undefined;
  const recipients = await deps.db
    .selectFrom('outgoing_recipients')
    .select(['organ_code', 'name'])
    .where('outgoing_id', '=', outgoingId)
    .where('organ_id', '=', organId)
    .where('kind', '=', 'external')
    .execute();
  return { ...d, signerName: signer?.full_name ?? null, recipients };
}
