import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { CONTENT_LOCK_SQL, contentLockKey, type Queryable } from './db';

export type MessageType = 'edoc' | 'status';
export type DeliveryState = 'pending' | 'delivered' | 'done' | 'fail';
export type TransportStatus = 'processing' | 'done' | 'fail';

export interface NewPackage {
  senderOrgan: string;
  senderSystem: string;
  documentId: string;
  messageType: MessageType;
  businessType: number;
  statusCode: string;
  responseOrgan: string;
  sha256: string;
  size: number;
  storagePath: string;
  recipients: string[];
  /** Trích yếu and số/ký hiệu from the header (getSentEdocList's title and notation). */
  title?: string;
  notation?: string;
}

const KEY_MATCH = `p.sender_organ = $2 AND p.document_id = $4 AND p.message_type = $5 AND p.business_type = $6::smallint
  AND p.status_code = $7 AND p.response_organ = $8`;

/**
 * Records a package and its deliveries in one statement on `client` (already in BEGIN), under the
 * content lock of its sha256, taken by that statement before the row is inserted. `place` moves the file
 * to its content address; it runs only for a new package, after the statement and before COMMIT.
 * A duplicate (same idempotency key) returns the first DocId and only adds recipients it did not have.
 * Only organs some system speaks for are delivered to; the caller rolls back when any is unknown.
 */
export async function insertPackage(
  client: pg.PoolClient,
  p: NewPackage,
  now: Date,
  place: () => Promise<void>,
): Promise<{ docId: string; duplicate: boolean; placed: boolean; unknownRecipients: string[] }> {
  const newId: string = randomUUID();
  const r = await client.query<{ id: string | null; fresh: boolean; known: string[] }>({
    name: 'hub_insert_package',
    text: `WITH content_lock AS (${CONTENT_LOCK_SQL.xactExpr('$13')}),
     ins AS (
       INSERT INTO hub_packages (id, sender_organ, sender_system, document_id, message_type, business_type, status_code,
                                 response_organ, sha256, size, storage_path, created_at, title, notation)
       SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::smallint, $7::text, $8::text, $9::text, $10::bigint,
              $11::text, $12::timestamptz, $15::text, $16::text
         FROM content_lock
       ON CONFLICT (sender_organ, document_id, message_type, business_type, status_code, response_organ) DO NOTHING
       RETURNING id),
     pkg AS (SELECT id FROM ins UNION ALL SELECT p.id FROM hub_packages p WHERE ${KEY_MATCH} AND NOT EXISTS (SELECT 1 FROM ins)),
     known AS (SELECT organ_code FROM hub_system_organs WHERE organ_code = ANY($14::text[])),
     dels AS (
       INSERT INTO hub_deliveries (id, package_id, recipient_organ, state, created_at, updated_at)
       SELECT gen_random_uuid(), pkg.id, known.organ_code, 'pending', $12, $12 FROM pkg CROSS JOIN known
       ON CONFLICT (package_id, recipient_organ) DO NOTHING RETURNING 1)
     SELECT (SELECT id FROM pkg LIMIT 1) AS id, EXISTS (SELECT 1 FROM ins) AS fresh,
            array(SELECT organ_code FROM known) AS known, (SELECT count(*) FROM dels) AS added`,
    values: [
      newId,
      p.senderOrgan,
      p.senderSystem,
      p.documentId,
      p.messageType,
      p.businessType,
      p.statusCode,
      p.responseOrgan,
      p.sha256,
      p.size,
      p.storagePath,
      now,
      contentLockKey(p.sha256),
      p.recipients,
      p.title ?? '',
      p.notation ?? '',
    ],
  });
  const row = r.rows[0]!;
  const known = new Set(row.known);
  const unknownRecipients = p.recipients.filter((x) => !known.has(x));
  if (row.fresh) {
    await place();
    return { docId: row.id!, duplicate: false, placed: true, unknownRecipients };
  }
  if (row.id) return { docId: row.id, duplicate: true, placed: false, unknownRecipients };
  // A concurrent send of the same package committed after this statement's snapshot was taken:
  // read it with a new snapshot and add the deliveries it lacks.
  const ex = await client.query<{ id: string }>(
    `SELECT id FROM hub_packages WHERE sender_organ = $1 AND document_id = $2 AND message_type = $3
        AND business_type = $4 AND status_code = $5 AND response_organ = $6`,
    [p.senderOrgan, p.documentId, p.messageType, p.businessType, p.statusCode, p.responseOrgan],
  );
  const docId = ex.rows[0]!.id;
  await client.query(
    `INSERT INTO hub_deliveries (id, package_id, recipient_organ, state, created_at, updated_at)
     SELECT gen_random_uuid(), $1, unnest($2::text[]), 'pending', $3, $3
     ON CONFLICT (package_id, recipient_organ) DO NOTHING`,
    [docId, [...known], now],
  );
  return { docId, duplicate: true, placed: false, unknownRecipients };
}

export interface ReceivedItem {
  deliveryId: string;
  packageId: string;
  state: DeliveryState;
  transportStatus: TransportStatus | null;
  createdAt: Date;
  updatedAt: Date;
  recipientOrgan: string;
  senderOrgan: string;
  messageType: MessageType;
  documentId: string;
  statusCode: string;
  businessType: number;
  size: number;
  sha256: string;
}

export async function listReceived(
  db: Queryable,
  organs: string[],
  messageType: MessageType | null,
  limit: number,
): Promise<ReceivedItem[]> {
  const r = await db.query<ReceivedItem>({
    name: 'hub_list_received',
    text: `SELECT d.id AS "deliveryId", p.id AS "packageId", d.state, d.transport_status AS "transportStatus",
            d.created_at AS "createdAt", d.updated_at AS "updatedAt", d.recipient_organ AS "recipientOrgan",
            p.sender_organ AS "senderOrgan", p.message_type AS "messageType", p.document_id AS "documentId",
            p.status_code AS "statusCode", p.business_type AS "businessType", p.size::float8 AS size, p.sha256
       FROM hub_deliveries d JOIN hub_packages p ON p.id = d.package_id
      WHERE d.recipient_organ = ANY($1::text[]) AND d.state IN ('pending', 'delivered')
        AND ($2::text IS NULL OR p.message_type = $2)
      ORDER BY d.created_at, d.id
      LIMIT $3`,
    values: [organs, messageType, limit],
  });
  return r.rows;
}

/** How many open deliveries of a message type wait for these organs (countReceiveEdoc / countReceiveStatus). */
export async function countReceived(db: Queryable, organs: string[], messageType: MessageType): Promise<number> {
  const r = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM hub_deliveries d JOIN hub_packages p ON p.id = d.package_id
      WHERE d.recipient_organ = ANY($1::text[]) AND d.state IN ('pending', 'delivered') AND p.message_type = $2`,
    [organs, messageType],
  );
  return Number(r.rows[0]?.n ?? 0);
}

export interface StoredPackage {
  storagePath: string;
  size: number;
  sha256: string;
}

/**
 * Resolves a DocId the caller may read: a delivery to one of its organs (marked fetched) or a package
 * one of its organs sent.
 */
export async function openForRead(
  db: Queryable,
  docId: string,
  organs: string[],
  now: Date,
): Promise<StoredPackage | null> {
  const d = await db.query<StoredPackage>({
    name: 'hub_open_delivery',
    text: `WITH d AS (
       UPDATE hub_deliveries SET state = CASE WHEN state = 'pending' THEN 'delivered' ELSE state END,
              fetched_at = COALESCE(fetched_at, $3), updated_at = $3
        WHERE id = $1 AND recipient_organ = ANY($2::text[]) RETURNING package_id)
     SELECT p.storage_path AS "storagePath", p.size::float8 AS size, p.sha256 FROM hub_packages p JOIN d ON d.package_id = p.id`,
    values: [docId, organs, now],
  });
  if (d.rows[0]) return d.rows[0];
  const s = await db.query<StoredPackage>(
    `SELECT storage_path AS "storagePath", size::float8 AS size, sha256 FROM hub_packages WHERE id = $1 AND sender_organ = ANY($2::text[])`,
    [docId, organs],
  );
  return s.rows[0] ?? null;
}

export type UpdateOutcome = 'updated' | 'unchanged' | 'final' | 'not_found';

export async function updateDelivery(
  db: Queryable,
  docId: string,
  organs: string[],
  status: TransportStatus,
  now: Date,
): Promise<UpdateOutcome> {
  const u = await db.query({
    name: 'hub_update_delivery',
    text: `UPDATE hub_deliveries
        SET transport_status = $3,
            state = CASE WHEN $3 IN ('done', 'fail') THEN $3 WHEN state = 'pending' THEN 'delivered' ELSE state END,
            done_at = CASE WHEN $3 IN ('done', 'fail') THEN $4 ELSE done_at END,
            updated_at = $4
      WHERE id = $1 AND recipient_organ = ANY($2::text[]) AND state IN ('pending', 'delivered')`,
    values: [docId, organs, status, now],
  });
  if ((u.rowCount ?? 0) > 0) return 'updated';
  const s = await db.query<{ state: DeliveryState }>(
    'SELECT state FROM hub_deliveries WHERE id = $1 AND recipient_organ = ANY($2::text[])',
    [docId, organs],
  );
  const row = s.rows[0];
  if (!row) return 'not_found';
  return row.state === status ? 'unchanged' : 'final';
}

export interface SentItem {
  packageId: string;
  deliveryId: string;
  documentId: string;
  messageType: MessageType;
  senderOrgan: string;
  recipientOrgan: string;
  state: DeliveryState;
  transportStatus: TransportStatus | null;
  createdAt: Date;
  updatedAt: Date;
  fetchedAt: Date | null;
  doneAt: Date | null;
  title: string;
  notation: string;
}

export async function listSent(
  db: Queryable,
  organs: string[],
  filter: { packageId: string | null; messageType: MessageType | null; limit: number },
): Promise<SentItem[]> {
  const r = await db.query<SentItem>(
    `SELECT p.id AS "packageId", d.id AS "deliveryId", p.document_id AS "documentId", p.message_type AS "messageType",
            p.sender_organ AS "senderOrgan", d.recipient_organ AS "recipientOrgan", d.state, d.transport_status AS "transportStatus",
            p.created_at AS "createdAt", d.updated_at AS "updatedAt", d.fetched_at AS "fetchedAt", d.done_at AS "doneAt",
            p.title, p.notation
       FROM hub_packages p JOIN hub_deliveries d ON d.package_id = p.id
      WHERE p.sender_organ = ANY($1::text[])
        AND ($2::uuid IS NULL OR p.id = $2) AND ($3::text IS NULL OR p.message_type = $3)
      ORDER BY p.created_at DESC, p.id, d.recipient_organ
      LIMIT $4`,
    [organs, filter.packageId, filter.messageType, filter.limit],
  );
  return r.rows;
}
