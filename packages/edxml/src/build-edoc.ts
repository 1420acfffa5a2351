// buildEdoc: streams a package in the structure of the official samples. The header is small and
// built in memory; attachment bytes are read from their sources and base64-encoded as they go.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { encodeBase64Lines } from './base64';
import { formatEdxmlTimestamp, partsFromDate } from './dates';
import { makeDocumentId } from './document-id';
import { EdxmlError } from './errors';
import { writeMessageHeader, writeTraceHeaderList } from './header-writer';
import { EDXML_NS, stripCid } from './names';
import type { MessageHeader, TraceHeaderList } from './types';
import { CODE_NUMBER_MAX } from './validate-edoc';
import { XmlOut } from './xml-writer';

export type MessageHeaderInput = Omit<MessageHeader, 'documentId' | 'responseFor' | 'toPlaces'> & {
  /** Generated in the comma form when absent. */
  documentId?: string;
  responseFor?: MessageHeader['responseFor'];
  toPlaces?: MessageHeader['toPlaces'];
};

export interface EdocMeta {
  messageHeader: MessageHeaderInput;
  /** Default: one TraceHeader (sender, now) and a Bussiness block of type 0 (new document). */
  traceHeaderList?: TraceHeaderList;
}

export interface BuildAttachment {
  name: string;
  contentType: string;
  description?: string;
  /** Without `cid:`; default: its 1-based position. */
  contentId?: string;
  /** Bytes, a readable stream of bytes, or a file path. */
  source: Readable | Buffer | string;
}

/** Fills defaults (DocumentId, trace header) so the result is exactly what buildEdoc writes. */
export function completeEdocMeta(
  meta: EdocMeta,
  now = new Date(),
): { messageHeader: MessageHeader; traceHeaderList: TraceHeaderList } {
  const mh = meta.messageHeader;
  if (!mh?.from?.organId || !mh.code)
    throw new EdxmlError('edxml.bad_meta', 'messageHeader.from.organId and messageHeader.code are required');
  // Strict writer: what we send keeps QCVN 102's CodeNumber String 11 (the reader tolerates longer ones).
  if ([...(mh.code.codeNumber ?? '')].length > CODE_NUMBER_MAX)
    throw new EdxmlError('edxml.bad_meta', `code.codeNumber longer than ${CODE_NUMBER_MAX} characters`);
  const documentId =
    mh.documentId ??
    makeDocumentId(
      mh.from.organId,
      mh.code.codeNumber,
      mh.code.codeNotation,
      mh.promulgationInfo?.promulgationDate ?? now,
    );
  return {
    messageHeader: {
      ...mh,
      to: mh.to ?? [],
      documentId,
      responseFor: mh.responseFor ?? [],
      toPlaces: mh.toPlaces ?? [],
    },
    traceHeaderList: meta.traceHeaderList ?? {
      traceHeaders: [{ organId: mh.from.organId, timestamp: formatEdxmlTimestamp(partsFromDate(now)) }],
      bussiness: { bussinessDocType: 0, paper: 0, replacementInfoList: [] },
    },
  };
}

export function buildEdoc(meta: EdocMeta, attachments: BuildAttachment[] = []): Readable {
  const full = completeEdocMeta(meta);
  const ids = attachments.map((a, i) => (a.contentId === undefined ? String(i + 1) : stripCid(a.contentId)));
  if (new Set(ids).size !== ids.length) throw new EdxmlError('edxml.bad_meta', 'duplicate attachment contentId');
  return Readable.from(generate(full, attachments, ids), { objectMode: false });
}

function envelope(full: ReturnType<typeof completeEdocMeta>, attachments: BuildAttachment[], ids: string[]): string {
  const o = new XmlOut('edXML', 2);
  o.open('edXMLHeader');
  writeMessageHeader(o, full.messageHeader);
  writeTraceHeaderList(o, full.traceHeaderList);
  o.close('edXMLHeader');
  o.open('edXMLBody').open('edXMLManifest', { version: '1.0' });
  attachments.forEach((a, i) => {
    o.open('Reference')
      .leaf('ContentId', `cid:${ids[i]}`)
      .leaf('ContentType', a.contentType)
      .leaf('Description', a.description)
      .leaf('AttachmentName', a.name)
      .close('Reference');
  });
  o.close('edXMLManifest').close('edXMLBody');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${EDXML_NS}">\n` +
    `  <edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">\n${o.toString()}  </edXML:edXMLEnvelope>\n`
  );
}

async function* generate(
  full: ReturnType<typeof completeEdocMeta>,
  attachments: BuildAttachment[],
  ids: string[],
): AsyncGenerator<Buffer> {
  yield Buffer.from(envelope(full, attachments, ids));
  if (attachments.length > 0) {
    yield Buffer.from('  <AttachmentEncoded>\n');
    for (const [i, a] of attachments.entries()) {
      const o = new XmlOut('', 3);
      o.leaf('ContentId', `cid:${ids[i]}`)
        .leaf('AttachmentName', a.name)
        .leaf('Description', a.description)
        .leaf('ContentType', a.contentType);
      yield Buffer.from(
        `    <Attachment>\n${o.toString()}      <edXML:ContentTransferEncoded xmlns:edXML="${EDXML_NS}">\n`,
      );
      for await (const text of encodeSource(a.source)) yield Buffer.from(text);
      yield Buffer.from('</edXML:ContentTransferEncoded>\n    </Attachment>\n');
    }
    yield Buffer.from('  </AttachmentEncoded>\n');
  }
  yield Buffer.from('</edXML>\n');
}

/** 57 bytes make one 76-character base64 line. */
const LINE_BYTES = 57;
const BLOCK = LINE_BYTES * 1024;

async function* encodeSource(source: Readable | Buffer | string): AsyncGenerator<string> {
  if (Buffer.isBuffer(source)) {
    for (let i = 0; i < source.length; i += BLOCK) yield encodeBase64Lines(source.subarray(i, i + BLOCK));
    return;
  }
  const stream = typeof source === 'string' ? createReadStream(source, { highWaterMark: BLOCK }) : source;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const buf = carry.length > 0 ? Buffer.concat([carry, bytes]) : bytes;
    const whole = buf.length - (buf.length % LINE_BYTES);
    if (whole > 0) yield encodeBase64Lines(buf.subarray(0, whole));
    carry = Buffer.from(buf.subarray(whole));
  }
  if (carry.length > 0) yield encodeBase64Lines(carry);
}
