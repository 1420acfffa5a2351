// Number and notation (số, ký hiệu) of NĐ 30/2020 Phụ lục I §II.3: `05/QĐ-BNV`, công văn `12/BNV-VP`.
import { VnError } from './errors';
import { COPY_FORMS, DOC_TYPES } from './doc-types';

/** A document number with a leading zero under 10: 5 → '05', 123 → '123'. */
export function formatDocNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new VnError('vn.doc_number_invalid', `Số văn bản phải là số nguyên dương: ${n}`);
  }
  return String(n).padStart(2, '0');
}

/** Normalise an abbreviation group: NFC, trimmed, the eth (Ð) often typed for Đ fixed. */
function cleanGroup(s: string): string {
  return s.normalize('NFC').trim().replace(/Ð/g, 'Đ').replace(/ð/g, 'đ');
}

function checkGroup(value: string, field: string): string {
  const v = cleanGroup(value);
  if (!v || /[\s/-]/.test(v)) {
    throw new VnError('vn.notation_invalid', `Chữ viết tắt không hợp lệ (${field}): "${value}"`);
  }
  return v;
}

export interface NotationParts {
  /** Type abbreviation (QĐ, TTr, SY…); empty or null for a công văn. */
  typeAbbr?: string | null;
  /** Abbreviation of the issuing organ or the state title (BNV, UBND, TTg). */
  organAbbr: string;
  /** For a công văn: the drafting unit or field (VP, TCCB); ignored for other types. */
  unitAbbr?: string | null;
}

/**
 * The notation (ký hiệu): `<type>-<organ>` (QĐ-BNV) or, for a công văn (no type abbreviation),
 * `<organ>-<unit>` (BNV-VP). "-" between groups, no spaces.
 */
export function formatNotation(parts: NotationParts): string {
  const organ = checkGroup(parts.organAbbr, 'cơ quan');
  if (parts.typeAbbr) return `${checkGroup(parts.typeAbbr, 'loại văn bản')}-${organ}`;
  if (!parts.unitAbbr) {
    throw new VnError(
      'vn.notation_unit_required',
      'Ký hiệu công văn cần chữ viết tắt của đơn vị soạn thảo hoặc lĩnh vực',
    );
  }
  return `${organ}-${checkGroup(parts.unitAbbr, 'đơn vị')}`;
}

/** `05/QĐ-BNV` from 5 and 'QĐ-BNV'. */
export function formatNumberNotation(n: number, notation: string): string {
  const clean = cleanGroup(notation);
  if (!clean || /[\s/]/.test(clean)) {
    throw new VnError('vn.notation_invalid', `Ký hiệu văn bản không hợp lệ: "${notation}"`);
  }
  return `${formatDocNumber(n)}/${clean}`;
}

export interface ParsedNumberNotation {
  number: number;
  /** The number as written ('05'). */
  numberText: string;
  notation: string;
  groups: string[];
  /** The type or copy-form abbreviation when the first group is a known one, else null (công văn). */
  typeAbbr: string | null;
  /** The organ's abbreviation: the group after the type, or the first group of a công văn. */
  organAbbr: string;
  /** For a công văn, the drafting unit or field (the rest, joined by "-"). */
  unitAbbr: string | null;
}

const KNOWN_ABBRS = new Set([...DOC_TYPES, ...COPY_FORMS].flatMap((t) => (t.abbr ? [t.abbr] : [])));

/**
 * Read `05/QĐ-BNV` or `12/BNV-VP`; tolerant of spaces around "/" and "-". Returns null when it
 * is not `<digits>/<group>-<group>[-…]` (received documents may carry other forms: keep them raw).
 */
export function parseNumberNotation(s: string): ParsedNumberNotation | null {
  const m = /^(\d+)\s*\/\s*(.+)$/.exec(s.normalize('NFC').trim());
  if (!m) return null;
  const groups = m[2]!.split('-').map(cleanGroup);
  if (groups.length < 2 || groups.some((g) => !g || /[\s/]/.test(g))) return null;
  const number = Number(m[1]);
  if (!Number.isSafeInteger(number) || number < 1) return null;
  const typed = KNOWN_ABBRS.has(groups[0]!);
  return {
    number,
    numberText: m[1]!,
    notation: groups.join('-'),
    groups,
    typeAbbr: typed ? groups[0]! : null,
    organAbbr: typed ? groups[1]! : groups[0]!,
    unitAbbr: typed ? (groups.length > 2 ? groups.slice(2).join('-') : null) : groups.slice(1).join('-'),
  };
}
