/**
 * The one HTTP client of the web app: JSON in and out, the CSRF header on every non-GET request,
 * errors as ApiError {code, message}, and a 401 sends the user back to the login page.
 */

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field errors of a `validation.failed` answer. */
  get fields(): FieldError[] {
    const f = this.details?.fields;
    return Array.isArray(f)
      ? f.filter((x): x is FieldError => typeof x === 'object' && x !== null && 'path' in x && 'message' in x)
      : [];
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

let csrfToken: string | null = null;
let sessionUserId: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The session's CSRF token, and whose session it is (a refreshed token is only used for the same user). */
export function setCsrfToken(token: string | null, userId: string | null = null): void {
  csrfToken = token;
  sessionUserId = userId;
}

/** Called when an authenticated request answers 401 (session ended or expired). */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

const NO_REDIRECT = new Set(['/api/auth/login', '/api/auth/me']);

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy error page): fall through to a generic message
  }
  if (body && typeof body === 'object' && 'code' in body && 'message' in body) {
    const b = body as { code: unknown; message: unknown; details?: unknown };
    const details = b.details && typeof b.details === 'object' ? (b.details as Record<string, unknown>) : undefined;
    return new ApiError(res.status, String(b.code), String(b.message), details);
  }
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    return new ApiError(res.status, 'http.unavailable', 'Máy chủ tạm thời không phản hồi. Vui lòng thử lại sau.');
  }
  return new ApiError(res.status, 'http.error', `Lỗi không xác định từ máy chủ (HTTP ${res.status}).`);
}

async function send(method: string, path: string, body?: unknown, query?: Query): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'http.network', 'Không kết nối được tới máy chủ. Kiểm tra mạng và thử lại.');
  }
}

/**
 * The session's CSRF token changed (the same user signed in again in another tab): read it again.
 * If the browser's session now belongs to someone else, never act for them: go back to the login page.
 */
async function refreshCsrf(): Promise<boolean> {
  const res = await send('GET', '/api/auth/me').catch(() => null);
  if (!res?.ok) return false;
  const me = (await res.json()) as { id?: string; csrfToken?: string | null };
  if (sessionUserId && me.id !== sessionUserId) {
    onUnauthorized?.();
    return false;
  }
  if (!me.csrfToken || me.csrfToken === csrfToken) return false;
  csrfToken = me.csrfToken;
  return true;
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  let res = await send(method, path, body, query);
  if (!res.ok) {
    let err = await toError(res);
    if (err.code === 'auth.csrf' && method !== 'GET' && (await refreshCsrf())) {
      res = await send(method, path, body, query);
      if (res.ok) return parse<T>(res);
      err = await toError(res);
    }
    if (res.status === 401 && !NO_REDIRECT.has(path)) onUnauthorized?.();
    throw err;
  }
  return parse<T>(res);
}

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, body, query),
  patch: <T>(path: string, body: unknown, query?: Query) => request<T>('PATCH', path, body, query),
  del: <T = void>(path: string, query?: Query) => request<T>('DELETE', path, undefined, query),
};
