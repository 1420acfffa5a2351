/** dd/mm/yyyy HH:mm:ss in Vietnam time. */
export function signingTimeText(iso: string | null): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

export const VERDICT_COLOR = {
  valid: 'success',
  invalid: 'error',
  indeterminate: 'warning',
  unsigned: 'default',
} as const;
/** The UI's own labels (the server sends the same words; these keep the tags stable if it does not). */
export const VERDICT_TEXT = {
  valid: 'Hợp lệ',
  invalid: 'Không hợp lệ',
  indeterminate: 'Chưa xác định',
  unsigned: 'Không có chữ ký số',
} as const;
