import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';

/** The header fields the hub routes on. */
export interface PackageHeader {
  from?: string;
  to: string[];
  documentId?: string;
  statusCode?: string;
  responseFor?: { organId?: string; documentId?: string };
  businessDocType?: number;
  /** MessageHeader/Subject (trích yếu) and Code/CodeNumber + '/' + Code/CodeNotation (số, ký hiệu). */
  subject?: string;
  codeNumber?: string;
  codeNotation?: string;
}

/** The header must start within this many bytes (attachments come after the envelope). */
export const MAX_HEADER_BYTES = 8 * 1024 * 1024;
const SLICE = 8 * 1024;

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * A streaming scan of an edXML package that stops at the end of edXMLHeader: feed it the chunks as
 * they arrive, never the whole package. Tolerates stray bytes before `<?xml`, a BOM, element prefixes
 * and any element order; refuses DOCTYPE (no entities).
 */
export class HeaderScanner {
  readonly header: PackageHeader = { to: [] };
  done = false;
  error: string | null = null;
  private readonly parser = new SaxesParser({ xmlns: false });
  private readonly decoder = new StringDecoder('utf8');
  private readonly stack: string[] = [];
  private text = '';
  private started = false;
  private seen = 0;
  private responseForCount = 0;

  constructor() {
    const p = this.parser;
    p.on('doctype', () => this.fail('DOCTYPE không được phép trong gói edXML'));
    p.on('error', (e) => this.fail(e.message));
    p.on('opentag', (tag) => {
      this.stack.push(local(tag.name));
      this.text = '';
      if (this.stack.length === 4 && this.stack[3] === 'MessageHeader') this.responseForCount = 0;
      if (this.isIn('ResponseFor') && this.stack[this.stack.length - 1] === 'ResponseFor') this.responseForCount++;
    });
    p.on('text', (t) => {
      if (this.stack.length >= 4) this.text += t;
    });
    p.on('cdata', (t) => {
      if (this.stack.length >= 4) this.text += t;
    });
    p.on('closetag', () => {
      this.capture(this.text.trim());
      const name = this.stack.pop();
      this.text = '';
      if (name === 'edXMLHeader' || name === 'edXMLEnvelope' || this.stack.length === 0) this.done = true;
    });
  }

  /** Feeds one chunk; returns true while more input is wanted. */
  push(chunk: Buffer): boolean {
    // In slices, so that the parser stops soon after the header instead of scanning a whole
    // network chunk of base64 attachment.
    for (let i = 0; i < chunk.length && !this.done && !this.error; i += SLICE)
      this.pushSlice(chunk.subarray(i, i + SLICE));
    return !this.done && !this.error;
  }

  private pushSlice(chunk: Buffer): void {
    this.seen += chunk.length;
    let s = this.decoder.write(chunk);
    if (!this.started) {
      const lt = s.indexOf('<');
      if (lt < 0) {
        this.checkLimit();
        return;
      }
      s = s.slice(lt); // stray bytes ("1212") or a BOM before <?xml
      this.started = true;
    }
    this.parser.write(s);
    this.checkLimit();
  }

  /** Signals the end of the input; sets an error when the header was never completed. */
  end(): void {
    if (this.done || this.error) return;
    if (this.started) this.parser.write(this.decoder.end());
    if (!this.done && !this.error) this.fail('gói tin kết thúc trước khi hết phần edXMLHeader');
  }

  private checkLimit(): void {
    if (this.seen > MAX_HEADER_BYTES) this.fail('không thấy edXMLHeader trong 8 MB đầu');
  }

  private fail(message: string): void {
    if (!this.error && !this.done) this.error = message;
  }

  private isIn(name: string): boolean {
    return this.stack.includes(name);
  }

  /** Path below edXMLHeader, e.g. MessageHeader/From/OrganId. */
  private capture(value: string): void {
    const i = this.stack.indexOf('edXMLHeader');
    if (i < 0) return;
    const rel = this.stack.slice(i + 1);
    const head = rel[0];
    const h = this.header;
    if (head === 'MessageHeader' || head === 'Status') {
      const path = rel.slice(1).join('/');
      if (path === 'From/OrganId') h.from = value;
      else if (path === 'To/OrganId' && value) h.to.push(value);
      else if (path === 'DocumentId') h.documentId = value;
      else if (path === 'StatusCode') h.statusCode = value;
      else if (path === 'Subject') h.subject = value;
      else if (path === 'Code/CodeNumber') h.codeNumber = value;
      else if (path === 'Code/CodeNotation') h.codeNotation = value;
      else if (this.responseForCount === 1 && (path === 'ResponseFor/OrganId' || path === 'ResponseFor/DocumentId')) {
        h.responseFor ??= {};
        if (path === 'ResponseFor/OrganId') h.responseFor.organId = value;
        else h.responseFor.documentId = value;
      }
    } else if (head === 'TraceHeaderList' && rel.length === 3) {
      const block = rel[1];
      const field = rel[2];
      if (
        (block === 'Bussiness' || block === 'Business') &&
        (field === 'BussinessDocType' || field === 'BusinessDocType')
      ) {
        const n = Number(value);
        if (Number.isInteger(n)) h.businessDocType = n;
      }
    }
  }
}
