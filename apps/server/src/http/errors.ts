/**
 * Errors with a stable, namespaced code, an HTTP status and a Vietnamese message (ARCHITECTURE rule 6).
 * Anything else that reaches the edge becomes a generic 500 without internals.
 */
export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: number,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (module: string, what = 'Không tìm thấy mục yêu cầu.') =>
  new AppError(`${module}.not_found`, 404, what);
export const forbidden = (message = 'Bạn không có quyền thực hiện thao tác này.') =>
  new AppError('auth.forbidden', 403, message);
export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 400, message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 409, message, details);
