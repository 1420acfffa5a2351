import type { Queryable } from './db';

export interface Agency {
  code: string;
  name: string;
  parentCode: string | null;
  systemId: string | null;
  address: string | null;
  email: string | null;
  telephone: string | null;
  website: string | null;
}

interface AgencyRow {
  code: string;
  name: string;
  parent_code: string | null;
  system_id: string | null;
  address: string | null;
  email: string | null;
  telephone: string | null;
  website: string | null;
}

const toAgency = (r: AgencyRow): Agency => ({
  code: r.code,
  name: r.name,
  parentCode: r.parent_code,
  systemId: r.system_id,
  address: r.address,
  email: r.email,
  telephone: r.telephone,
  website: r.website,
});

export async function listAgencies(db: Queryable): Promise<Agency[]> {
  const r = await db.query<AgencyRow>(
    'SELECT code, name, parent_code, system_id, address, email, telephone, website FROM hub_agencies ORDER BY code',
  );
  return r.rows.map(toAgency);
}

export async function saveAgency(db: Queryable, a: Agency, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO hub_agencies (code, name, parent_code, system_id, address, email, telephone, website, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, system_id = EXCLUDED.system_id,
       address = EXCLUDED.address, email = EXCLUDED.email, telephone = EXCLUDED.telephone, website = EXCLUDED.website,
       updated_at = EXCLUDED.updated_at`,
    [a.code, a.name, a.parentCode, a.systemId, a.address, a.email, a.telephone, a.website, now],
  );
}

export async function deleteAgency(db: Queryable, code: string): Promise<boolean> {
  const r = await db.query('DELETE FROM hub_agencies WHERE code = $1', [code]);
  return (r.rowCount ?? 0) > 0;
}
