import * as asn1js from 'asn1js';
import { attributeValue, type ParsedCms } from '../cms/parse';
import { toArrayBuffer } from '../cms/der';
import { OID } from '../oids';

/** CRLs and OCSP responses carried inside the CMS (certificates set and adbe-revocationInfoArchival). */
export function cmsRevocation(cms: ParsedCms): { crls: Uint8Array[]; ocsps: Uint8Array[] } {
  const crls = [...cms.crls];
  const ocsps: Uint8Array[] = [];
  const value = attributeValue(cms.signedAttributes, OID.adbeRevocationInfoArchival);
  if (!value) return { crls, ocsps };
  const asn = asn1js.fromBER(toArrayBuffer(value));
  if (!(asn.result instanceof asn1js.Sequence)) return { crls, ocsps };
  for (const tagged of asn.result.valueBlock.value) {
    if (!(tagged instanceof asn1js.Constructed)) continue;
    const list = tagged.valueBlock.value[0];
    if (!(list instanceof asn1js.Sequence)) continue;
    for (const item of list.valueBlock.value.slice(0, 100)) {
      const der = new Uint8Array(item.toBER(false));
      if (tagged.idBlock.tagNumber === 0) crls.push(der);
      else if (tagged.idBlock.tagNumber === 1) ocsps.push(der);
    }
  }
  return { crls, ocsps };
}
