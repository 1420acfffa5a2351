import type { Readable } from 'node:stream';
import type pg from 'pg';
import type { AuthContext } from './auth';
import { HubError } from './errors';
import { removeIfUnreferenced } from './gc';
import { HeaderScanner, type PackageHeader } from './header-scan';
import { insertPackage, type MessageType, type NewPackage } from './packages.repo';
import type { PackageStore } from './store';

export interface SendDeps {
  pool: pg.Pool;
  store: PackageStore;
  maxPackageBytes: number;
  now: () => Date;
}

export interface SendHeaders {
  /** The signed hex SHA-256 of the file: the body must match it (with or without the client's trailing CRLF). */
  hashFile: string;
  from: string;
  messageType: MessageType;
  to: string[] | null;
}

/** Reads and checks the business headers of sendEdoc before any byte of the package is read. */
export function sendHeaders(ctx: AuthContext): SendHeaders {
  const h = ctx.headers;
  const from = h.from;
  if (!from) throw new HubError('hub.bad_request', 'thiếu tiêu đề from');
  if (!ctx.system.organs.includes(from)) throw new HubError('hub.auth_foreign_organ', from);
  if (h.servicetype !== undefined && h.servicetype.toLowerCase() !== 'edoc')
    throw new HubError('hub.bad_request', `servicetype ${h.servicetype}`);
  const messageType = (h.messagetype ?? '').toLowerCase();
  if (messageType !== 'edoc' && messageType !== 'status')
    throw new HubError('hub.bad_request', 'messagetype phải là edoc hoặc status');
  let to: string[] | null = null;
  if (h.to !== undefined && h.to !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(h.to);
    } catch {
      throw new HubError('hub.bad_request', 'tiêu đề to phải là mảng JSON');
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string'))
      throw new HubError('hub.bad_request', 'tiêu đề to phải là mảng JSON');
    to = parsed as string[];
  }
  const hashFile = (h['hash-file'] ?? '').trim().toLowerCase();
  if (!hashFile) throw new HubError('hub.auth_unsigned_header', 'hash-file (SHA-256 của gói tin) phải được ký');
  if (!/^[0-9a-f]{64}$/.test(hashFile)) throw new HubError('hub.bad_request', 'hash-file phải là SHA-256 dạng hex');
  return { hashFile, from, messageType, to };
}

/** Derives the routing and idempotency key of a package from its header. */
export function describePackage(
  sh: SendHeaders,
  h: PackageHeader,
): Omit<NewPackage, 'senderSystem' | 'sha256' | 'size' | 'storagePath'> {
  if (!h.from) throw new HubError('hub.package_invalid', 'thiếu From/OrganId');
  if (h.from !== sh.from) throw new HubError('hub.package_from_mismatch', `${h.from} ≠ ${sh.from}`);
  let recipients: string[];
  let documentId: string;
  let statusCode = '';
  let responseOrgan = '';
  if (sh.messageType === 'edoc') {
    if (!h.documentId) throw new HubError('hub.package_invalid', 'thiếu DocumentId');
    documentId = h.documentId;
    recipients = sh.to ?? h.to;
  } else {
    if (!h.statusCode) throw new HubError('hub.package_invalid', 'gói trạng thái thiếu StatusCode');
    if (!h.responseFor?.organId || !h.responseFor.documentId)
      throw new HubError('hub.package_invalid', 'gói trạng thái thiếu ResponseFor');
    documentId = h.responseFor.documentId;
    statusCode = h.statusCode;
    responseOrgan = h.responseFor.organId;
    // Direction (exchange.md §2): for 13 From is the sender and ResponseFor.OrganId the recipient;
    // for the others From is the recipient answering the sender named in ResponseFor. Either way the
    // status goes to ResponseFor.OrganId.
    recipients = sh.to ?? [responseOrgan];
  }
  recipients = [...new Set(recipients.map((r) => r.trim()).filter(Boolean))];
  if (recipients.length === 0) throw new HubError('hub.no_recipient');
  const notation = [h.codeNumber, h.codeNotation].filter(Boolean).join('/');
  return {
    title: (h.subject ?? '').slice(0, 2000),
    notation: notation.slice(0, 200),
    senderOrgan: sh.from,
    documentId,
    messageType: sh.messageType,
    businessType: sh.messageType === 'edoc' ? (h.businessDocType ?? 0) : 0,
    statusCode,
    responseOrgan,
    recipients,
  };
}

/**
 * sendEdoc: stream to a temp file (hashed, header scanned, fsynced), then in one transaction rename it
 * to its content address and record the package and its deliveries. Returns only after COMMIT.
 */
export async function sendEdoc(
  deps: SendDeps,
  ctx: AuthContext,
  sh: SendHeaders,
  file: Readable,
): Promise<{ docId: string; duplicate: boolean }> {
  const scanner = new HeaderScanner();
  const got = await deps.store.receive(file, scanner, deps.maxPackageBytes, sh.hashFile);
  let placed = false;
  try {
    if (scanner.error) throw new HubError('hub.package_invalid', scanner.error);
    const desc = describePackage(sh, scanner.header);
    const pkg: NewPackage = {
      ...desc,
      senderSystem: ctx.system.systemId,
      sha256: got.sha256,
      size: got.size,
      storagePath: deps.store.relativePath(got.sha256),
    };
    const client = await deps.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const out = await insertPackage(client, pkg, deps.now(), async () => {
        await deps.store.place(got.tmp, got.sha256);
        placed = true;
      });
      if (out.unknownRecipients.length > 0)
        throw new HubError('hub.unknown_recipient', out.unknownRecipients.join(', '));
      await client.query('COMMIT');
      if (!placed) await deps.store.discard(got.tmp);
      return { docId: out.docId, duplicate: out.duplicate };
    } catch (err) {
      broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      throw err;
    } finally {
      client.release(broken);
    }
  } catch (err) {
    if (placed) await removeIfUnreferenced(deps.pool, deps.store, got.sha256).catch(() => {});
    else await deps.store.discard(got.tmp);
    throw err;
  }
}
