// A small element tree for the non-attachment part of a package (bounded by the reader's limits).
import { canonicalName, isEdxmlNamespace } from './names';

export interface XmlNode {
  /** Qualified name as written (prefix kept), used to re-serialise opaque parts. */
  qname: string;
  /** Local name, single-s Business spellings mapped to the wire spelling. */
  local: string;
  uri: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
  parent?: XmlNode;
}

export function makeNode(
  qname: string,
  local: string,
  uri: string | undefined,
  attrs: Record<string, string>,
): XmlNode {
  return { qname, local: canonicalName(local), uri: uri ?? '', attrs, children: [], text: '' };
}

/** First child with this local name in the edXML namespace (or none); `anyNamespace` for opaque parts like Signature. */
export function child(node: XmlNode | undefined, local: string, anyNamespace = false): XmlNode | undefined {
  return node?.children.find((c) => c.local === local && (anyNamespace || isEdxmlNamespace(c.uri)));
}

export function childrenOf(node: XmlNode | undefined, local: string): XmlNode[] {
  return node ? node.children.filter((c) => c.local === local && isEdxmlNamespace(c.uri)) : [];
}

/** Trimmed text of a child element, undefined when the child is absent. */
export function childText(node: XmlNode | undefined, local: string): string | undefined {
  const c = child(node, local);
  return c ? c.text.trim() : undefined;
}

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** Re-serialises a subtree (used for the opaque envelope Signature). */
export function serializeNode(node: XmlNode): string {
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('');
  if (node.children.length === 0 && node.text === '') return `<${node.qname}${attrs}/>`;
  const inner = node.children.length === 0 ? escapeText(node.text) : node.children.map(serializeNode).join('');
  return `<${node.qname}${attrs}>${inner}</${node.qname}>`;
}
