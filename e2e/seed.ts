import { DEMO_PASSWORD } from './browser';

/**
 * Test data through the HTTP API, so that journeys that change an account (TOTP, password, lock,
 * transfer) use accounts of their own and never the shared demo users other e2e files rely on.
 */
export interface ApiSession {
  get: <T>(path: string) => Promise<T>;
  post: <T>(path: string, body: unknown) => Promise<T>;
}

export async function apiLogin(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`Đăng nhập API ${username}: HTTP ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

let counter = 0;

/** Creates a user in the admin's organ at the named unit and position; returns its (unique) username. */
export async function createUser(
  admin: ApiSession,
  opts: { prefix: string; fullName: string; unit: string; position: string; roles: string[]; password?: string },
): Promise<string> {
  const units = await admin.get<{ id: string; name: string }[]>('/api/admin/units');
  const positions = await admin.get<{ id: string; name: string }[]>('/api/admin/positions');
  const unit = units.find((u) => u.name === opts.unit);
  const position = positions.find((p) => p.name === opts.position);
  if (!unit || !position) throw new Error(`Không có đơn vị "${opts.unit}" hoặc chức vụ "${opts.position}"`);
  const username = `${opts.prefix}.${Date.now().toString(36)}${(counter++).toString(36)}`;
  await admin.post('/api/admin/users', {
    username,
    fullName: opts.fullName,
    password: opts.password ?? DEMO_PASSWORD,
    unitId: unit.id,
    positionId: position.id,
    roles: opts.roles,
  });
  return username;
}

/** A session as cookie + CSRF token, for journeys that mix API calls of several users (FormData bodies allowed). */
export interface CookieSession {
  cookie: string;
  csrf: string;
}

export async function cookieLogin(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<CookieSession> {
  const r = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`Đăng nhập API ${username}: HTTP ${r.status} ${await r.text()}`);
  return {
    cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!,
    csrf: ((await r.json()) as { csrfToken: string }).csrfToken,
  };
}

/** The raw response of one call (JSON or FormData body). */
export function cookieFetch(
  baseUrl: string,
  s: CookieSession,
  method: string,
  p: string,
  body?: unknown,
): Promise<Response> {
  const headers: Record<string, string> = { cookie: s.cookie, 'x-csrf-token': s.csrf };
  if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
  return fetch(`${baseUrl}${p}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
  });
}

/** One call that must succeed: JSON back as T, bytes as Uint8Array, 204 as undefined; else throws with the body. */
export async function cookieCall<T = unknown>(
  baseUrl: string,
  s: CookieSession,
  method: string,
  p: string,
  body?: unknown,
): Promise<T> {
  const r = await cookieFetch(baseUrl, s, method, p, body);
  if (r.status >= 300) throw new Error(`${method} ${p}: HTTP ${r.status} ${await r.text()}`);
  if (r.status === 204) return undefined as T;
  return (r.headers.get('content-type') ?? '').includes('json')
    ? ((await r.json()) as T)
    : (new Uint8Array(await r.arrayBuffer()) as T);
}
