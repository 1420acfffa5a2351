const VN_OFFSET_MS = 7 * 3600 * 1000;

function parts(date: Date): string[] {
  const d = new Date(Math.floor(date.getTime() / 1000) * 1000 + VN_OFFSET_MS);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return [
    String(d.getUTCFullYear()).padStart(4, '0'),
    p2(d.getUTCMonth() + 1),
    p2(d.getUTCDate()),
    p2(d.getUTCHours()),
    p2(d.getUTCMinutes()),
    p2(d.getUTCSeconds()),
  ];
}

/** ISO 8601 in Vietnam time, e.g. 2026-11-21T09:30:15+07:00. */
export function vietnamIso(date: Date): string {
  const [y, mo, d, h, mi, s] = parts(date);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`;
}

/** A PDF date string in Vietnam time: D:20261121093015+07'00'. */
export function pdfDate(date: Date): string {
  return `D:${parts(date).join('')}+07'00'`;
}

/** Parses a PDF date (D:YYYYMMDDHHmmSSOHH'mm'); null when malformed. */
export function parsePdfDate(text: string): Date | null {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(\d{2})?'?(\d{2})?'?)?/.exec(
    text.trim(),
  );
  if (!m) return null;
  const num = (s: string | undefined, dflt: number): number => (s === undefined ? dflt : Number(s));
  const utc = Date.UTC(num(m[1], 0), num(m[2], 1) - 1, num(m[3], 1), num(m[4], 0), num(m[5], 0), num(m[6], 0));
  const sign = m[7] === '-' ? -1 : m[7] === '+' ? 1 : 0;
  const offset = sign * (num(m[8], 0) * 60 + num(m[9], 0)) * 60_000;
  const t = utc - offset;
  return Number.isFinite(t) ? new Date(t) : null;
}
