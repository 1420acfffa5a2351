// Namespace and element-name conventions of QCVN 102:2016 edXML.
export const EDXML_NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** Elements of the edXML vocabulary are accepted in the edXML namespace or in no namespace. */
export function isEdxmlNamespace(uri: string | undefined): boolean {
  return uri === undefined || uri === '' || uri === EDXML_NS;
}

/** Single-s spellings some senders use, mapped to the wire (double-s) spelling. */
const SPELLING: Record<string, string> = {
  Business: 'Bussiness',
  BusinessDocType: 'BussinessDocType',
  BusinessDocReason: 'BussinessDocReason',
  BusinessDocumentInfo: 'BussinessDocumentInfo',
};

export function canonicalName(local: string): string {
  return SPELLING[local] ?? local;
}

export function stripCid(contentId: string): string {
  const t = contentId.trim();
  return /^cid:/i.test(t) ? t.slice(4).trim() : t;
}
