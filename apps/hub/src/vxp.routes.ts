import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actingOrgans, authenticate, type AuthContext } from './auth';
import type { HubDeps } from './context';
import { HubError } from './errors';
import {
  countReceived,
  listReceived,
  listSent,
  openForRead,
  updateDelivery,
  type MessageType,
  type TransportStatus,
} from './packages.repo';
import { base64Envelope, iso, ok, stateDesc } from './reply';
import { sendEdoc, sendHeaders } from './send.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function auth(req: FastifyRequest): AuthContext {
  if (!req.hubAuth) throw new HubError('hub.auth_missing_header');
  return req.hubAuth;
}

function docIdOf(value: string | undefined): string {
  if (!value) throw new HubError('hub.bad_request', 'thiếu docid');
  if (!UUID.test(value)) throw new HubError('hub.not_found', value);
  return value.toLowerCase();
}

function messageTypeOf(value: string | undefined): MessageType | null {
  if (value === undefined || value === '') return null;
  const v = value.toLowerCase();
  if (v !== 'edoc' && v !== 'status') throw new HubError('hub.bad_request', 'messagetype phải là edoc hoặc status');
  return v;
}

function limitOf(value: string | undefined, def: number, max: number): number {
  if (value === undefined || value === '') return def;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new HubError('hub.bad_request', 'limit');
  return Math.min(n, max);
}

/** Every route of exchange.md §4 behind the XroadVnpt header scheme. */
export async function vxpRoutes(app: FastifyInstance, deps: HubDeps): Promise<void> {
  app.addHook('onRequest', async (req) => {
    req.hubAuth = await authenticate(req.headers, deps.lookupSystem);
  });

  // The official client 2.0.x posts the raw .edxml (application/octet-stream) followed by CRLF; older
  // clients sent a multipart part file_doc (exchange.md §4). Either way the signed hash-file must match.
  app.post('/sendEdoc', async (req) => {
    const ctx = auth(req);
    const sh = sendHeaders(ctx);
    let file: Readable | undefined;
    if (req.isMultipart()) {
      // One byte over the limit reaches our own size check (busboy would silently truncate at the limit).
      const part = await req.file({ limits: { fileSize: deps.maxPackageBytes + 1, files: 1 } });
      if (part && part.fieldname !== 'file_doc') part.file.resume();
      else file = part?.file;
    } else if (req.body instanceof Readable) {
      const len = Number(req.headers['content-length'] ?? '-1');
      if (len !== 0) file = req.body;
    }
    if (!file) throw new HubError('hub.package_missing');
    const out = await sendEdoc(deps, ctx, sh, file);
    return ok({ DocId: out.docId, duplicate: out.duplicate });
  });

  for (const [path, type] of [
    ['/countReceiveEdoc', 'edoc'],
    ['/countReceiveStatus', 'status'],
  ] as const) {
    app.post(path, async (req) => ok({ count: await countReceived(deps.pool, actingOrgans(auth(req)), type) }));
  }

  app.post('/getReceivedEdocList', async (req) => {
    const ctx = auth(req);
    const rows = await listReceived(
      deps.pool,
      actingOrgans(ctx),
      messageTypeOf(ctx.headers.messagetype),
      limitOf(ctx.headers.limit, 100, 1000),
    );
    return ok({
      data: rows.map((r) => ({
        docId: r.deliveryId,
        serviceType: 'eDoc',
        messageType: r.messageType,
        created_time: iso(r.createdAt),
        updated_time: iso(r.updatedAt),
        from: r.senderOrgan,
        to: r.recipientOrgan,
        status: r.state,
        status_desc: stateDesc(r.state, r.transportStatus),
        transportStatus: r.transportStatus,
        senderDocId: r.packageId,
        documentId: r.documentId,
        statusCode: r.statusCode || null,
        businessDocType: r.businessType,
        size: r.size,
        sha256: r.sha256,
      })),
    });
  });

  async function openPackage(req: FastifyRequest, docId: string) {
    const ctx = auth(req);
    const found = await openForRead(deps.pool, docIdOf(docId), actingOrgans(ctx), deps.now());
    if (!found) throw new HubError('hub.not_found', docId);
    const fh = await fs.promises.open(deps.store.absolute(found.storagePath), 'r').catch(() => null);
    if (!fh) throw new HubError('hub.not_found', 'tệp gói tin không còn');
    return { fh, found };
  }

  app.post('/getEdoc', async (req, reply) => {
    const { fh } = await openPackage(req, auth(req).headers.docid ?? '');
    reply.header('content-type', 'application/json; charset=utf-8');
    return reply.send(base64Envelope(fh));
  });

  async function sendRaw(req: FastifyRequest, reply: FastifyReply, docId: string) {
    const { fh, found } = await openPackage(req, docId);
    reply.header('content-type', 'application/octet-stream');
    reply.header('content-length', String(found.size));
    reply.header('x-content-sha256', found.sha256);
    return reply.send(fh.createReadStream({ highWaterMark: 1024 * 1024 }));
  }

  // The official client's download (header docId; the body is the .edxml itself; failures are JSON
  // with a non-200 status).
  app.get('/downloadEdoc', async (req, reply) => sendRaw(req, reply, auth(req).headers.docid ?? ''));
  // Our older extension: the same, with the DocId in the path.
  app.get<{ Params: { docId: string } }>('/edoc/:docId/raw', async (req, reply) =>
    sendRaw(req, reply, req.params.docId),
  );

  app.post('/updateStatus', async (req) => {
    const ctx = auth(req);
    const docId = docIdOf(ctx.headers.docid);
    const status = (ctx.headers.status ?? '').toLowerCase();
    if (status !== 'done' && status !== 'fail' && status !== 'processing')
      throw new HubError('hub.status_invalid', status);
    const outcome = await updateDelivery(deps.pool, docId, actingOrgans(ctx), status as TransportStatus, deps.now());
    if (outcome === 'not_found') throw new HubError('hub.not_found', docId);
    if (outcome === 'final') throw new HubError('hub.status_final');
    return ok({ DocId: docId, changed: outcome === 'updated' });
  });

  app.post('/getSentEdocList', async (req) => {
    const ctx = auth(req);
    const h = ctx.headers;
    const rows = await listSent(deps.pool, actingOrgans(ctx), {
      packageId: h.docid ? docIdOf(h.docid) : null,
      messageType: messageTypeOf(h.messagetype),
      limit: limitOf(h.limit, 500, 5000),
    });
    return ok({
      data: rows.map((r) => ({
        senderDocId: r.packageId,
        receiverDocId: r.deliveryId,
        fromCode: r.senderOrgan,
        toCode: r.recipientOrgan,
        title: r.title,
        notation: r.notation,
        serviceType: 'eDoc',
        messageType: r.messageType,
        sentTime: iso(r.createdAt),
        receivedTime: iso(r.doneAt ?? r.fetchedAt),
        sendStatus: 'done',
        sendStatusDesc: 'Trục đã nhận và lưu gói tin',
        receiveStatus: r.state,
        receiveStatusDesc: stateDesc(r.state, r.transportStatus),
        transportStatus: r.transportStatus,
        docId: r.packageId,
        documentId: r.documentId,
        created_time: iso(r.createdAt),
        updated_time: iso(r.updatedAt),
        fetched_time: iso(r.fetchedAt),
        done_time: iso(r.doneAt),
      })),
    });
  });
}
