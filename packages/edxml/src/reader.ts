// Streaming, namespace-aware reader on top of saxes. Builds a small tree of everything except
// attachment content, which is decoded as it arrives and written to the sink.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { AttachmentWriter, type AttachmentResult } from './attachment-writer';
import { EdxmlError } from './errors';
import type { EdxmlLimits } from './limits';
import { isEdxmlNamespace, stripCid } from './names';
import type { AttachmentSink } from './sinks';
import type { Warning } from './types';
import { childText, makeNode, type XmlNode } from './xml-node';

/**
 * saxes 6 keeps pending character data in `text` until the next markup, across writes. We read
 * and empty it between writes so an attachment's base64 never accumulates, and measure it to
 * bound everything else. `state` 13 is saxes's S_TEXT (character data in an element). The
 * package pins saxes 6.0.x; the memory test fails if these internals change.
 */
interface SaxesInternals {
  text: string;
  name: string;
  state: number;
  carriedFromPrevious?: string;
}
const S_TEXT = 13;
/** Attachment content held by saxes outside plain text (entity, CDATA) before we refuse it. */
const CONTENT_SLACK = 4 * 1024 * 1024;

export interface OpenAttachment {
  node: XmlNode;
  writer?: AttachmentWriter;
  result?: Promise<AttachmentResult>;
}

export class EdxmlReader {
  readonly parser = new SaxesParser({ xmlns: true, position: false });
  private readonly internals = this.parser as unknown as SaxesInternals;
  root: XmlNode | undefined;
  private current: XmlNode | undefined;
  private depth = 0;
  private elements = 0;
  private content: AttachmentWriter | null = null;
  readonly attachments: OpenAttachment[] = [];
  readonly warnings: Warning[] = [];
  /** The edXMLHeader element once it is closed (whether it holds a Signature decides what parse keeps). */
  headerNode: XmlNode | undefined;
  /** Bytes unzipped from every zipped attachment of this package (limits.maxUnzippedBytes). */
  private readonly unzipBudget = { used: 0 };

  constructor(
    private readonly limits: EdxmlLimits,
    private readonly sink: AttachmentSink,
    private readonly unzip: boolean,
  ) {
    const p = this.parser;
    p.on('error', (e) => this.onError(e));
    p.on('doctype', () => {
      throw new EdxmlError('edxml.dtd_forbidden');
    });
    p.on('opentagstart', () => {
      if (++this.depth > limits.maxDepth) throw new EdxmlError('edxml.too_deep', `depth > ${limits.maxDepth}`);
    });
    p.on('opentag', (tag) => this.onOpen(tag));
    p.on('closetag', (tag) => this.onClose(tag));
    p.on('text', (t) => this.onText(t));
    p.on('cdata', (t) => this.onText(t));
  }

  get rootSeen(): boolean {
    return this.root !== undefined;
  }

  write(text: string): void {
    let rest = text;
    const st = this.internals;
    // Fast path: inside attachment content with nothing pending in saxes, character data up to
    // the next markup goes straight to the decoder (saxes would only accumulate it).
    if (this.content && st.state === S_TEXT && st.text === '' && st.carriedFromPrevious === undefined) {
      const stop = rest.search(/[<&\]]/);
      if (stop < 0) {
        this.content.pushText(rest);
        return;
      }
      if (stop > 0) this.content.pushText(rest.slice(0, stop));
      rest = rest.slice(stop);
    }
    try {
      this.parser.write(rest);
    } catch (e) {
      throw asEdxmlError(e);
    }
    if (this.content) {
      if (st.state === S_TEXT && st.text.length > 0) {
        const pending = st.text;
        st.text = '';
        this.content.pushText(pending);
      } else if (st.text.length > CONTENT_SLACK) {
        throw new EdxmlError('edxml.element_too_large', 'attachment content not plain character data');
      }
    } else if (st.text.length > this.limits.maxElementText || st.name.length > this.limits.maxElementText) {
      throw new EdxmlError('edxml.element_too_large', 'pending markup or text too long');
    }
  }

  close(): void {
    try {
      this.parser.close();
    } catch (e) {
      throw asEdxmlError(e);
    }
  }

  /** Waits for sinks to accept more data. */
  async ready(): Promise<void> {
    for (const a of this.attachments) if (a.writer && !a.result) await a.writer.ready();
  }

  abort(): void {
    for (const a of this.attachments) a.writer?.abort();
  }

  private onError(e: Error): void {
    const msg = e.message;
    if (/unbound namespace prefix/.test(msg)) {
      this.warnings.push({ code: 'edxml.unbound_prefix', path: '', message: msg });
      return;
    }
    if (/undefined entity/.test(msg)) throw new EdxmlError('edxml.entity_forbidden', msg);
    throw new EdxmlError('edxml.malformed', msg);
  }

  private onOpen(tag: SaxesTagNS): void {
    const attrs: Record<string, string> = {};
    for (const [k, a] of Object.entries(tag.attributes)) attrs[k] = a.value;
    // saxes reports an unbound prefix as the element's URI; such elements count as unqualified.
    const uri = tag.prefix !== '' && tag.uri === tag.prefix ? '' : tag.uri;
    const node = makeNode(tag.name, tag.local, uri, attrs);
    const parent = this.current;
    if (!parent) {
      if (node.local !== 'edXML' || !isEdxmlNamespace(node.uri))
        throw new EdxmlError('edxml.not_edxml', `root <${tag.name}>`);
      this.root = node;
    } else {
      if (this.content) throw new EdxmlError('edxml.attachment_bad_base64', 'markup inside attachment content');
      if (++this.elements > this.limits.maxElements) throw new EdxmlError('edxml.too_many_elements');
      node.parent = parent;
      parent.children.push(node);
      this.onOpenChild(node, parent);
    }
    this.current = node;
  }

  private onOpenChild(node: XmlNode, parent: XmlNode): void {
    if (node.local === 'Attachment' && parent.local === 'AttachmentEncoded') {
      if (this.attachments.length >= this.limits.maxAttachments) {
        throw new EdxmlError('edxml.too_many_attachments', `more than ${this.limits.maxAttachments}`);
      }
      this.attachments.push({ node });
    } else if (node.local === 'ContentTransferEncoded' && parent.local === 'Attachment') {
      const open = this.attachments.find((a) => a.node === parent);
      if (!open || open.writer) return;
      const key = String(this.attachments.indexOf(open));
      const cid = childText(parent, 'ContentId');
      open.writer = new AttachmentWriter(
        {
          key,
          contentId: cid === undefined ? undefined : stripCid(cid),
          name: childText(parent, 'AttachmentName'),
          contentType: childText(parent, 'ContentType'),
        },
        this.sink,
        this.limits,
        this.unzip,
        this.unzipBudget,
      );
      this.content = open.writer;
    }
  }

  private onClose(_tag: SaxesTagNS): void {
    const node = this.current;
    this.depth--;
    if (!node) return;
    if (node.local === 'edXMLHeader' && !this.headerNode) this.headerNode = node;
    if (this.content && node.local === 'ContentTransferEncoded') {
      const open = this.attachments.find((a) => a.writer === this.content);
      if (open) open.result = this.content.finish();
      open?.result?.catch(() => undefined);
      this.content = null;
    }
    this.current = node.parent;
  }

  private onText(t: string): void {
    if (this.content) {
      this.content.pushText(t);
      return;
    }
    const node = this.current;
    if (!node) return;
    if (node.text.length + t.length > this.limits.maxElementText) {
      throw new EdxmlError('edxml.element_too_large', `<${node.qname}>`);
    }
    // Whitespace between child elements is not kept.
    if (node.children.length > 0 && t.trim() === '') return;
    node.text += t;
  }
}

function asEdxmlError(e: unknown): EdxmlError {
  if (e instanceof EdxmlError) return e;
  return new EdxmlError('edxml.malformed', e instanceof Error ? e.message : String(e), { cause: e });
}
