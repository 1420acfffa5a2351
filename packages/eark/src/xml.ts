// A small, bounded element tree for METS and PREMIS documents. Hostile input is refused, not expanded:
// no DOCTYPE (so no entity declarations or external entities), a cap on size, depth and element count.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { EarkError } from './errors';

export interface XmlAttr {
  uri: string;
  local: string;
  value: string;
}

export interface XmlEl {
  local: string;
  uri: string;
  attrs: XmlAttr[];
  children: XmlEl[];
  text: string;
  line: number;
  parent?: XmlEl;
}

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 64 * 1024 * 1024, maxDepth: 256, maxElements: 2_000_000 };

export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const METS_NS = 'http://www.loc.gov/METS/';

export function parseXml(input: Buffer | string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlEl {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > limits.maxBytes) throw new EarkError('xml.too_large', `XML larger than ${limits.maxBytes} bytes`);
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlEl[] = [];
  let root: XmlEl | undefined;
  let count = 0;
  let failure: EarkError | undefined;
  parser.on('doctype', () => {
    failure ??= new EarkError('xml.doctype', 'DOCTYPE declarations (and so entities) are not accepted');
    throw failure;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    count++;
    if (count > limits.maxElements) throw (failure = new EarkError('xml.too_many_elements', 'too many XML elements'));
    if (stack.length >= limits.maxDepth)
      throw (failure = new EarkError('xml.too_deep', `XML nested deeper than ${limits.maxDepth}`));
    const attrs: XmlAttr[] = [];
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attrs.push({ uri: a.uri ?? '', local: a.local, value: a.value });
    }
    const el: XmlEl = { local: tag.local, uri: tag.uri ?? '', attrs, children: [], text: '', line: parser.line };
    const parent = stack[stack.length - 1];
    if (parent) {
      el.parent = parent;
      parent.children.push(el);
    } else if (root) {
      throw (failure = new EarkError('xml.malformed', 'more than one root element'));
    } else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top && top.text.length < 1_000_000) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top && top.text.length < 1_000_000) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if (failure) throw failure;
    throw new EarkError('xml.malformed', `XML not well-formed: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!root) throw new EarkError('xml.malformed', 'no root element');
  return root;
}

/** Attribute by local name; `uri` undefined matches any namespace (CSIP extension attributes are spelled in several cases). */
export function attr(el: XmlEl | undefined, local: string, uri?: string): string | undefined {
  if (!el) return undefined;
  const a = el.attrs.find((x) => x.local === local && (uri === undefined || x.uri === uri));
  return a?.value;
}

export function xlink(el: XmlEl | undefined, local: string): string | undefined {
  if (!el) return undefined;
  return attr(el, local, XLINK_NS) ?? el.attrs.find((x) => x.local === local && /xlink/i.test(x.uri))?.value;
}

export function kids(el: XmlEl | undefined, local: string): XmlEl[] {
  return el ? el.children.filter((c) => c.local === local) : [];
}

export function kid(el: XmlEl | undefined, local: string): XmlEl | undefined {
  return el?.children.find((c) => c.local === local);
}

export function* descendants(el: XmlEl, local?: string): Generator<XmlEl> {
  const stack = [...el.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (!local || n.local === local) yield n;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
}
