import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test-support/pg';
import { listMigrations, migrate, migrationsDone } from './migrate';
import { EXPECTED_ONESTOP } from './expected/onestop';
import { EXPECTED_REPORTS } from './expected/reports';
import { EXPECTED_DIGITISATION } from './expected/digitisation';
import { EXPECTED_CALENDAR } from './expected/calendar';
import { EXPECTED_PRESERVATION } from './expected/preservation';
import { EXPECTED_SCALE } from './expected/scale';
import { EXPECTED_SEARCH } from './expected/search';
import { EXPECTED_WORKFILES } from './expected/workfiles';

let tdb: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: pg.Pool;
beforeAll(async () => {
  tdb = await createTestDatabase('mig');
  pool = new pg.Pool({ connectionString: tdb.url, max: 6 });
});
afterAll(async () => {
  await pool.end();
  await tdb.drop();
});

const EXPECTED: Record<string, string[]> = {
  organs: ['id', 'code', 'name', 'abbr', 'address', 'active', 'created_at'],
  units: ['id', 'organ_id', 'parent_id', 'name', 'abbr', 'sort_order', 'created_at'],
  positions: ['id', 'organ_id', 'name', 'rank'],
  users: [
    'id',
    'organ_id',
    'username',
    'full_name',
    'email',
    'password_hash',
    'active',
    'sysadmin',
    'clearance',
    'failed_logins',
    'locked_until',
    'totp_secret',
    'totp_enabled',
    'totp_last_step',
    'created_at',
    'updated_at',
  ],
  memberships: ['id', 'organ_id', 'user_id', 'unit_id', 'position_id', 'roles', 'is_primary', 'started_at', 'ended_at'],
  external_organs: ['id', 'organ_id', 'code', 'name', 'email', 'phone', 'address', 'created_at'],
  sessions: [
    'id_hash',
    'user_id',
    'organ_id',
    'csrf_token',
    'ip',
    'user_agent',
    'created_at',
    'last_seen_at',
    'expires_at',
  ],
  api_tokens: ['id', 'user_id', 'organ_id', 'name', 'token_hash', 'created_at', 'last_used_at', 'revoked_at'],
  audit_heads: ['organ_id', 'seq', 'hash'],
  audit_events: [
    'id',
    'organ_id',
    'seq',
    'at',
    'actor_id',
    'actor_name',
    'action',
    'entity_type',
    'entity_id',
    'ip',
    'user_agent',
    'summary',
    'before',
    'after',
    'prev_hash',
    'hash',
  ],
  blobs: ['sha256', 'size', 'mime', 'created_at'],
  files: ['id', 'organ_id', 'sha256', 'name', 'mime', 'size', 'uploaded_by', 'created_at', 'derived_from'],
  jobs: [
    'id',
    'organ_id',
    'kind',
    'payload',
    'state',
    'attempts',
    'max_attempts',
    'run_at',
    'locked_at',
    'locked_by',
    'last_error',
    'unique_key',
    'created_at',
    'updated_at',
    'done_at',
  ],
  calendar_overrides: ['id', 'organ_id', 'date', 'kind', 'note'],
  archive_transfers: ['id', 'organ_id', 'number', 'unit_ids', 'note', 'received_by', 'received_at'],
  archive_records: [
    'id',
    'organ_id',
    'transfer_id',
    'workfile_id',
    'code',
    'title',
    'search_key',
    'unit_id',
    'retention',
    'start_date',
    'end_date',
    'mode',
    'status',
    'doc_count',
    'metadata',
    'tt05_xml',
    'aip_sha256',
    'aip_size',
    'validation',
    'hold_reason',
    'hold_by',
    'hold_until',
    'hold_at',
    'destroyed_at',
    'created_at',
    'updated_at',
  ],
  archive_access_requests: [
    'id',
    'organ_id',
    'record_id',
    'requester_id',
    'purpose',
    'status',
    'decided_by',
    'decided_at',
    'decision_note',
    'valid_until',
    'created_at',
  ],
  archive_reads: ['id', 'organ_id', 'record_id', 'user_id', 'kind', 'ordinal', 'purpose', 'at'],
  archive_destructions: [
    'id',
    'organ_id',
    'title',
    'note',
    'status',
    'council_ref',
    'council_members',
    'council_minutes',
    'appraisal',
    'decision_ref',
    'decision_date',
    'decided_by',
    'destruction_minutes',
    'destroyed_at',
    'created_by',
    'created_at',
    'updated_at',
  ],
  archive_destruction_items: ['destruction_id', 'record_id', 'organ_id', 'code', 'title', 'aip_sha256', 'doc_hashes'],
  signing_organ_settings: [
    'organ_id',
    'tsa_url',
    'csc_enabled',
    'csc_base_url',
    'csc_client_id',
    'csc_client_secret_enc',
    'updated_at',
    'updated_by',
  ],
  revocation_cache: ['url', 'der', 'this_update', 'next_update', 'fetched_at'],
  signature_visual_checks: ['sha256', 'status', 'queued_at', 'checked_at', 'result'],
  search_items: [
    'kind',
    'ref_id',
    'organ_id',
    'parent_id',
    'number_notation',
    'title',
    'organ_name',
    'doc_type',
    'type_name',
    'doc_date',
    'year',
    'status',
    'urgency',
    'unit_ids',
    'conf_rank',
    'confidentiality',
    'named',
    'readers',
    'body',
    'tsv',
    'tsv_meta',
    'tsv_exact',
    'updated_at',
  ],
  search_file_texts: ['file_id', 'organ_id', 'text', 'pages', 'method', 'extracted_at'],
  search_saved: ['id', 'organ_id', 'user_id', 'name', 'params', 'created_at'],
  // one file per module being built (db/expected/<module>.ts), so parallel work does not edit the same lines
  ...EXPECTED_ONESTOP,
  ...EXPECTED_REPORTS,
  ...EXPECTED_DIGITISATION,
  ...EXPECTED_CALENDAR,
  ...EXPECTED_PRESERVATION,
  ...EXPECTED_SCALE,
  ...EXPECTED_SEARCH,
  ...EXPECTED_WORKFILES,
};

describe('migrations', () => {
  it('apply to an empty database exactly once, even when several processes boot at once', async () => {
    expect(await migrationsDone(pool)).toBe(false);
    const results = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
    const applied = results.flat();
    expect(applied.sort()).toEqual(
      listMigrations()
        .map((m) => m.name)
        .sort(),
    );
    expect(await migrationsDone(pool)).toBe(true);
    expect(await migrate(pool)).toEqual([]);
  });

  it('produce the expected schema', async () => {
    const cols = await pool.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
    );
    const byTable: Record<string, string[]> = {};
    for (const r of cols.rows) (byTable[r.table_name] ??= []).push(r.column_name);
    for (const [table, columns] of Object.entries(EXPECTED)) expect([table, byTable[table]]).toEqual([table, columns]);
    // every domain table carries the tenant key
    for (const t of [
      'units',
      'positions',
      'users',
      'memberships',
      'external_organs',
      'sessions',
      'api_tokens',
      'audit_events',
      'files',
      'calendar_overrides',
    ]) {
      expect(byTable[t]).toContain('organ_id');
    }
    const ext = (await pool.query<{ extname: string }>('SELECT extname FROM pg_extension')).rows.map((r) => r.extname);
    expect(ext).toEqual(expect.arrayContaining(['unaccent', 'pg_trgm']));
    const idx = (
      await pool.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
    ).rows.map((r) => r.indexname);
    expect(idx).toEqual(
      expect.arrayContaining([
        'users_username',
        'jobs_ready',
        'jobs_unique_key',
        'audit_events_organ_id_seq_key',
        'memberships_user_active',
      ]),
    );
  });

  it('enforce the rules the code relies on', async () => {
    const organ = (
      await pool.query<{ id: string }>(
        "INSERT INTO organs (code, name, abbr) VALUES ('000.00.00.G01', 'Bộ Công an', 'BCA') RETURNING id",
      )
    ).rows[0]!.id;
    await expect(
      pool.query("INSERT INTO organs (code, name, abbr) VALUES ('000.00.00.G01', 'Trùng', 'X')"),
    ).rejects.toThrow(/duplicate key/);
    await expect(pool.query("INSERT INTO blobs (sha256, size, mime) VALUES ('not-a-hash', 1, 'x')")).rejects.toThrow(
      /check constraint/,
    );
    await expect(
      pool.query(
        `INSERT INTO users (organ_id, username, full_name, password_hash, clearance) VALUES ($1, 'a', 'A', 'h', 'secret')`,
        [organ],
      ),
    ).rejects.toThrow(/check constraint/);
    await pool.query(`INSERT INTO users (organ_id, username, full_name, password_hash) VALUES ($1, 'Abc', 'A', 'h')`, [
      organ,
    ]);
    await expect(
      pool.query(`INSERT INTO users (organ_id, username, full_name, password_hash) VALUES ($1, 'aBC', 'B', 'h')`, [
        organ,
      ]),
    ).rejects.toThrow(/users_username/);
  });
});
