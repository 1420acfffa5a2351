import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { recordAudit, sealAudit, verifyAuditChains } from './audit.service';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => sys.stop());

async function organId(code: string) {
  return (await sys.deps.db.selectFrom('organs').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

describe('audit trail', () => {
  it('records who, what, when, from where, with before/after, for a state change', async () => {
    const c = await sys.login('quantri');
    await c.request(
      'POST',
      '/api/admin/positions',
      { name: 'Phó Cục trưởng', rank: 21 },
      { 'user-agent': 'vitest-agent' },
    );
    expect(await sealAudit(sys.deps.db)).toBeGreaterThan(0);
    const ev = await sys.deps.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'org.position.create')
      .executeTakeFirstOrThrow();
    expect(ev.actor_name).toBe('Nguyễn Văn Quản');
    expect(ev.ip).toBeTruthy();
    expect(ev.user_agent).toBe('vitest-agent');
    expect(ev.after).toMatchObject({ name: 'Phó Cục trưởng', rank: 21 });
    expect(ev.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('seals committed events into the chain in order, without holding locks in the writing transactions', async () => {
    const organ = await organId('000.00.00.G09');
    await sealAudit(sys.deps.db);
    // an open transaction that wrote an event does not block other writers or the sealer
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow = sys.deps.db.transaction().execute(async (trx) => {
      await recordAudit(trx, { userId: null, name: 'chậm', organId: organ }, { action: 'test.slow', entityType: 'x' });
      await held;
    });
    await sys.deps.db
      .transaction()
      .execute((trx) =>
        recordAudit(trx, { userId: null, name: 'nhanh', organId: organ }, { action: 'test.fast', entityType: 'x' }),
      );
    expect(await sealAudit(sys.deps.db, organ)).toBe(1);
    release();
    await slow;
    expect(await sealAudit(sys.deps.db, organ)).toBe(1);
    const rows = await sys.deps.db
      .selectFrom('audit_events')
      .select(['action', 'seq'])
      .where('action', 'in', ['test.slow', 'test.fast'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.action)).toEqual(['test.fast', 'test.slow']);
    expect((await verifyAuditChains(sys.deps.db)).breaks).toEqual([]);
  });

  it('writes the event in the same transaction: a rolled-back change leaves no event and no chain advance', async () => {
    const organ = await organId('000.00.00.G09');
    const head = await sys.deps.db
      .selectFrom('audit_heads')
      .select('seq')
      .where('organ_id', '=', organ)
      .executeTakeFirstOrThrow();
    await expect(
      sys.deps.db.transaction().execute(async (trx) => {
        await recordAudit(
          trx,
          { userId: null, name: 'test', organId: organ },
          { action: 'test.rollback', entityType: 'x' },
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await sys.deps.db
      .selectFrom('audit_heads')
      .select('seq')
      .where('organ_id', '=', organ)
      .executeTakeFirstOrThrow();
    expect(after.seq).toBe(head.seq);
    expect(
      await sys.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'test.rollback').execute(),
    ).toHaveLength(0);
  });

  it('keeps per-organ chains consistent under concurrent writers', async () => {
    const organ = await organId('000.00.12.H29');
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        sys.deps.db
          .transaction()
          .execute((trx) =>
            recordAudit(
              trx,
              { userId: null, name: 'tải', organId: organ },
              { action: 'test.concurrent', entityType: 'x', entityId: String(i) },
            ),
          ),
      ),
    );
    const res = await verifyAuditChains(sys.deps.db);
    expect(res.breaks).toEqual([]);
    const seqs = (
      await sys.deps.db.selectFrom('audit_events').select('seq').where('organ_id', '=', organ).orderBy('seq').execute()
    ).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('lists and filters events for the admin screen', async () => {
    const c = await sys.login('quantri');
    const r = (await c.get('/api/admin/audit?action=auth.login&pageSize=5')).json();
    expect(r.total).toBeGreaterThan(0);
    expect(r.items.every((e: { action: string }) => e.action.startsWith('auth.login'))).toBe(true);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const byDay = (await c.get(`/api/admin/audit?from=${today}&to=${today}&pageSize=200`)).json();
    expect(byDay.total).toBeGreaterThan(0);
    const none = (await c.get('/api/admin/audit?from=2001-01-01&to=2001-01-02')).json();
    expect(none.total).toBe(0);
  });

  it('a row changed directly in SQL breaks the chain, and the verify command names that row', async () => {
    const organ = await organId('000.00.00.G09');
    await sealAudit(sys.deps.db);
    const victim = await sys.deps.db
      .selectFrom('audit_events')
      .select(['id', 'seq'])
      .where('organ_id', '=', organ)
      .where('action', '=', 'org.position.create')
      .executeTakeFirstOrThrow();
    await sys.deps.pool.query(`UPDATE audit_events SET summary = 'đã bị sửa' WHERE id = $1`, [victim.id]);
    const res = await verifyAuditChains(sys.deps.db);
    expect(res.breaks).toEqual([{ organId: organ, id: victim.id, seq: Number(victim.seq), reason: 'hash_mismatch' }]);

    const out = await run('npx', ['tsx', 'apps/server/src/cli/audit-verify.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: sys.dbUrl, VANTHU_DATA_DIR: sys.dataDir, LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(out.stdout + out.stderr).toContain('firstBrokenId');
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout.trim().split('\n')[0]!)).toMatchObject({
      ok: false,
      firstBrokenId: victim.id,
      reason: 'hash_mismatch',
    });
    expect(out.stderr).toContain(`audit_events.id=${victim.id}`);
  }, 60_000);

  it('a deleted row is found as a gap', async () => {
    const organ = await organId('000.00.12.H29');
    await sealAudit(sys.deps.db);
    const victim = await sys.deps.db
      .selectFrom('audit_events')
      .select(['id', 'seq'])
      .where('organ_id', '=', organ)
      .where('seq', '=', '5')
      .executeTakeFirstOrThrow();
    await sys.deps.pool.query('DELETE FROM audit_events WHERE id = $1', [victim.id]);
    const res = await verifyAuditChains(sys.deps.db, organ);
    expect(res.breaks[0]).toMatchObject({ organId: organ, seq: 6, reason: 'seq_gap' });
  });
});
