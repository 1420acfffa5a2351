// Text normalisation and search keys for Vietnamese.

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;
const WHITESPACE = /\s+/g;
const COMBINING_MARKS = /\p{M}/gu;

/** NFC-normalise, trim and collapse inner whitespace (incl. NBSP) to one space. */
export function nfc(s: string): string {
  return s.normalize('NFC').replace(ZERO_WIDTH, '').replace(WHITESPACE, ' ').trim();
}

/**
 * A search/duplicate key: lower-case, without any diacritic (tone marks, ă â ê ô ơ ư),
 * đ → d, whitespace collapsed. "Quyết định" and "quyet dinh" share a key; works on NFD input
 * and on both tone-placement styles (hoà / hòa).
 */
export function foldKey(s: string): string {
  return nfc(s)
    .toLocaleLowerCase('vi')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đð]/g, 'd') // ð: the Icelandic eth, often typed for Đ
    .trim();
}
