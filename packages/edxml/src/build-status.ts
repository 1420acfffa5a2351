// buildStatus: a status package (§2): From, ResponseFor, StaffInfo, StatusCode, Description, Timestamp.
import { Readable } from 'node:stream';
import { formatEdxmlTimestamp, partsFromDate } from './dates';
import { EdxmlError } from './errors';
import { writeOrgan, writeResponseFor, writeStaffInfo } from './header-writer';
import { EDXML_NS } from './names';
import type { StatusMessage } from './types';
import { XmlOut } from './xml-writer';

export type StatusMeta = Omit<StatusMessage, 'timestamp'> & { timestamp?: string };

export function statusToXml(meta: StatusMeta, now = new Date()): string {
  if (!meta?.from?.organId || !meta.responseFor || !meta.statusCode) {
    throw new EdxmlError('edxml.bad_meta', 'from.organId, responseFor and statusCode are required');
  }
  const o = new XmlOut('edXML', 2);
  o.open('edXMLHeader').open('MessageHeader');
  writeOrgan(o, 'From', meta.from);
  writeResponseFor(o, meta.responseFor);
  writeStaffInfo(o, meta.staffInfo);
  o.leaf('StatusCode', meta.statusCode)
    .leaf('Description', meta.description)
    .leaf('Timestamp', meta.timestamp ?? formatEdxmlTimestamp(partsFromDate(now)));
  o.close('MessageHeader').close('edXMLHeader');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${EDXML_NS}">\n` +
    `  <edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">\n${o.toString()}  </edXML:edXMLEnvelope>\n</edXML>\n`
  );
}

export function buildStatus(meta: StatusMeta, now = new Date()): Readable {
  return Readable.from([Buffer.from(statusToXml(meta, now))], { objectMode: false });
}
