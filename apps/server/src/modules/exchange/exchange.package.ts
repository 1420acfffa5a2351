/**
 * The package description stored in an outbox row (JSON) and turned into edXML bytes at send time,
 * streaming attachments from the blob store. Rebuilt on each attempt, so a retry never reuses a spent stream.
 */
import { Transform, type Readable } from 'node:stream';
import { buildEdoc, buildStatus, formatEdxmlTimestamp, type MessageHeaderInput, type StatusMeta } from '@vanthu/edxml';
import type { BlobStore } from '../blobs';

export interface OutFile {
  sha256: string;
  name: string;
  mime: string;
}

export interface OutBusiness {
  /** 0 new, 1 revoke, 2 update, 3 replace. */
  type: 0 | 1 | 2 | 3;
  reason?: string;
  /** The document the business block is about (revoke/update: the original). */
  documentId?: string;
  replacement?: { documentId: string; organIdList: string[] }[];
  staff?: { department?: string; staff?: string; email?: string; mobile?: string };
}

export interface OutEdoc {
  kind: 'edoc';
  header: MessageHeaderInput & { documentId: string };
  business: OutBusiness;
  files: OutFile[];
}

export interface OutStatus {
  kind: 'status';
  status: StatusMeta;
}

export type OutPackage = OutEdoc | OutStatus;

const vnParts = (d: Date) => {
  const v = new Date(d.getTime() + 7 * 3600_000);
  return {
    year: v.getUTCFullYear(),
    month: v.getUTCMonth() + 1,
    day: v.getUTCDate(),
    hour: v.getUTCHours(),
    minute: v.getUTCMinutes(),
    second: v.getUTCSeconds(),
  };
};
export const edxmlNow = (d = new Date()) => formatEdxmlTimestamp(vnParts(d));

export function packageStream(p: OutPackage, blobs: BlobStore, now = new Date()): Readable {
  if (p.kind === 'status') return buildStatus({ ...p.status, timestamp: p.status.timestamp ?? edxmlNow(now) });
  const from = p.header.from.organId;
  return buildEdoc(
    {
      messageHeader: p.header,
      traceHeaderList: {
        traceHeaders: [{ organId: from, timestamp: edxmlNow(now) }],
        bussiness: {
          documentId: p.business.documentId ?? p.header.documentId,
          bussinessDocType: p.business.type,
          bussinessDocReason: p.business.reason,
          paper: 0,
          staffInfo: p.business.staff,
          replacementInfoList: p.business.replacement ?? [],
        },
      },
    },
    p.files.map((f) => ({ name: f.name, contentType: f.mime, source: blobs.open(f.sha256) })),
  );
}

/**
 * Groups the builder's many small writes (one per 76-character base64 line) into 64 KiB chunks: sending
 * thousands of tiny chunks through fetch costs far more than the bytes themselves.
 */
export function coalesce(size = 64 * 1024): Transform {
  let parts: Buffer[] = [];
  let len = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      parts.push(chunk);
      len += chunk.length;
      if (len >= size) {
        const out = Buffer.concat(parts, len);
        parts = [];
        len = 0;
        return cb(null, out);
      }
      cb();
    },
    flush(cb) {
      cb(null, len ? Buffer.concat(parts, len) : undefined);
    },
  });
}
