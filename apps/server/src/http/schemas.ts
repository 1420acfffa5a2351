import { z } from 'zod';

/**
 * Field schemas shared by the routes, validated at the edge so that a value PostgreSQL would refuse never reaches
 * it (issue 10, hole 8): a calendar date that exists (no 2026-02-30, years 1000–9999), whole numbers within
 * PostgreSQL's `integer`.
 */
const validDay = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
};

export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày phải có dạng YYYY-MM-DD.')
  .refine(validDay, 'Ngày không tồn tại.');

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
/** A whole number that fits a PostgreSQL `integer` column. */
export const int32 = () => z.number().int().min(INT32_MIN).max(INT32_MAX);
/** The same from a query string. */
export const queryInt32 = () => z.coerce.number().int().min(INT32_MIN).max(INT32_MAX);

/** A PATCH body must change something: `{}` (or only unknown keys) is refused at the edge. */
export const nonEmpty = (b: Record<string, unknown>) => Object.values(b).some((v) => v !== undefined);
export const NOTHING_TO_CHANGE = 'Không có nội dung cần sửa.';
