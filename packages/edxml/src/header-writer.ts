// Emits MessageHeader and TraceHeaderList children in the exchange.md §1 order.
import type { Bussiness, MessageHeader, Organ, ResponseFor, StaffInfo, TraceHeaderList } from './types';
import type { XmlOut } from './xml-writer';

export function writeOrgan(o: XmlOut, name: string, organ: Organ): void {
  o.open(name)
    .leaf('OrganId', organ.organId)
    .leaf('OrganizationInCharge', organ.organizationInCharge)
    .leaf('OrganName', organ.organName)
    .leaf('OrganAdd', organ.organAdd)
    .leaf('Email', organ.email)
    .leaf('Telephone', organ.telephone)
    .leaf('Fax', organ.fax)
    .leaf('Website', organ.website)
    .close(name);
}

export function writeResponseFor(o: XmlOut, r: ResponseFor): void {
  o.open('ResponseFor')
    .leaf('OrganId', r.organId)
    .leaf('Code', r.code)
    .leaf('PromulgationDate', r.promulgationDate)
    .leaf('DocumentId', r.documentId)
    .close('ResponseFor');
}

export function writeStaffInfo(o: XmlOut, s: StaffInfo | undefined): void {
  o.block('StaffInfo', s, () =>
    o.leaf('Department', s?.department).leaf('Staff', s?.staff).leaf('Email', s?.email).leaf('Mobile', s?.mobile),
  );
}

export function writeMessageHeader(o: XmlOut, mh: MessageHeader): void {
  const { promulgationInfo: pi, documentType: dt, signerInfo: si, otherInfo: oi } = mh;
  o.open('MessageHeader');
  writeOrgan(o, 'From', mh.from);
  for (const to of mh.to) writeOrgan(o, 'To', to);
  o.leaf('DocumentId', mh.documentId);
  o.open('Code').leaf('CodeNumber', mh.code.codeNumber).leaf('CodeNotation', mh.code.codeNotation).close('Code');
  o.block('PromulgationInfo', pi, () => o.leaf('Place', pi?.place).leaf('PromulgationDate', pi?.promulgationDate));
  o.block('DocumentType', dt, () =>
    o.leaf('Type', dt?.type).leaf('TypeDetail', dt?.typeDetail).leaf('TypeName', dt?.typeName),
  );
  o.leaf('Subject', mh.subject).leaf('Content', mh.content);
  o.block('SignerInfo', si, () =>
    o.leaf('Competence', si?.competence).leaf('Position', si?.position).leaf('FullName', si?.fullName),
  );
  o.leaf('DueDate', mh.dueDate);
  o.block('OtherInfo', oi, () => {
    o.leaf('Priority', oi?.priority)
      .leaf('SphereOfPromulgation', oi?.sphereOfPromulgation)
      .leaf('TyperNotation', oi?.typerNotation)
      .leaf('PromulgationAmount', oi?.promulgationAmount)
      .leaf('PageAmount', oi?.pageAmount)
      .leaf('Direction', oi?.direction);
    o.block('Appendixes', oi?.appendixes.length, () => oi?.appendixes.forEach((a) => o.leaf('Appendix', a)));
  });
  for (const r of mh.responseFor) writeResponseFor(o, r);
  o.leaf('SteeringType', mh.steeringType);
  o.block('ToPlaces', mh.toPlaces.length, () => mh.toPlaces.forEach((p) => o.leaf('Place', p)));
  o.close('MessageHeader');
}

function writeBussiness(o: XmlOut, b: Bussiness): void {
  const info = b.bussinessDocumentInfo;
  o.open('Bussiness')
    .leaf('DocumentId', b.documentId)
    .leaf('BussinessDocType', b.bussinessDocType)
    .leaf('BussinessDocReason', b.bussinessDocReason)
    .leaf('Paper', b.paper);
  o.block('BussinessDocumentInfo', info, () => {
    o.leaf('DocumentInfo', info?.documentInfo).leaf('DocumentReceiver', info?.documentReceiver);
    o.block('ReceiverList', info?.receiverList.length, () =>
      info?.receiverList.forEach((r) =>
        o.open('Receiver').leaf('OrganId', r.organId).leaf('ReceiverType', r.receiverType).close('Receiver'),
      ),
    );
  });
  o.block('ReplacementInfoList', b.replacementInfoList.length, () =>
    b.replacementInfoList.forEach((r) => {
      o.open('ReplacementInfo').leaf('DocumentId', r.documentId);
      o.block('OrganIdList', r.organIdList.length, () => r.organIdList.forEach((id) => o.leaf('OrganId', id)));
      o.close('ReplacementInfo');
    }),
  );
  writeStaffInfo(o, b.staffInfo);
  o.close('Bussiness');
}

export function writeTraceHeaderList(o: XmlOut, t: TraceHeaderList): void {
  o.open('TraceHeaderList');
  for (const h of t.traceHeaders)
    o.open('TraceHeader').leaf('OrganId', h.organId).leaf('Timestamp', h.timestamp).close('TraceHeader');
  if (t.bussiness) writeBussiness(o, t.bussiness);
  o.close('TraceHeaderList');
}
