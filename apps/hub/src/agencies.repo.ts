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
  mobile?: string | null;
  fax?: string | null;
  oldCode?: string | null;
  code102?: string | null;
}

/** A directory entry as listed: the official client reads id, pid (the parent's id), mail, oldCode, code102. */
export interface ListedAgency extends Agency {
  id: number;
  pid: number | null;
  mail: string | null;
}

interface AgencyRow {
  id: string;
  pid: string | null;
  code: string;
  name: string;
  parent_code: string | null;
  system_id: string | null;
  address: string | null;
  email: string | null;
  telephone: string | null;
  website: string | null;
  mobile: string | null;
  fax: string | null;
  old_code: string | null;
  code102: string | null;
}

const toAgency = (r: AgencyRow): ListedAgency => ({
  id: Number(r.id),
  pid: r.pid === null ? null : Number(r.pid),
  code: r.code,
  name: r.name,
  parentCode: r.parent_code,
  systemId: r.system_id,
  address: r.address,
  email: r.email,
  mail: r.email,
  telephone: r.telephone,
  website: r.website,
  mobile: r.mobile,
  fax: r.fax,
  oldCode: r.old_code,
  code102: r.code102,
});

export async function listAgencies(db: Queryable): Promise<ListedAgency[]> {
  const r = await db.query<AgencyRow>(
    `SELECT a.id, p.id AS pid, a.code, a.name, a.parent_code, a.system_id, a.address, a.email, a.telephone, a.website,
            a.mobile, a.fax, a.old_code, a.code102
       FROM hub_agencies a LEFT JOIN hub_agencies p ON p.code = a.parent_code
      ORDER BY a.code`,
  );
  return r.rows.map(toAgency);
}

export async function saveAgency(db: Queryable, a: Agency, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO hub_agencies (code, name, parent_code, system_id, address, email, telephone, website, mobile, fax, old_code, code102,
                               created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $10, $11, $12, $13, $9, $9)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, system_id = EXCLUDED.system_id,
       address = EXCLUDED.address, email = EXCLUDED.email, telephone = EXCLUDED.telephone, website = EXCLUDED.website,
       mobile = EXCLUDED.mobile, fax = EXCLUDED.fax, old_code = EXCLUDED.old_code, code102 = EXCLUDED.code102,
       updated_at = EXCLUDED.updated_at`,
    [
      a.code,
      a.name,
      a.parentCode,
      a.systemId,
      a.address,
      a.email,
      a.telephone,
      a.website,
      now,
      a.mobile ?? null,
      a.fax ?? null,
      a.oldCode ?? null,
      a.code102 ?? null,
    ],
  );
}

export async function deleteAgency(db: Queryable, code: string): Promise<boolean> {
  const r = await db.query('DELETE FROM hub_agencies WHERE code = $1', [code]);
  return (r.rowCount ?? 0) > 0;
}
