/**
 * What the user typed → a PostgreSQL tsquery string for the vn_fold configuration (which folds each word the
 * way the index does: lower case, no diacritics, đ → d). Words match in any order and all must appear; "quoted
 * words" form a phrase; a word with separators inside ("123/QĐ", "qd-bnv") is a phrase of its parts; the last
 * word is a prefix while typing (unless followed by a space or closed by a quote).
 * Only letters and digits reach the tsquery string: no operator of the user's can get in.
 */
import { nfc } from '@vanthu/vn';

export interface ParsedQuery {
  /** For to_tsquery('vn_fold', …) and to_tsquery('simple', …); null when nothing searchable was typed. */
  tsquery: string | null;
  /** The plain words (for snippets of fields and the ILIKE comparison of the bench). */
  words: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;
const parts = (s: string) => (s.toLocaleLowerCase('vi').match(WORD) ?? []).slice(0, 12);

export function parseQuery(raw: string): ParsedQuery {
  const s = nfc(raw);
  const terms: string[] = [];
  const words: string[] = [];
  // Split into quoted phrases and bare words, remembering whether the text ends inside a word.
  const re = /"([^"]*)"?|(\S+)/g;
  let m: RegExpExecArray | null;
  const tokens: { phrase: string[]; quoted: boolean }[] = [];
  while ((m = re.exec(s)) && tokens.length < 20) {
    const quoted = m[1] !== undefined;
    const p = parts(quoted ? m[1]! : m[2]!);
    if (p.length) tokens.push({ phrase: p, quoted: quoted && m[0].endsWith('"') && m[0].length > 1 });
  }
  const typing = !/[\s"]$/.test(raw);
  tokens.forEach((t, i) => {
    const last = i === tokens.length - 1 && typing && !t.quoted;
    const ps = t.phrase.map((w, j) => (last && j === t.phrase.length - 1 ? `${w}:*` : w));
    words.push(...t.phrase);
    terms.push(ps.length === 1 ? ps[0]! : `(${ps.join(' <-> ')})`);
  });
  return { tsquery: terms.length ? terms.join(' & ') : null, words };
}
