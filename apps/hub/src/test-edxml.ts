import { randomBytes } from 'node:crypto';

/**
 * Small edXML packages for tests and the benchmark, shaped like the VPCP SDK samples
 * (exchange.md §1–2): enough for the hub, which reads only the header.
 */
const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';

const organ = (tag: string, id: string) =>
  `<edXML:${tag}><edXML:OrganId>${id}</edXML:OrganId><edXML:OrganName>Cơ quan ${id}</edXML:OrganName></edXML:${tag}>`;

export function buildTestEdoc(o: {
  from: string;
  to: string[];
  documentId: string;
  businessDocType?: number;
  attachmentBytes?: number;
  subject?: string;
}): Buffer {
  const att = randomBytes(o.attachmentBytes ?? 1024).toString('base64');
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${NS}"><edXML:edXMLEnvelope xmlns:edXML="${NS}">` +
    `<edXML:edXMLHeader><edXML:MessageHeader>${organ('From', o.from)}${o.to.map((t) => organ('To', t)).join('')}` +
    `<edXML:DocumentId>${o.documentId}</edXML:DocumentId>` +
    `<edXML:Code><edXML:CodeNumber>12</edXML:CodeNumber><edXML:CodeNotation>UBND-VP</edXML:CodeNotation></edXML:Code>` +
    `<edXML:Subject>${o.subject ?? 'V/v thử nghiệm liên thông văn bản'}</edXML:Subject></edXML:MessageHeader>` +
    `<edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>${o.from}</edXML:OrganId>` +
    `<edXML:Timestamp>2025/01/02 08:00:00</edXML:Timestamp></edXML:TraceHeader>` +
    `<edXML:Bussiness><edXML:BussinessDocType>${o.businessDocType ?? 0}</edXML:BussinessDocType><edXML:Paper>0</edXML:Paper></edXML:Bussiness>` +
    `</edXML:TraceHeaderList></edXML:edXMLHeader><edXML:edXMLBody><edXML:edXMLManifest version="1.0">` +
    `<edXML:Reference><edXML:ContentId>cid:1</edXML:ContentId><edXML:ContentType>application/pdf</edXML:ContentType>` +
    `<edXML:AttachmentName>vanban.pdf</edXML:AttachmentName></edXML:Reference></edXML:edXMLManifest></edXML:edXMLBody>` +
    `</edXML:edXMLEnvelope><AttachmentEncoded><Attachment><ContentId>cid:1</ContentId><AttachmentName>vanban.pdf</AttachmentName>` +
    `<ContentType>application/pdf</ContentType><ContentTransferEncoded>${att}</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>`;
  return Buffer.from(xml, 'utf8');
}

export function buildTestStatus(o: {
  from: string;
  responseFor: { organId: string; documentId: string };
  code: string;
}): Buffer {
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${NS}"><edXML:edXMLEnvelope xmlns:edXML="${NS}">` +
    `<edXML:edXMLHeader><edXML:MessageHeader>${organ('From', o.from)}` +
    `<edXML:ResponseFor><edXML:OrganId>${o.responseFor.organId}</edXML:OrganId><edXML:Code>12/UBND-VP</edXML:Code>` +
    `<edXML:DocumentId>${o.responseFor.documentId}</edXML:DocumentId></edXML:ResponseFor>` +
    `<edXML:StatusCode>${o.code}</edXML:StatusCode><edXML:Description>Trạng thái ${o.code}</edXML:Description>` +
    `<edXML:Timestamp>2025/01/02 09:00:00</edXML:Timestamp></edXML:MessageHeader></edXML:edXMLHeader>` +
    `</edXML:edXMLEnvelope></edXML>`;
  return Buffer.from(xml, 'utf8');
}
