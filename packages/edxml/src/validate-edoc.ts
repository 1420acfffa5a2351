// validateEdoc: required fields, lengths, ranges, dates, agency codes, recipients, manifest ↔ attachments.
import { IssueList, type ValidationIssue } from './issues';
import type { Bussiness, MessageHeader, ParsedEdoc } from './types';

/** QCVN 102: CodeNumber String 11. */
export const CODE_NUMBER_MAX = 11;
/** Longest CodeNumber accepted from a received package (national gateway packages carry 12–20 characters). */
export const CODE_NUMBER_TOLERATED = 50;

export interface ValidateOptions {
  /**
   * Our own packages: agency codes in the canonical 4-level form and CodeNumber ≤ 11 characters; default false
   * (received packages: loose codes, CodeNumber ≤ CODE_NUMBER_TOLERATED).
   */
  strictOrganCodes?: boolean;
}

/** What validateEdoc needs; a ParsedEdoc fits, as does a header with no attachments. */
export type EdocLike = Pick<ParsedEdoc, 'header'> &
  Partial<Pick<ParsedEdoc, 'manifest' | 'attachments' | 'fieldIssues'>>;

export function validateEdoc(doc: EdocLike, options: ValidateOptions = {}): ValidationIssue[] {
  const v = new IssueList(options.strictOrganCodes ?? false);
  for (const f of doc.fieldIssues ?? []) v.add(f.code, f.path, f.message);
  messageHeader(v, doc.header.messageHeader);
  const t = doc.header.traceHeaderList;
  if (t.traceHeaders.length === 0) v.required('TraceHeaderList.TraceHeader', undefined);
  t.traceHeaders.forEach((h, i) => {
    v.organId(`TraceHeaderList.TraceHeader[${i}].OrganId`, h.organId);
    if (v.required(`TraceHeaderList.TraceHeader[${i}].Timestamp`, h.timestamp))
      v.timestamp(`TraceHeaderList.TraceHeader[${i}].Timestamp`, h.timestamp);
  });
  if (t.bussiness) bussiness(v, t.bussiness);
  manifest(v, doc);
  return v.items;
}

function messageHeader(v: IssueList, mh: MessageHeader): void {
  const p = 'MessageHeader';
  v.organ(`${p}.From`, mh.from);
  if (mh.to.length === 0) v.required(`${p}.To`, undefined);
  const seen = new Set<string>();
  mh.to.forEach((o, i) => {
    v.organ(`${p}.To[${i}]`, o);
    if (o.organId && seen.has(o.organId))
      v.add('edxml.duplicate_recipient', `${p}.To[${i}].OrganId`, `Nơi nhận ${o.organId} bị lặp.`);
    seen.add(o.organId);
  });
  v.required(`${p}.DocumentId`, mh.documentId);
  // Tolerant reader, strict writer: received numbers up to CODE_NUMBER_TOLERATED characters pass (parseEdxml warns
  // edxml.code_number_long); ours keep QCVN 102's 11 (and buildEdoc refuses more).
  if (v.required(`${p}.Code.CodeNumber`, mh.code.codeNumber))
    v.maxLength(
      `${p}.Code.CodeNumber`,
      mh.code.codeNumber,
      v.strictOrganCodes ? CODE_NUMBER_MAX : CODE_NUMBER_TOLERATED,
    );
  if (v.required(`${p}.Code.CodeNotation`, mh.code.codeNotation))
    v.maxLength(`${p}.Code.CodeNotation`, mh.code.codeNotation, 30);
  v.maxLength(`${p}.PromulgationInfo.Place`, mh.promulgationInfo?.place, 50);
  v.date(`${p}.PromulgationInfo.PromulgationDate`, mh.promulgationInfo?.promulgationDate);
  v.maxLength(`${p}.DocumentType.TypeName`, mh.documentType?.typeName, 100);
  if (v.required(`${p}.Subject`, mh.subject)) v.maxLength(`${p}.Subject`, mh.subject, 500);
  v.maxLength(`${p}.Content`, mh.content, 500);
  v.date(`${p}.DueDate`, mh.dueDate);
  const oi = mh.otherInfo;
  if (oi) {
    v.range(`${p}.OtherInfo.Priority`, oi.priority, 0, 4, 'edxml.bad_priority');
    v.maxLength(`${p}.OtherInfo.SphereOfPromulgation`, oi.sphereOfPromulgation, 100);
    v.maxLength(`${p}.OtherInfo.TyperNotation`, oi.typerNotation, 10);
    v.range(`${p}.OtherInfo.PromulgationAmount`, oi.promulgationAmount, 0, 65535);
    v.range(`${p}.OtherInfo.PageAmount`, oi.pageAmount, 0, 65535);
    oi.appendixes.forEach((a, i) => v.maxLength(`${p}.OtherInfo.Appendixes.Appendix[${i}]`, a, 250));
  }
  mh.responseFor.forEach((r, i) => {
    v.organId(`${p}.ResponseFor[${i}].OrganId`, r.organId);
    v.date(`${p}.ResponseFor[${i}].PromulgationDate`, r.promulgationDate);
  });
  mh.toPlaces.forEach((pl, i) => v.maxLength(`${p}.ToPlaces.Place[${i}]`, pl, 150));
}

function bussiness(v: IssueList, b: Bussiness): void {
  const p = 'TraceHeaderList.Bussiness';
  if (b.bussinessDocType === undefined) v.required(`${p}.BussinessDocType`, undefined);
  v.range(`${p}.BussinessDocType`, b.bussinessDocType, 0, 3, 'edxml.bad_business_doc_type');
  v.range(`${p}.Paper`, b.paper, 0, 1);
  v.staff(`${p}.StaffInfo`, b.staffInfo);
  if (b.bussinessDocType === 2) v.required(`${p}.DocumentId`, b.documentId);
  if (b.bussinessDocType === 3 && b.replacementInfoList.length === 0) v.required(`${p}.ReplacementInfoList`, undefined);
  const info = b.bussinessDocumentInfo;
  if (info) {
    v.range(`${p}.BussinessDocumentInfo.DocumentInfo`, info.documentInfo, 0, 1);
    v.range(`${p}.BussinessDocumentInfo.DocumentReceiver`, info.documentReceiver, 0, 1);
    info.receiverList.forEach((r, i) => {
      v.organId(`${p}.BussinessDocumentInfo.ReceiverList.Receiver[${i}].OrganId`, r.organId);
      v.range(`${p}.BussinessDocumentInfo.ReceiverList.Receiver[${i}].ReceiverType`, r.receiverType, 0, 1);
    });
  }
  b.replacementInfoList.forEach((r, i) => {
    v.required(`${p}.ReplacementInfoList.ReplacementInfo[${i}].DocumentId`, r.documentId);
    r.organIdList.forEach((id, j) =>
      v.organId(`${p}.ReplacementInfoList.ReplacementInfo[${i}].OrganIdList.OrganId[${j}]`, id),
    );
  });
}

function manifest(v: IssueList, doc: EdocLike): void {
  const refs = doc.manifest ?? [];
  const atts = doc.attachments ?? [];
  const attIds = new Set<string>();
  atts.forEach((a, i) => {
    const path = `AttachmentEncoded.Attachment[${i}]`;
    if (!v.required(`${path}.ContentId`, a.contentId)) return;
    if (attIds.has(a.contentId))
      v.add('edxml.duplicate_content_id', `${path}.ContentId`, `ContentId ${a.contentId} bị lặp.`);
    attIds.add(a.contentId);
    v.required(`${path}.AttachmentName`, a.name);
  });
  const refIds = new Set(refs.map((r) => r.contentId));
  refs.forEach((r, i) => {
    const path = `edXMLBody.edXMLManifest.Reference[${i}].ContentId`;
    if (!v.required(path, r.contentId)) return;
    if (!attIds.has(r.contentId))
      v.add(
        'edxml.manifest_missing_attachment',
        path,
        `Danh mục nhắc tới tệp ${r.contentId} nhưng gói không có tệp này.`,
      );
  });
  atts.forEach((a, i) => {
    if (a.contentId && !refIds.has(a.contentId)) {
      v.add(
        'edxml.attachment_not_in_manifest',
        `AttachmentEncoded.Attachment[${i}].ContentId`,
        `Tệp ${a.contentId} không có trong danh mục.`,
      );
    }
  });
}
