/**
 * Receiving: list the hub's deliveries for the organ, fetch each package (streamed), parse it with the
 * attachments going straight into the blob store, check it, hand documents to the incoming module and
 * statuses to the tracking, then acknowledge to the hub — only after our rows have committed.
 */
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { isEdxmlError, parseEdxml, validateEdoc, type ParsedEdoc, type ParsedStatus } from '@vanthu/edxml';
import type { HubClient, ReceivedEdoc } from '@vanthu/hub/client';
import type { Deps } from '../../deps';
import type { Actor } from '../audit';
import { hubClientFor, notePoll, requireConnector, type Connector } from './exchange.connector';
import { blobSink, discardOutcomes, type SinkOutcome } from './exchange.sink';
import { applyRecipientStatus, notifyOutgoing, queueStatusToSender } from './exchange.status';
import { verifyAttachedPdf } from './exchange.ports';
import { acceptDocument, applyBusiness, refOf } from './exchange.accept';

export const systemActor = (organId: string): Actor => ({ userId: null, name: 'Liên thông (hệ thống)', organId });

const MAX_PACKAGE_BYTES = 512 * 1024 * 1024;
/** A package that takes longer than this is left for the next poll (the loop must never stall on one). */
const ITEM_TIMEOUT_MS = 5 * 60_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new Error(`exchange.receive_timeout: quá ${ms / 1000} giây`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

export interface PollResult {
  listed: number;
  processed: number;
  failed: number;
}

/** One poll of the organ's connector. Tests call it directly; the runtime loop calls it every few seconds. */
export async function pollOnce(
  deps: Deps,
  organId: string,
  opts: { limit?: number; concurrency?: number } = {},
): Promise<PollResult> {
  const c = await requireConnector(deps.db, organId);
  const client = hubClientFor(c);
  let items: ReceivedEdoc[];
  try {
    items = await client.getReceivedEdocList({ limit: opts.limit ?? 200 });
  } catch (err) {
    await notePoll(deps.db, organId, (err as Error).message);
    throw err;
  }
  // New documents first, then revokes/updates/replacements and statuses (they refer to documents).
  const first = items.filter((i) => i.messageType === 'edoc' && !Number(i.businessDocType ?? 0));
  const then = items.filter((i) => !first.includes(i));
  let processed = 0;
  let failed = 0;
  const run = async (list: ReceivedEdoc[], concurrency: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, list.length) }, async () => {
        while (next < list.length) {
          const item = list[next++]!;
          try {
            await withTimeout(receiveItem(deps, c, client, item), ITEM_TIMEOUT_MS);
            processed++;
          } catch (err) {
            failed++;
            deps.log.warn({ err, organId, docId: item.docId }, 'exchange: receiving a package failed; will retry');
          }
        }
      }),
    );
  };
  await run(first, opts.concurrency ?? 8);
  // Statuses of different documents are independent and a late status never moves the tracking back,
  // so they run concurrently too; a revoke waits for (and retries until) the document it names.
  await run(then, 4);
  await notePoll(deps.db, organId, null);
  return { listed: items.length, processed, failed };
}

const FINAL = new Set(['received', 'registered', 'rejected', 'withdrawn', 'applied', 'invalid']);

async function receiveItem(deps: Deps, c: Connector, client: HubClient, item: ReceivedEdoc): Promise<void> {
  const done = await deps.db
    .selectFrom('exchange_inbox')
    .select(['state'])
    .where('organ_id', '=', c.organId)
    .where('hub_doc_id', '=', item.docId)
    .executeTakeFirst();
  if (done && FINAL.has(done.state)) {
    await client.updateStatus(item.docId, done.state === 'invalid' ? 'fail' : 'done');
    return;
  }
  const raw =
    c.kind === 'internal_hub'
      ? await client.getEdocStream(item.docId)
      : Readable.from(await client.getEdoc(item.docId));
  let bytes = 0;
  const stream = raw.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        cb(null, chunk);
      },
    }),
  );
  let rawBytes = 0;
  let rawEnded = false;
  raw.on('data', (chunk: Buffer) => (rawBytes += chunk.length));
  raw.once('end', () => (rawEnded = true));
  raw.once('error', (err) => stream.destroy(err));
  const { sink, settle } = blobSink(deps, MAX_PACKAGE_BYTES);
  let parsed: ParsedEdoc | ParsedStatus;
  let outcomes: Map<string, SinkOutcome>;
  try {
    parsed = await parseEdxml(stream, { attachmentSink: sink });
    outcomes = await settle();
  } catch (err) {
    await discardOutcomes(deps, await settle());
    if (!isEdxmlError(err)) throw err;
    // A transfer cut short (hub restarted mid-stream) is not a bad package: try again at the next poll.
    // But a parser that refuses the package (too deep, bad base64…) stops reading early, so the rest of
    // the transfer is read (and dropped) to tell the two apart: a complete transfer that does not parse
    // is refused once — recorded with its reason, answered fail to the hub — never fetched again
    // (issue 10 hole 7).
    raw.unpipe(stream);
    stream.destroy();
    const complete = rawEnded || (await drained(raw));
    const expected = Number(item.size ?? 0);
    if (!complete || (expected > 0 && Math.max(bytes, rawBytes) < expected)) {
      throw new Error(`exchange.transfer_incomplete: ${Math.max(bytes, rawBytes)}/${expected} bytes`);
    }
    await recordInvalid(deps, c, item, err.code, `Gói tin không đọc được (${err.code}): ${err.message}`);
    await client.updateStatus(item.docId, 'fail');
    return;
  }
  if (parsed.kind === 'status') {
    await receiveStatus(deps, c, item, parsed);
    await client.updateStatus(item.docId, 'done');
    return;
  }
  try {
    const ok = await receiveEdoc(deps, c, item, parsed, outcomes);
    await client.updateStatus(item.docId, ok ? 'done' : 'fail');
  } catch (err) {
    await discardOutcomes(deps, outcomes);
    throw err;
  }
}

/** Reads what is left of a transfer; true when it ended normally (false when it broke off). */
function drained(raw: Readable): Promise<boolean> {
  if (raw.readableEnded) return Promise.resolve(true);
  if (raw.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    raw.once('end', () => resolve(true));
    raw.once('error', () => resolve(false));
    raw.once('close', () => resolve(raw.readableEnded));
    raw.resume();
  });
}

async function recordInvalid(
  deps: Deps,
  c: Connector,
  item: ReceivedEdoc,
  code: string,
  message: string,
  extra: { documentId?: string; subject?: string } = {},
) {
  const values = {
    organ_id: c.organId,
    hub_doc_id: item.docId,
    sender_code: item.from ?? '',
    document_id: extra.documentId ?? String(item.documentId ?? ''),
    message_type: item.messageType,
    business_type: Number(item.businessDocType ?? 0),
    state: 'invalid' as const,
    subject: (extra.subject ?? '').slice(0, 500),
    error_code: code,
    error_message: message.slice(0, 2000),
    updated_at: new Date(),
    acked_at: new Date(),
  };
  await deps.db
    .insertInto('exchange_inbox')
    .values(values)
    .onConflict((oc) => oc.columns(['organ_id', 'hub_doc_id']).doUpdateSet(values))
    .execute();
}

async function receiveStatus(deps: Deps, c: Connector, item: ReceivedEdoc, parsed: ParsedStatus): Promise<void> {
  const s = parsed.status;
  const at = deps.now();
  const notify = await deps.db.transaction().execute(async (trx) => {
    const ins = await trx
      .insertInto('exchange_inbox')
      .values({
        organ_id: c.organId,
        hub_doc_id: item.docId,
        sender_code: s.from.organId,
        document_id: s.responseFor.documentId ?? '',
        message_type: 'status',
        status_code: s.statusCode,
        state: 'applied',
        subject: (s.description ?? '').slice(0, 500),
        code: s.responseFor.code ?? '',
        meta: JSON.stringify(s),
        updated_at: at,
        acked_at: at,
      })
      .onConflict((oc) => oc.columns(['organ_id', 'hub_doc_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!ins) return null;
    if (s.statusCode === '13') {
      // The sender asks for its document back: the văn thư decides (15 accept / 16 refuse).
      await trx
        .updateTable('exchange_inbox')
        .set({ retrieval: 'requested', retrieval_reason: s.description ?? null, updated_at: at })
        .where('organ_id', '=', c.organId)
        .where('sender_code', '=', s.from.organId)
        .where('document_id', '=', s.responseFor.documentId ?? '')
        .where('message_type', '=', 'edoc')
        .where('business_type', '=', 0)
        .execute();
      return null;
    }
    const r = await applyRecipientStatus(trx, c.organId, {
      from: s.from.organId,
      documentId: s.responseFor.documentId ?? '',
      statusCode: s.statusCode,
      description: s.description,
      at,
    });
    return r.changed && r.outgoingRef ? r.outgoingRef : null;
  });
  if (notify) await notifyOutgoing(deps, c.organId, notify, s.from.organId, s.statusCode, s.description);
}

/** Checks a document package; false when it was refused (recorded, answered with 02 when possible). */
async function receiveEdoc(
  deps: Deps,
  c: Connector,
  item: ReceivedEdoc,
  parsed: ParsedEdoc,
  outcomes: Map<string, SinkOutcome>,
): Promise<boolean> {
  const mh = parsed.header.messageHeader;
  const issues = validateEdoc(parsed, { strictOrganCodes: false });
  if (issues.length > 0) {
    await discardOutcomes(deps, outcomes);
    await recordInvalid(
      deps,
      c,
      item,
      'exchange.package_invalid',
      'Gói tin không hợp lệ: ' + issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      { documentId: mh.documentId, subject: mh.subject },
    );
    return false;
  }
  if (!mh.to.some((t) => t.organId === c.organCode)) {
    await discardOutcomes(deps, outcomes);
    await recordInvalid(
      deps,
      c,
      item,
      'exchange.not_addressee',
      `Văn bản không gửi đến cơ quan ${c.organCode} (nơi nhận: ${mh.to.map((t) => t.organId).join(', ')}).`,
      { documentId: mh.documentId, subject: mh.subject },
    );
    return false;
  }
  const files = collectFiles(parsed, outcomes);
  if (files.length > 0 && files.every((f) => !f.put)) {
    // Every attachment was refused (type, size, bad archive…): a document without its content is not
    // received; the sender is told with status 02 (issue 10 hole 7).
    await discardOutcomes(deps, outcomes);
    const reasons = files.map((f) => `${f.name}: ${f.error ?? 'bị từ chối'}`).join('; ');
    const message = `Mọi tệp đính kèm đều bị từ chối — ${reasons}`;
    const code = `${mh.code.codeNumber}/${mh.code.codeNotation}`;
    await deps.db.transaction().execute(async (trx) => {
      const values = {
        organ_id: c.organId,
        hub_doc_id: item.docId,
        sender_code: mh.from.organId,
        document_id: mh.documentId,
        message_type: 'edoc' as const,
        business_type: Number(parsed.header.traceHeaderList.bussiness?.bussinessDocType ?? 0),
        state: 'invalid' as const,
        subject: mh.subject.slice(0, 500),
        code: code.slice(0, 200),
        error_code: 'exchange.attachments_refused',
        error_message: message.slice(0, 2000),
        updated_at: new Date(),
        acked_at: new Date(),
      };
      const ins = await trx
        .insertInto('exchange_inbox')
        .values(values)
        .onConflict((oc) => oc.columns(['organ_id', 'hub_doc_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (ins)
        await queueStatusToSender(
          trx,
          refOf(c, mh.from.organId, mh.documentId, code),
          '02',
          `Từ chối tiếp nhận: ${message}`.slice(0, 1000),
        );
    });
    return false;
  }
  const firstPdf = files.find((f) => f.put?.kind === 'pdf');
  const signature = await verifyAttachedPdf(firstPdf?.put ? await readBlob(deps, firstPdf.put.sha256) : null);
  const business = parsed.header.traceHeaderList.bussiness;
  const type = Number(business?.bussinessDocType ?? 0);
  if (type === 1) {
    await applyBusiness(deps, c, item, parsed, 'revoke');
    return true;
  }
  await acceptDocument(deps, c, item, parsed, files, signature);
  if (type === 3) await applyBusiness(deps, c, item, parsed, 'replace');
  return true;
}

export interface ReceivedFile {
  key: string;
  name: string;
  contentType: string;
  put: SinkOutcome['put'];
  error: string | null;
}

function collectFiles(parsed: ParsedEdoc, outcomes: Map<string, SinkOutcome>): ReceivedFile[] {
  const out: ReceivedFile[] = [];
  for (const a of parsed.attachments) {
    const list = a.zipped && a.entries.length > 0 ? a.entries : [a];
    for (const f of list) {
      const o = outcomes.get(f.key);
      out.push({
        key: f.key,
        name: f.name,
        contentType: f.contentType,
        put: o?.put ?? null,
        error: o?.error ?? 'exchange.file_missing',
      });
    }
  }
  return out;
}

async function readBlob(deps: Deps, sha256: string): Promise<Buffer> {
  if (deps.blobs.path) return fs.promises.readFile(deps.blobs.path(sha256));
  const chunks: Buffer[] = [];
  for await (const ch of deps.blobs.open(sha256)) chunks.push(ch as Buffer);
  return Buffer.concat(chunks);
}
