import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler, withQuery } from './api';

function answer(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthorizedHandler(null);
});

describe('api client', () => {
  it('sends the CSRF token on non-GET requests only', async () => {
    const fetchMock = vi.fn(async () => answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok-123');
    await api.get('/api/admin/units');
    await api.post('/api/admin/units', { name: 'Vụ Pháp chế' });
    const headersOf = (i: number) =>
      (fetchMock.mock.calls[i] as unknown as [string, RequestInit])[1].headers as Record<string, string>;
    expect(headersOf(0)['x-csrf-token']).toBeUndefined();
    expect(headersOf(1)['x-csrf-token']).toBe('tok-123');
    expect(headersOf(1)['content-type']).toBe('application/json');
  });

  it('turns an error answer into ApiError with the code, Vietnamese message and field errors', async () => {
    vi.stubGlobal('fetch', async () =>
      answer(400, {
        code: 'validation.failed',
        message: 'Dữ liệu không hợp lệ',
        details: { fields: [{ path: 'name', message: 'Bắt buộc' }] },
      }),
    );
    const err = await api.post('/api/admin/units', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('validation.failed');
    expect((err as ApiError).message).toBe('Dữ liệu không hợp lệ');
    expect((err as ApiError).fields).toEqual([{ path: 'name', message: 'Bắt buộc' }]);
  });

  it('calls the 401 handler for an ended session, but not for a failed login', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    vi.stubGlobal('fetch', async () =>
      answer(401, { code: 'auth.unauthenticated', message: 'Phiên đăng nhập đã hết hạn' }),
    );
    await expect(api.get('/api/admin/users')).rejects.toMatchObject({ code: 'auth.unauthenticated', status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(api.post('/api/auth/login', { username: 'x', password: 'y' })).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('gives a Vietnamese message when the server cannot be reached or answers non-JSON', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.get('/api/auth/me')).rejects.toMatchObject({ code: 'http.network' });
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(api.get('/api/auth/me')).rejects.toMatchObject({ code: 'http.unavailable', status: 502 });
  });

  it('after a CSRF refusal, reads the current token once and retries with it', async () => {
    setCsrfToken('old', 'u1');
    const sent: (string | undefined)[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      if (url === '/api/auth/me') return answer(200, { id: 'u1', csrfToken: 'new' });
      sent.push(headers['x-csrf-token']);
      return headers['x-csrf-token'] === 'new'
        ? answer(200, { id: 'u1' })
        : answer(403, { code: 'auth.csrf', message: 'Yêu cầu bị từ chối' });
    });
    await expect(api.post('/api/admin/units', { name: 'Vụ Pháp chế' })).resolves.toEqual({ id: 'u1' });
    expect(sent).toEqual(['old', 'new']);
  });

  it('never retries for another user: a different session sends the user to the login page', async () => {
    setCsrfToken('old', 'u1');
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      calls.push(url);
      return url === '/api/auth/me'
        ? answer(200, { id: 'u2', csrfToken: 'other' })
        : answer(403, { code: 'auth.csrf', message: 'Yêu cầu bị từ chối' });
    });
    await expect(api.post('/api/admin/units', {})).rejects.toMatchObject({ code: 'auth.csrf' });
    expect(calls).toEqual(['/api/admin/units', '/api/auth/me']);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not loop when the CSRF token cannot be refreshed', async () => {
    setCsrfToken('same');
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      calls.push(url);
      return url === '/api/auth/me'
        ? answer(200, { csrfToken: 'same' })
        : answer(403, { code: 'auth.csrf', message: 'Yêu cầu bị từ chối' });
    });
    await expect(api.del('/api/admin/units/1')).rejects.toMatchObject({ code: 'auth.csrf', status: 403 });
    expect(calls).toEqual(['/api/admin/units/1', '/api/auth/me']);
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/api/admin/users', { q: 'Nguyễn', unitId: '', page: 2, x: undefined })).toBe(
      '/api/admin/users?q=Nguy%E1%BB%85n&page=2',
    );
    expect(withQuery('/api/admin/users', {})).toBe('/api/admin/users');
  });
});
