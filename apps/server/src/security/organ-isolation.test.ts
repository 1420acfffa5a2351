/**
 * Issue 10, acceptance 2: a generated organ-isolation sweep. For every operation of the OpenAPI document with an id
 * in its path, users of organ B (Sở Nội vụ: its admin, its văn thư, a specialist) ask for real ids of organ A's
 * objects (Bộ Nội vụ: incoming and outgoing documents, files, work files, registers, units, users, …) and for a
 * random id: the answers are identical 404s (same status, same code), and nothing of either organ changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestSystem, type Client, type TestSystem } from '../../test/factory';
import { organObjects, type OrganObjects } from './security.fixtures';
import { RANDOM_ID, idForPath, sample, type Method, type Operation } from './openapi-walk';

const OTHER_ID = '7d3b2a10-9c4e-4f6a-8b2d-1e0f9a8c7b6d';
// The tables that hold what a user can reach by id; a checksum of each (every row, every column) before and after.
const TABLES = [
  'organs',
  'units',
  'positions',
  'users',
  'memberships',
  'external_organs',
  'api_tokens',
  'files',
  'blobs',
  'calendar_overrides',
  'doc_types',
  'registers',
  'register_counters',
  'incoming_documents',
  'incoming_files',
  'incoming_assignments',
  'outgoing_docs',
  'outgoing_versions',
  'outgoing_comments',
  'outgoing_consultations',
  'outgoing_steps',
  'delegations',
  'outgoing_numbers',
  'outgoing_recipients',
  'outgoing_copies',
  'outgoing_recall_records',
  'exchange_outbox',
  'exchange_inbox',
  'signature_reports',
  'signing_sessions',
  'workfile_plans',
  'workfiles',
  'workfile_members',
  'workfile_grants',
  'workfile_submissions',
  'notifications',
  'jobs',
];

let sys: TestSystem;
let a: OrganObjects;
let doc: { paths: Record<string, Record<string, Operation>> };
let intruders: Record<string, Client>;
beforeAll(async () => {
  sys = await createTestSystem();
  a = await organObjects(sys);
  doc = (await (await sys.login('quantri')).get('/api/openapi.json')).json();
  intruders = {
    'snv.quantri': await sys.login('snv.quantri'),
    'snv.vanthu': await sys.login('snv.vanthu'),
    'snv.chuyenvien': await sys.login('snv.chuyenvien'),
  };
}, 50_000);
afterAll(async () => sys?.stop());

async function checksums(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const r = await sql<{
      n: string;
      h: string | null;
    }>`select count(*)::text as n, md5(string_agg(x::text, '|' order by x::text)) as h from ${sql.table(t)} x`.execute(
      sys.deps.db,
    );
    out[t] = `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`;
  }
  return out;
}

describe('organ isolation over every id route (acceptance 2)', () => {
  it("organ A's ids answer organ B exactly like ids that do not exist, and change nothing", async () => {
    const ops = Object.entries(doc.paths)
      .filter(([p]) => /\{\w+\}/.test(p))
      .flatMap(([p, ms]) => Object.entries(ms).map(([m, op]) => ({ path: p, method: m.toUpperCase() as Method, op })));
    expect(ops.length).toBeGreaterThan(60);
    const before = await checksums();
    const mismatches: string[] = [];
    const not404: string[] = [];
    const found404: string[] = [];
    let swept = 0;
    for (const { path, method, op } of ops) {
      const realIds = path.replace(/\{(\w+)\}/g, (_, n: string) => idForPath(a, path, n));
      if (realIds === path.replace(/\{(\w+)\}/g, RANDOM_ID)) continue; // no organ-A object of this kind
      let k = 0;
      const madeUp = path.replace(/\{(\w+)\}/g, () => (k++ % 2 ? OTHER_ID : RANDOM_ID));
      const query = new URLSearchParams();
      for (const prm of op.parameters ?? [])
        if (prm.in === 'query' && prm.required) query.set(prm.name, String(sample(prm.schema, null, 0, prm.name)));
      const qs = query.toString() ? `?${query}` : '';
      const jsonSchema = op.requestBody?.content['application/json']?.schema;
      const body = jsonSchema ? sample(jsonSchema) : method === 'GET' || method === 'DELETE' ? undefined : {};
      swept++;
      for (const [who, c] of Object.entries(intruders)) {
        const send = (url: string) =>
          body === undefined
            ? c.request(method, url)
            : c.request(method, url, JSON.stringify(body), { 'content-type': 'application/json' });
        const [onA, onNothing] = await Promise.all([send(realIds + qs), send(madeUp + qs)]);
        const codeOf = (r: { body: string }) => {
          try {
            return (JSON.parse(r.body) as { code?: string }).code ?? r.body.slice(0, 40);
          } catch {
            return r.body.slice(0, 40);
          }
        };
        const tag = `${who} ${method} ${path}`;
        if (onA.statusCode !== onNothing.statusCode || codeOf(onA) !== codeOf(onNothing))
          mismatches.push(
            `${tag}: organ A ${onA.statusCode} ${codeOf(onA)} ≠ made up ${onNothing.statusCode} ${codeOf(onNothing)}`,
          );
        // The admin of organ B passes the role checks: for him it is the lookup that refuses (a few answers come
        // earlier, from the edge's validation of the sampled body or a role the route needs, identical anyway).
        if (who === 'snv.quantri')
          (onA.statusCode === 404 ? found404 : not404).push(`${tag}: ${onA.statusCode} ${codeOf(onA)}`);
        if (onA.statusCode < 400) mismatches.push(`${tag}: organ A's object answered ${onA.statusCode}`);
        for (const secret of ['MẬT-ĐẾN', 'MẬT-ĐI', 'Bộ Nội vụ'])
          if (onA.body.includes(secret)) mismatches.push(`${tag}: body names "${secret}"`);
      }
    }
    expect(swept).toBeGreaterThan(50);
    expect(mismatches).toEqual([]);
    expect(found404.length).toBeGreaterThan(4 * not404.length);
    // Nothing changed, in either organ.
    const after = await checksums();
    expect(
      Object.entries(after)
        .filter(([t, v]) => before[t] !== v)
        .map(([t]) => t),
    ).toEqual([]);
  }, 55_000);
});
