/**
 * Vietnamese ordering and formatting for the UI, from @vanthu/vn (one definition for server and web),
 * made forgiving for display: empty or unreadable values show as ''.
 */
import { foldKey, formatDate as vnFormatDate, formatDateTime as vnFormatDateTime, viCompare } from '@vanthu/vn';

export { foldKey, viCompare };

/** A local date 'YYYY-MM-DD' (or an instant, read in Vietnam time) as dd/mm/yyyy. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  try {
    return vnFormatDate(value);
  } catch {
    return '';
  }
}

/** An instant as dd/mm/yyyy HH:mm in Vietnam time. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return vnFormatDateTime(d);
}
