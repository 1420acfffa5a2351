// Text before the root element: drops stray bytes before the first `<` (edoc_new.edxml starts
// with "1212"), a BOM, and refuses any DOCTYPE before saxes ever sees it.
import { EdxmlError } from './errors';

export class PrologFilter {
  private pending = '';
  private started = false;
  private tail = '';
  /** Non-blank characters dropped before the first `<`. */
  dropped = '';

  constructor(private readonly maxChars: number) {}

  /** Returns the text to hand to the XML parser. `rootSeen` stops the DOCTYPE scan. */
  filter(text: string, rootSeen: boolean): string {
    let out = text;
    if (!this.started) {
      this.pending += text;
      const lt = this.pending.indexOf('<');
      if (lt < 0) {
        if (this.pending.length > this.maxChars) throw new EdxmlError('edxml.not_edxml', 'no markup at the start');
        return '';
      }
      this.dropped = this.pending
        .slice(0, lt)
        .replace(/^\uFEFF/, '')
        .trim();
      out = this.pending.slice(lt);
      this.pending = '';
      this.started = true;
    }
    if (!rootSeen) {
      const window = this.tail + out;
      if (/<!DOCTYPE/i.test(window)) throw new EdxmlError('edxml.dtd_forbidden');
      this.tail = window.slice(-9);
    }
    return out;
  }

  /** Text kept while looking for the first `<` (at end of input). */
  get unstarted(): boolean {
    return !this.started;
  }
}
