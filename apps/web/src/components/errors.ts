import type { FormInstance } from 'antd';
import { ApiError } from '../api';

/** The Vietnamese message of any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return 'Đã xảy ra lỗi không mong muốn. Vui lòng thử lại.';
}

/**
 * Puts `validation.failed` field errors on the matching form fields.
 * Returns true when at least one field got an error (the caller then need not show a toast).
 */
export function applyFieldErrors<T>(form: FormInstance<T>, e: unknown): boolean {
  if (!(e instanceof ApiError) || e.code !== 'validation.failed') return false;
  const names = new Set(Object.keys(form.getFieldsValue(true) as object));
  const fields = e.fields.filter((f) => names.has(f.path.split('.')[0] ?? ''));
  if (fields.length === 0) return false;
  form.setFields(
    fields.map((f) => ({ name: f.path.split('.')[0] ?? f.path, errors: [f.message] })) as Parameters<
      FormInstance<T>['setFields']
    >[0],
  );
  return true;
}
