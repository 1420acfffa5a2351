/**
 * Issue 10, hole 8 and acceptance 4: every operation of the OpenAPI document, sent malformed bodies, path and query
 * parameters (wrong types, huge numbers, impossible dates, deep nesting, missing required fields, junk ids) by an
 * admin of the demo organ, answers 4xx with a stable {code, message} — never 500. The document drives the walk, so a
 * new route is swept the day it is added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type Client, type TestSystem } from '../../test/factory';
import { organObjects, type OrganObjects } from './security.fixtures';
import {
  RANDOM_ID,
  idForPath as pathId,
  sample as sampleOf,
  type Method,
  type Operation,
  type Schema,
} from './openapi-walk';

/** Real ids of the demo organ, so that one malformed field reaches past the "not found" of a made-up id. */
let fx: OrganObjects | null = null;
const sample = (s: Schema | undefined, _depth = 0, key?: string) => sampleOf(s, fx, 0, key);
const idForPath = (path: string, name: string) => pathId(fx, path, name);

/** Deep nesting, spliced into the JSON text at send time (JSON.stringify itself cannot go this deep). */
const deep = (n: number): string => `__DEEP_${n}__`;
const deepJson = (n: number) => '{"a":['.repeat(n / 2) + '1' + ']}'.repeat(n / 2);
const toJson = (body: unknown) =>
  JSON.stringify(body).replace(/"__DEEP_(\d+)__"/g, (_, n: string) => deepJson(Number(n)));

/** Malformed values for one field, whatever its declared type. */
function badValues(s: Schema): unknown[] {
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  const common: unknown[] = [deep(3000), { $gt: '' }];
  switch (type) {
    case 'string':
      return [...common, 12345, ['x'], '2026-02-30', '0000-01-01', 'not-a-date', '\u0000\u202e', 'x'.repeat(70_000)];
    case 'integer':
    case 'number':
      return [...common, 'abc', -1e15, 1e300, 1.5, -1, null];
    case 'boolean':
      return [...common, 'yes', 0, null];
    case 'array':
      return [...common, 'x', [deep(50)], Array.from({ length: 5000 }, () => 'x'.repeat(20))];
    default:
      return [...common, 'x', [], null];
  }
}

const badPathValues = [
  'not-a-uuid',
  '1e400',
  "x'; DROP TABLE users; --",
  '%00',
  'x'.repeat(3000),
  '00000000-0000-0000-0000-00000000000g',
  RANDOM_ID,
];
function badQueryValues(s: Schema): string[] {
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'integer' || type === 'number') return ['abc', '-1e15', '1e400', '1.5', '-1'];
  if (type === 'boolean') return ['yes', '2'];
  return ['2026-02-30', 'not-a-date', '0000-01-01', '-1e15', 'x'.repeat(5000), '\u0000'];
}

interface Call {
  method: Method;
  url: string;
  body?: unknown;
  why: string;
}

function calls(path: string, method: Method, op: Operation): Call[] {
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query' && p.name !== 'organId');
  const fillPath = (override?: { name: string; value: string }) =>
    path.replace(/\{(\w+)\}/g, (_, n: string) =>
      encodeURIComponent(override?.name === n ? override.value : method === 'DELETE' ? RANDOM_ID : idForPath(path, n)),
    );
  const baseQuery = () => {
    const q = new URLSearchParams();
    for (const p of queryParams) if (p.required) q.set(p.name, String(sample(p.schema, 0, p.name)));
    return q;
  };
  const withQuery = (url: string, q: URLSearchParams) => (q.toString() ? `${url}?${q}` : url);
  const jsonSchema = op.requestBody?.content['application/json']?.schema;
  const baseBody = jsonSchema ? sample(jsonSchema) : method === 'GET' || method === 'DELETE' ? undefined : {};
  const out: Call[] = [];

  for (const p of pathParams)
    for (const v of badPathValues)
      out.push({
        method,
        url: withQuery(fillPath({ name: p.name, value: v }), baseQuery()),
        body: baseBody,
        why: `path ${p.name}=${v.slice(0, 20)}`,
      });
  for (const p of queryParams) {
    for (const v of badQueryValues(p.schema)) {
      const q = baseQuery();
      q.set(p.name, v);
      out.push({ method, url: withQuery(fillPath(), q), body: baseBody, why: `query ${p.name}=${v.slice(0, 20)}` });
    }
    const q = baseQuery();
    q.append(p.name, 'a');
    q.append(p.name, 'b');
    out.push({ method, url: withQuery(fillPath(), q), body: baseBody, why: `query ${p.name} twice` });
  }
  if (method !== 'GET' && method !== 'DELETE') {
    const url = withQuery(fillPath(), baseQuery());
    // The whole body malformed.
    for (const b of [[], 'x', null, deep(5000), { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }])
      out.push({ method, url, body: b, why: `body ${String(JSON.stringify(b)).slice(0, 30)}` });
    out.push({ method, url, body: {}, why: 'body {} (required fields missing)' });
    // One field at a time, the rest plausible; nested objects one level down too.
    if (jsonSchema?.properties && baseBody && typeof baseBody === 'object') {
      const fields: { path: string[]; schema: Schema }[] = [];
      for (const [k, v] of Object.entries(jsonSchema.properties)) {
        fields.push({ path: [k], schema: v });
        const inner = v.oneOf?.[0] ?? v.anyOf?.[0] ?? v;
        if (inner.properties)
          for (const [k2, v2] of Object.entries(inner.properties)) fields.push({ path: [k, k2], schema: v2 });
        if (inner.type === 'array' && inner.items?.properties)
          for (const [k2, v2] of Object.entries(inner.items.properties))
            fields.push({ path: [k, '0', k2], schema: v2 });
      }
      for (const f of fields) {
        for (const v of badValues(f.schema)) {
          const b = structuredClone(baseBody) as Record<string, unknown>;
          let cur: Record<string, unknown> = b;
          for (const [i, key] of f.path.entries()) {
            if (i === f.path.length - 1) cur[key] = v;
            else {
              if (cur[key] === null || typeof cur[key] !== 'object') cur[key] = f.path[i + 1] === '0' ? [{}] : {};
              if (Array.isArray(cur[key]) && (cur[key] as unknown[]).length === 0) (cur[key] as unknown[]).push({});
              cur = cur[key] as Record<string, unknown>;
            }
          }
          out.push({ method, url, body: b, why: `body ${f.path.join('.')}=${String(JSON.stringify(v)).slice(0, 30)}` });
        }
      }
    }
  }
  return out;
}

let sys: TestSystem;
let admin: Client;
let doc: { paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  sys = await createTestSystem(process.env.FUZZ_LOG ? { LOG_LEVEL: 'error' } : {});
  fx = await organObjects(sys);
  admin = await sys.login('quantri');
  doc = (await admin.get('/api/openapi.json')).json();
}, 40_000);
afterAll(async () => sys?.stop());

const CODE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

describe('OpenAPI-driven bad input (hole 8, acceptance 4)', () => {
  it('every operation answers malformed input with 4xx and a stable code, never 500', async () => {
    const failures: string[] = [];
    let sent = 0;
    const timings: [string, number][] = [];
    const ops = Object.entries(doc.paths).flatMap(([p, ms]) =>
      Object.entries(ms).map(([m, op]) => ({ path: p, method: m.toUpperCase() as Method, op })),
    );
    expect(ops.length).toBeGreaterThan(140);
    for (const { path, method, op } of ops) {
      const cs = calls(path, method, op);
      const t0 = Date.now();
      // Logging out, password changes and TOTP mutate the admin's own session: a fresh one after those.
      const selfMutating = path.startsWith('/api/auth/');
      for (let i = 0; i < cs.length; i += 24) {
        const batch = cs.slice(i, i + 24);
        const caller = selfMutating ? await sys.login('quantri') : admin;
        const rs = await Promise.all(
          batch.map((c) =>
            c.body === undefined
              ? caller.request(c.method, c.url)
              : caller.request(c.method, c.url, toJson(c.body), { 'content-type': 'application/json' }),
          ),
        );
        sent += rs.length;
        for (const [j, r] of rs.entries()) {
          const c = batch[j]!;
          const tag = `${method} ${path} [${c.why}] → ${r.statusCode}`;
          // A dependency the test system does not run (a remote signing service) may answer 502/503 with its code.
          const upstream = (r.statusCode === 502 || r.statusCode === 503) && /_unavailable"/.test(r.body);
          if (r.statusCode >= 500 && !upstream) {
            failures.push(`${tag} ${r.body.slice(0, 120)}`);
            continue;
          }
          if (r.statusCode >= 400) {
            let j2: { code?: unknown; message?: unknown } = {};
            try {
              j2 = r.json();
            } catch {
              failures.push(`${tag} not JSON: ${r.body.slice(0, 80)}`);
              continue;
            }
            if (typeof j2.code !== 'string' || !CODE.test(j2.code) || typeof j2.message !== 'string')
              failures.push(`${tag} no stable code: ${r.body.slice(0, 120)}`);
            // Field messages are Vietnamese (zod's Vietnamese locale and our own): no English zod text.
            else if (
              /\b(Invalid input|Invalid option|Expected|Required|Too (big|small)|Unrecognized)\b/.test(j2.message)
            )
              failures.push(`${tag} English message: ${j2.message.slice(0, 120)}`);
          }
          // A malformed path id can never name anything.
          if (c.why.startsWith('path ') && !c.why.includes(RANDOM_ID.slice(0, 20)) && r.statusCode < 400)
            failures.push(`${tag} accepted a malformed id`);
        }
      }
      if (selfMutating) admin = await sys.login('quantri');
      timings.push([`${method} ${path} (${cs.length})`, Date.now() - t0]);
    }
    if (process.env.FUZZ_OUT) {
      const slow = timings
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([k, ms]) => `${ms} ms ${k}`);
      (await import('node:fs')).writeFileSync(process.env.FUZZ_OUT, [...failures, '--- slowest', ...slow].join('\n'));
    }
    expect(sent).toBeGreaterThan(3000);
    expect(failures).toEqual([]);
    // The session survived (nothing logged the admin out for good) and the server still answers.
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
  }, 55_000);
});

describe('a deeply nested PDF (hole 8)', () => {
  it('is refused at upload or in a signing session with a code, never a 500', async () => {
    const depth = 200_000;
    const pdf = Buffer.from(
      `%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 2 0 R /X ${'['.repeat(depth)}${']'.repeat(depth)}>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
      'latin1',
    );
    const c = await sys.login('chuyenvien.pc');
    const { multipart } = await import('../modules/incoming/incoming.testkit');
    const { body, contentType } = multipart([
      { name: 'file', filename: 'sau.pdf', type: 'application/pdf', content: pdf },
    ]);
    const up = await c.request('POST', '/api/files', body, { 'content-type': contentType });
    expect(up.statusCode).toBeLessThan(500);
    const answers = [up];
    if (up.statusCode === 200) {
      const fileId = (up.json() as { id: string }).id;
      answers.push(await c.post('/api/signing/sessions', { fileId, certificate: 'QUJD' }));
      answers.push(await c.get(`/api/signatures/${fileId}`));
    } else {
      expect(up.json().code).toMatch(CODE);
    }
    for (const r of answers) {
      expect(r.statusCode).toBeLessThan(500);
      if (r.statusCode >= 400) expect(r.json().code).toMatch(CODE);
    }
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
  }, 30_000);
});
