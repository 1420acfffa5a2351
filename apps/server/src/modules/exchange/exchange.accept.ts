/**
 * Turning a checked document package into a received document: through the incoming module when it offers
 * registerElectronic (its "chờ vào sổ" list), otherwise kept in the exchange inbox. Then revoke/replace
 * of documents received earlier, answered with status 15.
 */
import type { ParsedEdoc } from '@vanthu/edxml';
import type { ReceivedEdoc } from '@vanthu/hub/client';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { recordAudit } from '../audit';
import { recordFile } from '../blobs';
import type { Connector } from './exchange.connector';
import { metaFromHeader } from './exchange.map';
import { incomingPort, type SignatureReport } from './exchange.ports';
import type { ReceivedFile } from './exchange.receive';
import { queueStatusToSender, type InboxRef } from './exchange.status';
import type { PutResult } from '../blobs';

const actorFor = (organId: string) => ({ userId: null, name: 'Liên thông (hệ thống)', organId });

export const refOf = (c: Connector, senderCode: string, documentId: string, code: string): InboxRef => ({
  organId: c.organId,
  organCode: c.organCode,
  organName: c.organName,
  senderCode,
  documentId,
  code,
});

const idOf = (r: unknown): string | null =>
  typeof r === 'string' ? r : r && typeof r === 'object' && 'id' in r ? String((r as { id: unknown }).id) : null;

export async function acceptDocument(
  deps: Deps,
  c: Connector,
  item: ReceivedEdoc,
  parsed: ParsedEdoc,
  files: ReceivedFile[],
  signature: SignatureReport,
): Promise<void> {
  const mh = parsed.header.messageHeader;
  const type = Number(parsed.header.traceHeaderList.bussiness?.bussinessDocType ?? 0);
  const meta = metaFromHeader(mh, new Date(deps.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10));
  const code = `${mh.code.codeNumber}/${mh.code.codeNotation}`;
  const ref = refOf(c, mh.from.organId, mh.documentId, code);
  const filesJson = files.map((f) => ({
    key: f.key,
    name: f.name,
    contentType: f.contentType,
    sha256: f.put?.sha256 ?? null,
    size: f.put?.size ?? null,
    mime: f.put?.mime ?? null,
    error: f.error,
    fileId: null as string | null,
  }));
  const base = {
    organ_id: c.organId,
    hub_doc_id: item.docId,
    sender_code: mh.from.organId,
    document_id: mh.documentId,
    message_type: 'edoc' as const,
    business_type: type,
    subject: mh.subject.slice(0, 500),
    code: code.slice(0, 200),
    meta: JSON.stringify({
      header: parsed.header,
      warnings: parsed.warnings,
      envelopeSignature: parsed.envelopeSignature ?? null,
    }),
    signature: JSON.stringify(signature),
    updated_at: new Date(),
  };
  const answer = async (trx: DbOrTrx) => {
    await queueStatusToSender(trx, ref, '01');
    if (type === 2 || type === 3)
      await queueStatusToSender(
        trx,
        { ...ref, documentId: parsed.header.traceHeaderList.bussiness?.documentId ?? mh.documentId },
        '15',
        type === 2 ? 'Đồng ý cập nhật' : 'Đồng ý thay thế',
      );
  };
  const port = await incomingPort();
  if (!port) {
    await deps.db.transaction().execute(async (trx) => {
      const ins = await trx
        .insertInto('exchange_inbox')
        .values({ ...base, state: 'received', files: '[]' })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!ins) return; // fetched before, or the same document delivered twice: registered once
      for (const f of filesJson) {
        const put = files.find((x) => x.key === f.key)?.put;
        if (put) f.fileId = await recordFile(trx, { organId: c.organId, put, name: f.name, uploadedBy: null });
      }
      await trx
        .updateTable('exchange_inbox')
        .set({ files: JSON.stringify(filesJson) })
        .where('id', '=', ins.id)
        .execute();
      await answer(trx);
      await recordAudit(trx, actorFor(c.organId), {
        action: 'exchange.receive',
        entityType: 'exchange_inbox',
        entityId: ins.id,
        summary: `Nhận văn bản điện tử ${code} từ ${mh.from.organId}: ${mh.subject.slice(0, 200)}`,
      });
    });
    return;
  }
  // Through the incoming module: the inbox row is committed first ('receiving') so that a second fetch
  // of the same package finds it; the incoming document is then created and the row completed.
  const ins = await deps.db
    .insertInto('exchange_inbox')
    .values({ ...base, state: 'receiving', files: JSON.stringify(filesJson) })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  let rowId = ins?.id;
  if (!rowId) {
    const ex = await deps.db
      .selectFrom('exchange_inbox')
      .select(['id', 'state'])
      .where('organ_id', '=', c.organId)
      .where('hub_doc_id', '=', item.docId)
      .executeTakeFirst();
    if (!ex || ex.state !== 'receiving') return;
    rowId = ex.id;
  }
  const stored = files.filter((f) => f.put).map((f) => ({ put: f.put as PutResult, name: f.name }));
  const result = await port.registerElectronic(
    deps,
    c.organId,
    {
      meta,
      files: stored,
      source: {
        kind: 'edxml',
        senderOrganId: mh.from.organId,
        ...(mh.from.organName ? { senderOrganName: mh.from.organName } : {}),
        documentId: mh.documentId,
        packageId: item.docId,
        signature,
      },
    },
    actorFor(c.organId),
  );
  const incomingId = idOf(result);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('exchange_inbox')
      .set({ state: 'received', incoming_ref: incomingId, updated_at: new Date() })
      .where('id', '=', rowId)
      .execute();
    await answer(trx);
  });
}

/** Withdraws a received document (revoke, accepted retrieval, replacement): the inbox row stays as the residual record. */
export async function withdrawReceived(
  deps: Deps,
  organId: string,
  row: { id: string; incoming_ref: string | null },
  reason: string,
): Promise<void> {
  const port = await incomingPort();
  if (port?.withdraw && row.incoming_ref)
    await port.withdraw(deps, organId, row.incoming_ref, reason, actorFor(organId));
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('exchange_inbox')
      .set({ state: 'withdrawn', error_message: reason.slice(0, 2000), updated_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, actorFor(organId), {
      action: 'exchange.withdraw',
      entityType: 'exchange_inbox',
      entityId: row.id,
      summary: `Thu hồi văn bản đã nhận: ${reason.slice(0, 200)}`,
    });
  });
}

async function findReceived(db: DbOrTrx, organId: string, senderCode: string, documentId: string) {
  return db
    .selectFrom('exchange_inbox')
    .select(['id', 'incoming_ref', 'state', 'code'])
    .where('organ_id', '=', organId)
    .where('sender_code', '=', senderCode)
    .where('document_id', '=', documentId)
    .where('message_type', '=', 'edoc')
    .where('business_type', 'in', [0, 2, 3])
    .where('state', 'not in', ['invalid', 'failed'])
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Revoke (BussinessDocType 1) or replace (3) of documents this organ received from the same sender. */
export async function applyBusiness(
  deps: Deps,
  c: Connector,
  item: ReceivedEdoc,
  parsed: ParsedEdoc,
  kind: 'revoke' | 'replace',
): Promise<void> {
  const mh = parsed.header.messageHeader;
  const b = parsed.header.traceHeaderList.bussiness;
  const reason =
    b?.bussinessDocReason ?? (kind === 'revoke' ? 'Cơ quan gửi thu hồi văn bản' : 'Văn bản đã được thay thế');
  const targets =
    kind === 'revoke'
      ? [b?.documentId ?? mh.documentId]
      : (b?.replacementInfoList ?? [])
          .filter((r) => r.organIdList.length === 0 || r.organIdList.includes(c.organCode))
          .map((r) => r.documentId);
  for (const documentId of targets) {
    const original = await findReceived(deps.db, c.organId, mh.from.organId, documentId);
    if (!original) {
      const ageMs = Date.now() - new Date(item.created_time).getTime();
      if (kind === 'revoke' && !(ageMs > 3600_000))
        throw new Error('exchange.original_missing: văn bản gốc chưa được nhận; sẽ thử lại');
      continue;
    }
    if (original.state !== 'withdrawn') await withdrawReceived(deps, c.organId, original, reason);
  }
  if (kind === 'replace') return;
  await deps.db.transaction().execute(async (trx) => {
    const ins = await trx
      .insertInto('exchange_inbox')
      .values({
        organ_id: c.organId,
        hub_doc_id: item.docId,
        sender_code: mh.from.organId,
        document_id: mh.documentId,
        message_type: 'edoc',
        business_type: 1,
        state: 'applied',
        subject: mh.subject.slice(0, 500),
        code: `${mh.code.codeNumber}/${mh.code.codeNotation}`.slice(0, 200),
        error_message: reason.slice(0, 2000),
        updated_at: new Date(),
        acked_at: new Date(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (ins)
      await queueStatusToSender(
        trx,
        refOf(c, mh.from.organId, targets[0] ?? mh.documentId, `${mh.code.codeNumber}/${mh.code.codeNotation}`),
        '15',
        'Đồng ý thu hồi: đã thu hồi văn bản',
      );
  });
}
