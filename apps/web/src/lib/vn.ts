/**
 * Vietnamese formatting and ordering used by the UI.
 * Small local helpers until @vanthu/vn exports the shared ones.
 */

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Vietnamese alphabetical order (a ă â b c d đ e ê …), case- and accent-aware. */
export function viCompare(a: string | null | undefined, b: string | null | undefined): number {
  return collator.compare(a ?? '', b ?? '');
}

/** Lower-case, NFC, diacritics removed and đ → d: for client-side filtering. */
export function foldKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .normalize('NFC');
}

const TZ = 'Asia/Ho_Chi_Minh';

function parts(d: Date, withTime: boolean): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-GB', {
    timeZone: TZ,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** A local date `YYYY-MM-DD` (or a timestamp) as dd/mm/yyyy. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d, false);
  return `${p.day}/${p.month}/${p.year}`;
}

/** A timestamp as dd/mm/yyyy HH:mm in Vietnam time. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d, true);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}
