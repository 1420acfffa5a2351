// Maps the element tree of an edoc header to the typed model (order-insensitive).
import { FieldReader, child, compact } from './map-fields';
import { childrenOf, type XmlNode } from './xml-node';
import type { Bussiness, EdocHeader, MessageHeader, TraceHeaderList } from './types';

export function mapMessageHeader(mh: XmlNode | undefined, f: FieldReader): MessageHeader {
  const p = 'MessageHeader';
  const code = child(mh, 'Code');
  const prom = child(mh, 'PromulgationInfo');
  const dt = child(mh, 'DocumentType');
  const signer = child(mh, 'SignerInfo');
  const other = child(mh, 'OtherInfo');
  return compact({
    from: f.organ(child(mh, 'From')),
    to: childrenOf(mh, 'To').map((n) => f.organ(n)),
    documentId: f.req(mh, 'DocumentId'),
    code: { codeNumber: f.req(code, 'CodeNumber'), codeNotation: f.req(code, 'CodeNotation') },
    promulgationInfo:
      prom && compact({ place: f.str(prom, 'Place'), promulgationDate: f.date(prom, 'PromulgationDate') }),
    documentType:
      dt &&
      compact({
        type: f.int(dt, 'Type', `${p}.DocumentType`),
        typeDetail: f.int(dt, 'TypeDetail', `${p}.DocumentType`),
        typeName: f.str(dt, 'TypeName'),
      }),
    subject: f.req(mh, 'Subject'),
    content: f.str(mh, 'Content'),
    signerInfo:
      signer &&
      compact({
        competence: f.str(signer, 'Competence'),
        position: f.str(signer, 'Position'),
        fullName: f.str(signer, 'FullName'),
      }),
    dueDate: f.date(mh, 'DueDate'),
    otherInfo:
      other &&
      compact({
        priority: f.int(other, 'Priority', `${p}.OtherInfo`),
        sphereOfPromulgation: f.str(other, 'SphereOfPromulgation'),
        typerNotation: f.str(other, 'TyperNotation'),
        promulgationAmount: f.int(other, 'PromulgationAmount', `${p}.OtherInfo`),
        pageAmount: f.int(other, 'PageAmount', `${p}.OtherInfo`),
        direction: f.bool(other, 'Direction', `${p}.OtherInfo`),
        appendixes: f.list(child(other, 'Appendixes'), 'Appendix'),
      }),
    // Empty ResponseFor blocks (all children blank) are senders' placeholders: dropped.
    responseFor: childrenOf(mh, 'ResponseFor')
      .map((n) => f.responseFor(n))
      .filter((r) => r.organId !== '' || Object.keys(r).length > 1),
    steeringType: f.int(mh, 'SteeringType', p),
    toPlaces: f.list(child(mh, 'ToPlaces'), 'Place'),
  });
}

function mapBussiness(b: XmlNode, f: FieldReader): Bussiness {
  const p = 'TraceHeaderList.Bussiness';
  const info = child(b, 'BussinessDocumentInfo');
  return compact({
    documentId: f.str(b, 'DocumentId'),
    bussinessDocType: f.int(b, 'BussinessDocType', p),
    bussinessDocReason: f.str(b, 'BussinessDocReason'),
    paper: f.int(b, 'Paper', p),
    staffInfo: f.staffInfo(child(b, 'StaffInfo')),
    bussinessDocumentInfo:
      info &&
      compact({
        documentInfo: f.int(info, 'DocumentInfo', `${p}.BussinessDocumentInfo`),
        documentReceiver: f.int(info, 'DocumentReceiver', `${p}.BussinessDocumentInfo`),
        receiverList: childrenOf(child(info, 'ReceiverList'), 'Receiver').map((r) =>
          compact({
            organId: f.req(r, 'OrganId'),
            receiverType: f.int(r, 'ReceiverType', `${p}.BussinessDocumentInfo.ReceiverList.Receiver`),
          }),
        ),
      }),
    replacementInfoList: childrenOf(child(b, 'ReplacementInfoList'), 'ReplacementInfo').map((r) => ({
      documentId: f.req(r, 'DocumentId'),
      organIdList: f.list(child(r, 'OrganIdList'), 'OrganId'),
    })),
  });
}

export function mapTraceHeaderList(t: XmlNode | undefined, f: FieldReader): TraceHeaderList {
  const b = child(t, 'Bussiness');
  return compact({
    traceHeaders: childrenOf(t, 'TraceHeader').map((h) => ({
      organId: f.req(h, 'OrganId'),
      timestamp: f.timestamp(h, 'Timestamp') ?? '',
    })),
    bussiness: b && mapBussiness(b, f),
  });
}

export function mapEdocHeader(header: XmlNode, mh: XmlNode | undefined, f: FieldReader): EdocHeader {
  return {
    messageHeader: mapMessageHeader(mh, f),
    traceHeaderList: mapTraceHeaderList(child(header, 'TraceHeaderList'), f),
  };
}
