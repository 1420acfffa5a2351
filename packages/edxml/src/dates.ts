// Lenient reading and strict writing of edXML dates (`yyyy/MM/dd`, `yyyy/MM/dd HH:mm:ss`).
// Read forms: yyyy/MM/dd, yyyy-MM-dd, dd/MM/yyyy, dd-MM-yyyy, each optionally followed by
// a time `HH:mm[:ss]` (separated by a space or `T`).

export interface EdxmlDateParts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

const YMD = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/;
const DMY = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

export function parseEdxmlDate(text: string): EdxmlDateParts | null {
  const t = text.trim();
  let y: string | undefined, mo: string | undefined, d: string | undefined;
  let h: string | undefined, mi: string | undefined, s: string | undefined;
  const a = YMD.exec(t);
  if (a) [, y, mo, d, h, mi, s] = a;
  else {
    const b = DMY.exec(t);
    if (!b) return null;
    [, d, mo, y, h, mi, s] = b;
  }
  const parts: EdxmlDateParts = { year: Number(y), month: Number(mo), day: Number(d) };
  if (!isRealDate(parts.year, parts.month, parts.day)) return null;
  if (h !== undefined) {
    parts.hour = Number(h);
    parts.minute = Number(mi);
    parts.second = s === undefined ? 0 : Number(s);
    if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) return null;
  }
  return parts;
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function formatEdxmlDate(p: EdxmlDateParts): string {
  return `${pad(p.year, 4)}/${pad(p.month)}/${pad(p.day)}`;
}

export function formatEdxmlTimestamp(p: EdxmlDateParts): string {
  return `${formatEdxmlDate(p)} ${pad(p.hour ?? 0)}:${pad(p.minute ?? 0)}:${pad(p.second ?? 0)}`;
}

/** Normalises a date read from the wire; unreadable text is returned unchanged (validation reports it). */
export function normalizeDate(text: string): string {
  const p = parseEdxmlDate(text);
  return p ? formatEdxmlDate(p) : text;
}

/** Normalises a timestamp read from the wire; a bare date gets 00:00:00. */
export function normalizeTimestamp(text: string): string {
  const p = parseEdxmlDate(text);
  return p ? formatEdxmlTimestamp(p) : text;
}

export const isCanonicalDate = (s: string): boolean => /^\d{4}\/\d{2}\/\d{2}$/.test(s) && parseEdxmlDate(s) !== null;
export const isCanonicalTimestamp = (s: string): boolean =>
  /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/.test(s) && parseEdxmlDate(s) !== null;

/** Date in Vietnam time (UTC+7), as edXML senders write local time. */
export function partsFromDate(date: Date): EdxmlDateParts {
  const v = new Date(date.getTime() + 7 * 3600_000);
  return {
    year: v.getUTCFullYear(),
    month: v.getUTCMonth() + 1,
    day: v.getUTCDate(),
    hour: v.getUTCHours(),
    minute: v.getUTCMinutes(),
    second: v.getUTCSeconds(),
  };
}
