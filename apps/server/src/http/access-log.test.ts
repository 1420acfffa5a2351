import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../test/factory';

const lines: Record<string, unknown>[] = [];
let sys: TestSystem;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n'))
        if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  sys = await createTestSystem({}, { log: pino({ level: 'info' }, sink) });
});
afterAll(async () => sys.stop());

const requests = () => lines.filter((l) => l.msg === 'request');

describe('access log', () => {
  it('writes one line per request with who, what and how long; health probes stay out of the info log', async () => {
    lines.length = 0;
    const c = await sys.login('vanthu');
    await c.get('/api/auth/me');
    await sys.anon().get('/healthz');
    await sys.anon().get('/readyz');
    await sys.anon().get('/api/khong-co');
    // The web app's pages and assets served fine are not logged at info; a missing asset is.
    await sys.app.inject({ method: 'GET', url: '/assets/khong-co.js' });
    const r = requests();
    expect(r.map((l) => [l.method, l.url, l.status])).toEqual([
      ['POST', '/api/auth/login', 200],
      ['GET', '/api/auth/me', 200],
      ['GET', '/api/khong-co', 404],
      ['GET', '/assets/khong-co.js', 404],
    ]);
    expect(r[1]).toMatchObject({ user: 'vanthu', level: 30 });
    expect(typeof r[1]!.ms).toBe('number');
    expect(lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
  });
});
