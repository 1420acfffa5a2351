import { sql } from 'kysely';
import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { AppError, badRequest, conflict } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import { backfillDefaultRegisters, seedRegisterDefaults } from './registers.seed';

export type RegisterKind = 'incoming' | 'outgoing' | 'copy';

export interface RegisterOut {
  id: string;
  kind: RegisterKind;
  code: string;
  name: string;
  confidential: boolean;
  docTypeCodes: string[] | null;
  active: boolean;
  sortOrder: number;
}

const seededOrgans = new Set<string>();

/**
 * Organs created after the demo seed get their default registers and document types on first use; an organ created
 * before a default register existed (the outgoing and copy registers) gets the ones whose place is empty. Once per process.
 */
export async function ensureRegisterDefaults(db: DbOrTrx, organId: string): Promise<void> {
  if (seededOrgans.has(organId)) return;
  const have = await db
    .selectFrom('registers')
    .select(['kind', 'code', 'confidential', 'doc_type_codes'])
    .where('organ_id', '=', organId)
    .execute();
  if (!have.length) await seedRegisterDefaults(db, organId);
  else if (await backfillDefaultRegisters(db, organId, have)) invalidateRegisterCache(organId);
  seededOrgans.add(organId);
}

/**
 * The next number of a register for a year, inside the caller's transaction (ARCHITECTURE rule 5).
 * One upsert both creates the year's counter (first number of a year is 1) and increments it; the row stays
 * locked until the caller commits, so numbers are consecutive and a rolled-back registration gives its number back.
 * Call it as late as possible in the transaction to keep the lock short.
 */
export async function takeNumber(trx: DbOrTrx, registerId: string, year: number): Promise<number> {
  const r = await sql<{ last_number: number }>`
    INSERT INTO register_counters (register_id, year, last_number) VALUES (${registerId}, ${year}, 1)
    ON CONFLICT (register_id, year) DO UPDATE SET last_number = register_counters.last_number + 1
    RETURNING last_number`.execute(trx);
  return r.rows[0]!.last_number;
}

const toOut = (r: {
  id: string;
  kind: RegisterKind;
  code: string;
  name: string;
  confidential: boolean;
  doc_type_codes: string[] | null;
  active: boolean;
  sort_order: number;
}): RegisterOut => ({
  id: r.id,
  kind: r.kind,
  code: r.code,
  name: r.name,
  confidential: r.confidential,
  docTypeCodes: r.doc_type_codes,
  active: r.active,
  sortOrder: r.sort_order,
});

export async function listRegisters(db: DbOrTrx, organId: string, kind?: RegisterKind): Promise<RegisterOut[]> {
  await ensureRegisterDefaults(db, organId);
  let q = db
    .selectFrom('registers')
    .select(['id', 'kind', 'code', 'name', 'confidential', 'doc_type_codes', 'active', 'sort_order'])
    .where('organ_id', '=', organId);
  if (kind) q = q.where('kind', '=', kind);
  return (await q.orderBy('kind').orderBy('sort_order').orderBy('name').execute()).map(toOut);
}

export async function getRegister(db: DbOrTrx, organId: string, id: string): Promise<RegisterOut> {
  const r = await db
    .selectFrom('registers')
    .select(['id', 'kind', 'code', 'name', 'confidential', 'doc_type_codes', 'active', 'sort_order'])
    .where('organ_id', '=', organId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) throw new AppError('registers.not_found', 404, 'Không tìm thấy sổ văn bản.');
  return toOut(r);
}

/** Registers change rarely; registration looks them up on every document, so they are cached a few seconds per process. */
const CACHE_MS = 5000;
const cache = new Map<string, { at: number; regs: RegisterOut[] }>();
export function invalidateRegisterCache(organId?: string): void {
  if (!organId) cache.clear();
  else for (const k of cache.keys()) if (k.startsWith(organId)) cache.delete(k);
}
async function cachedRegisters(db: DbOrTrx, organId: string, kind: RegisterKind): Promise<RegisterOut[]> {
  const key = `${organId}:${kind}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.regs;
  const regs = await listRegisters(db, organId, kind);
  cache.set(key, { at: Date.now(), regs });
  return regs;
}

/** The register a document goes to: confidential documents only in a confidential register; a register limited to types wins over a general one. */
export async function registerFor(
  db: DbOrTrx,
  organId: string,
  kind: RegisterKind,
  opts: { confidential: boolean; docType?: string },
): Promise<RegisterOut> {
  const all = (await cachedRegisters(db, organId, kind)).filter(
    (r) => r.active && r.confidential === opts.confidential,
  );
  const specific = all.find((r) => r.docTypeCodes && opts.docType && r.docTypeCodes.includes(opts.docType));
  const general = all.find((r) => !r.docTypeCodes);
  const reg = specific ?? general;
  if (!reg)
    throw new AppError(
      'registers.none',
      409,
      opts.confidential
        ? 'Cơ quan chưa có sổ đăng ký văn bản mật đang dùng. Liên hệ quản trị.'
        : 'Cơ quan chưa có sổ đăng ký văn bản đang dùng. Liên hệ quản trị.',
    );
  return reg;
}

/** Checks that a register chosen by the user fits the document (kind, active, confidentiality). */
export function checkRegisterFits(reg: RegisterOut, kind: RegisterKind, confidential: boolean): void {
  if (reg.kind !== kind || !reg.active)
    throw badRequest('registers.unusable', 'Sổ văn bản này không dùng được cho văn bản này.');
  if (reg.confidential !== confidential) {
    throw badRequest(
      'registers.confidentiality_mismatch',
      confidential ? 'Văn bản mật phải vào sổ văn bản mật.' : 'Sổ văn bản mật chỉ dành cho văn bản mật.',
    );
  }
}

export interface RegisterInput {
  kind: RegisterKind;
  code: string;
  name: string;
  confidential: boolean;
  docTypeCodes?: string[] | null;
  active?: boolean;
  sortOrder?: number;
}

export async function createRegister(
  deps: Deps,
  actor: Actor,
  organId: string,
  input: RegisterInput,
): Promise<RegisterOut> {
  await ensureRegisterDefaults(deps.db, organId);
  return deps.db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('registers')
      .select('id')
      .where('organ_id', '=', organId)
      .where('kind', '=', input.kind)
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (dup) throw conflict('registers.code_taken', `Mã sổ "${input.code}" đã được dùng.`);
    const row = await trx
      .insertInto('registers')
      .values({
        organ_id: organId,
        kind: input.kind,
        code: input.code,
        name: input.name,
        confidential: input.confidential,
        doc_type_codes: input.docTypeCodes ?? null,
        active: input.active ?? true,
        sort_order: input.sortOrder ?? 10,
      })
      .returning(['id', 'kind', 'code', 'name', 'confidential', 'doc_type_codes', 'active', 'sort_order'])
      .executeTakeFirstOrThrow();
    invalidateRegisterCache(organId);
    await recordAudit(trx, actor, {
      organId,
      action: 'registers.create',
      entityType: 'register',
      entityId: row.id,
      summary: `Tạo sổ ${row.name}`,
      after: row,
    });
    return toOut(row);
  });
}

export async function updateRegister(
  deps: Deps,
  actor: Actor,
  organId: string,
  id: string,
  input: Partial<Omit<RegisterInput, 'kind' | 'code'>>,
): Promise<RegisterOut> {
  return deps.db.transaction().execute(async (trx) => {
    const before = await getRegister(trx, organId, id);
    const row = await trx
      .updateTable('registers')
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.confidential !== undefined ? { confidential: input.confidential } : {}),
        ...(input.docTypeCodes !== undefined ? { doc_type_codes: input.docTypeCodes } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
        ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
      })
      .where('id', '=', id)
      .where('organ_id', '=', organId)
      .returning(['id', 'kind', 'code', 'name', 'confidential', 'doc_type_codes', 'active', 'sort_order'])
      .executeTakeFirstOrThrow();
    invalidateRegisterCache(organId);
    await recordAudit(trx, actor, {
      organId,
      action: 'registers.update',
      entityType: 'register',
      entityId: id,
      summary: `Sửa sổ ${row.name}`,
      before,
      after: row,
    });
    return toOut(row);
  });
}

/** Last number given per register for a year (shown in the admin page). */
export async function counters(db: DbOrTrx, organId: string, year: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('register_counters')
    .innerJoin('registers', 'registers.id', 'register_counters.register_id')
    .select(['register_counters.register_id', 'register_counters.last_number'])
    .where('registers.organ_id', '=', organId)
    .where('register_counters.year', '=', year)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.register_id, r.last_number]));
}
