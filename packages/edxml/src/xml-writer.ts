// Builds indented edXML header markup with the `edXML:` prefix, as in the official samples.
import { escapeAttr, escapeText } from './xml-node';

const INVALID_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content, dropping characters XML 1.0 cannot carry. */
export function xmlText(s: string): string {
  return escapeText(s.replace(INVALID_XML_CHARS, ''));
}

export class XmlOut {
  private readonly parts: string[] = [];
  private level: number;

  constructor(
    private readonly prefix: string,
    startLevel = 0,
  ) {
    this.level = startLevel;
  }

  private q(name: string): string {
    return this.prefix ? `${this.prefix}:${name}` : name;
  }

  private indent(): string {
    return '  '.repeat(this.level);
  }

  open(name: string, attrs: Record<string, string> = {}): this {
    const a = Object.entries(attrs)
      .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
      .join('');
    this.parts.push(`${this.indent()}<${this.q(name)}${a}>\n`);
    this.level++;
    return this;
  }

  close(name: string): this {
    this.level--;
    this.parts.push(`${this.indent()}</${this.q(name)}>\n`);
    return this;
  }

  /** Emits `<name>value</name>`; nothing when value is undefined. */
  leaf(name: string, value: string | number | boolean | undefined): this {
    if (value === undefined) return this;
    this.parts.push(`${this.indent()}<${this.q(name)}>${xmlText(String(value))}</${this.q(name)}>\n`);
    return this;
  }

  /** Emits an element with children only when `when` holds. */
  block(name: string, when: unknown, body: (o: this) => void): this {
    if (!when) return this;
    this.open(name);
    body(this);
    return this.close(name);
  }

  raw(s: string): this {
    this.parts.push(s);
    return this;
  }

  toString(): string {
    return this.parts.join('');
  }
}
