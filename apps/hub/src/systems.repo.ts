import type pg from 'pg';
import type { CallerSystem } from './auth';
import type { Queryable } from './db';

export interface SystemSpec {
  systemId: string;
  secret: string;
  name?: string;
  organs: string[];
  isAdmin?: boolean;
  /** The system speaks for exactly these organs afterwards (organs no longer listed are released). */
  exactOrgans?: boolean;
}

export interface ListedSystem {
  systemId: string;
  name: string;
  isAdmin: boolean;
  organs: string[];
  createdAt: string;
}

export async function findSystem(db: Queryable, systemId: string): Promise<CallerSystem | null> {
  const r = await db.query<{ system_id: string; secret: string; is_admin: boolean; organs: string[] | null }>(
    `SELECT s.system_id, s.secret, s.is_admin,
            (SELECT array_agg(o.organ_code ORDER BY o.organ_code) FROM hub_system_organs o WHERE o.system_id = s.system_id) AS organs
       FROM hub_systems s WHERE s.system_id = $1`,
    [systemId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { systemId: row.system_id, secret: row.secret, isAdmin: row.is_admin, organs: row.organs ?? [] };
}

/**
 * Creates or updates a system and the organ codes it speaks for (provisioning: env HUB_SYSTEMS,
 * tests, the demo). An organ moves to this system if another one held it.
 */
export async function upsertSystem(pool: pg.Pool, spec: SystemSpec): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO hub_systems (system_id, secret, name, is_admin) VALUES ($1, $2, $3, $4)
       ON CONFLICT (system_id) DO UPDATE SET secret = EXCLUDED.secret, name = EXCLUDED.name, is_admin = EXCLUDED.is_admin`,
      [spec.systemId, spec.secret, spec.name ?? spec.systemId, spec.isAdmin ?? false],
    );
    await client.query(
      `INSERT INTO hub_system_organs (organ_code, system_id) SELECT unnest($1::text[]), $2
       ON CONFLICT (organ_code) DO UPDATE SET system_id = EXCLUDED.system_id`,
      [spec.organs, spec.systemId],
    );
    if (spec.exactOrgans) {
      await client.query('DELETE FROM hub_system_organs WHERE system_id = $1 AND NOT (organ_code = ANY($2::text[]))', [
        spec.systemId,
        spec.organs,
      ]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Who owns an organ code (null when nobody does). */
export async function organOwner(db: Queryable, code: string): Promise<string | null> {
  const r = await db.query<{ system_id: string }>('SELECT system_id FROM hub_system_organs WHERE organ_code = $1', [
    code,
  ]);
  return r.rows[0]?.system_id ?? null;
}

/** Every system with its organs (never its secret). */
export async function listSystems(db: Queryable): Promise<ListedSystem[]> {
  const r = await db.query<{
    system_id: string;
    name: string;
    is_admin: boolean;
    organs: string[] | null;
    created_at: Date;
  }>(
    `SELECT s.system_id, s.name, s.is_admin, s.created_at,
            (SELECT array_agg(o.organ_code ORDER BY o.organ_code) FROM hub_system_organs o WHERE o.system_id = s.system_id) AS organs
       FROM hub_systems s ORDER BY s.system_id`,
  );
  return r.rows.map((x) => ({
    systemId: x.system_id,
    name: x.name,
    isAdmin: x.is_admin,
    organs: x.organs ?? [],
    createdAt: x.created_at.toISOString(),
  }));
}

/** Removes a system (its organs are released; its agencies keep their entries without a system). */
export async function deleteSystem(db: Queryable, systemId: string): Promise<boolean> {
  const r = await db.query('DELETE FROM hub_systems WHERE system_id = $1', [systemId]);
  return (r.rowCount ?? 0) > 0;
}
