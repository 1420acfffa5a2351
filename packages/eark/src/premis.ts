// PREMIS 3.0 preservation metadata: objects (with fixity), events (ingest, validation, fixity check, migration…)
// and agents, as the archive records them for a package.
export interface PremisObject {
  id: string;
  /** Package-relative path, kept as the original name. */
  name: string;
  size: number;
  sha256: string;
  format?: string;
}

export interface PremisEvent {
  id: string;
  type:
    | 'ingestion'
    | 'validation'
    | 'fixity check'
    | 'migration'
    | 'virus check'
    | 'digital signature validation'
    | 'accession'
    | 'deletion'
    | string;
  date: Date;
  detail?: string;
  outcome: 'success' | 'failure' | 'warning';
  outcomeDetail?: string;
  agentId?: string;
  objectIds?: string[];
}

export interface PremisAgent {
  id: string;
  name: string;
  type: 'software' | 'organization' | 'person';
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const id = (type: string, value: string, tag: string) =>
  `<premis:${tag}Identifier><premis:${tag}IdentifierType>${type}</premis:${tag}IdentifierType><premis:${tag}IdentifierValue>${esc(value)}</premis:${tag}IdentifierValue></premis:${tag}Identifier>`;

export function premisXml(input: { objects: PremisObject[]; events: PremisEvent[]; agents: PremisAgent[] }): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<premis:premis xmlns:premis="http://www.loc.gov/premis/v3" version="3.0">\n',
  ];
  for (const o of input.objects)
    out.push(
      `  <premis:object xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="premis:file">${id('local', o.id, 'object')}` +
        `<premis:objectCharacteristics><premis:compositionLevel>0</premis:compositionLevel><premis:fixity><premis:messageDigestAlgorithm>SHA-256</premis:messageDigestAlgorithm><premis:messageDigest>${o.sha256}</premis:messageDigest></premis:fixity>` +
        `<premis:size>${o.size}</premis:size><premis:format><premis:formatDesignation><premis:formatName>${esc(o.format ?? 'unknown')}</premis:formatName></premis:formatDesignation></premis:format></premis:objectCharacteristics>` +
        `<premis:originalName>${esc(o.name)}</premis:originalName></premis:object>\n`,
    );
  for (const e of input.events)
    out.push(
      `  <premis:event>${id('local', e.id, 'event')}<premis:eventType>${esc(e.type)}</premis:eventType><premis:eventDateTime>${e.date.toISOString()}</premis:eventDateTime>` +
        `${e.detail ? `<premis:eventDetailInformation><premis:eventDetail>${esc(e.detail)}</premis:eventDetail></premis:eventDetailInformation>` : ''}` +
        `<premis:eventOutcomeInformation><premis:eventOutcome>${e.outcome}</premis:eventOutcome>${e.outcomeDetail ? `<premis:eventOutcomeDetail><premis:eventOutcomeDetailNote>${esc(e.outcomeDetail)}</premis:eventOutcomeDetailNote></premis:eventOutcomeDetail>` : ''}</premis:eventOutcomeInformation>` +
        `${e.agentId ? `<premis:linkingAgentIdentifier><premis:linkingAgentIdentifierType>local</premis:linkingAgentIdentifierType><premis:linkingAgentIdentifierValue>${esc(e.agentId)}</premis:linkingAgentIdentifierValue></premis:linkingAgentIdentifier>` : ''}` +
        (e.objectIds ?? [])
          .map(
            (o) =>
              `<premis:linkingObjectIdentifier><premis:linkingObjectIdentifierType>local</premis:linkingObjectIdentifierType><premis:linkingObjectIdentifierValue>${esc(o)}</premis:linkingObjectIdentifierValue></premis:linkingObjectIdentifier>`,
          )
          .join('') +
        `</premis:event>\n`,
    );
  for (const a of input.agents)
    out.push(
      `  <premis:agent>${id('local', a.id, 'agent')}<premis:agentName>${esc(a.name)}</premis:agentName><premis:agentType>${a.type}</premis:agentType></premis:agent>\n`,
    );
  out.push('</premis:premis>\n');
  return out.join('');
}
