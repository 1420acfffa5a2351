/**
 * XroadVnpt-timestamp: `ddMMyyyy'T'HHmmss+SSSS` (Java SimpleDateFormat; '+' is a literal and SSSS the
 * milliseconds on four digits). The SDK writes the agency's local time: we read and write it as
 * Vietnam time (UTC+7, no daylight saving).
 */
const VN_OFFSET_MS = 7 * 3600_000;
const RE = /^(\d{2})(\d{2})(\d{4})T(\d{2})(\d{2})(\d{2})\+(\d{4})$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatXroadTimestamp(d: Date): string {
  const v = new Date(d.getTime() + VN_OFFSET_MS);
  return (
    pad(v.getUTCDate()) +
    pad(v.getUTCMonth() + 1) +
    pad(v.getUTCFullYear(), 4) +
    'T' +
    pad(v.getUTCHours()) +
    pad(v.getUTCMinutes()) +
    pad(v.getUTCSeconds()) +
    '+' +
    pad(v.getUTCMilliseconds(), 4)
  );
}

/** Parses the timestamp; returns null when it is malformed. */
export function parseXroadTimestamp(s: string): Date | null {
  const m = RE.exec(s);
  if (!m) return null;
  const [dd, MM, yyyy, HH, mm, ss, SSSS] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (MM < 1 || MM > 12 || dd < 1 || dd > 31 || HH > 23 || mm > 59 || ss > 60 || SSSS > 999) return null;
  const t = Date.UTC(yyyy, MM - 1, dd, HH, mm, ss, SSSS) - VN_OFFSET_MS;
  const back = new Date(t + VN_OFFSET_MS);
  if (back.getUTCDate() !== dd) return null; // 31/02 and the like
  return new Date(t);
}
