// Maps the element tree of a status package (§2) to the typed model.
import { FieldReader, child, compact } from './map-fields';
import type { StatusMessage } from './types';
import type { XmlNode } from './xml-node';

export function mapStatus(mh: XmlNode, f: FieldReader): StatusMessage {
  return compact({
    from: f.organ(child(mh, 'From')),
    responseFor: f.responseFor(child(mh, 'ResponseFor')),
    staffInfo: f.staffInfo(child(mh, 'StaffInfo')),
    statusCode: f.req(mh, 'StatusCode'),
    description: f.str(mh, 'Description'),
    timestamp: f.timestamp(mh, 'Timestamp') ?? '',
  });
}
