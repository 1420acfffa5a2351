import { DOC_TYPES } from '@vanthu/vn';
import type { DbOrTrx } from '../../db/database';

/** Types incoming documents often have beyond NĐ 30's administrative ones (documents.md §1: the list is data). */
export const LEGAL_DOC_TYPES = [
  { code: 'luat', name: 'Luật', abbr: null },
  { code: 'nghi_dinh', name: 'Nghị định', abbr: 'NĐ-CP' },
  { code: 'thong_tu', name: 'Thông tư', abbr: 'TT' },
] as const;

/**
 * The registers every organ starts with (documents.md §2: confidential documents always have their own sequence):
 * incoming, outgoing (the shared one and the confidential one) and the copy register (SY, SL, TrS).
 */
export const DEFAULT_REGISTERS = [
  { kind: 'incoming' as const, code: 'DEN', name: 'Sổ đăng ký văn bản đến', confidential: false, sort_order: 0 },
  { kind: 'incoming' as const, code: 'DEN-MAT', name: 'Sổ đăng ký văn bản đến mật', confidential: true, sort_order: 1 },
  { kind: 'outgoing' as const, code: 'DI', name: 'Sổ văn bản đi', confidential: false, sort_order: 0 },
  { kind: 'outgoing' as const, code: 'DI-MAT', name: 'Sổ văn bản đi mật', confidential: true, sort_order: 1 },
  { kind: 'copy' as const, code: 'SAO', name: 'Sổ bản sao văn bản (SY, SL, TrS)', confidential: false, sort_order: 0 },
];

/** Idempotent: document types from DOC_TYPES and the default registers. Safe to call again (ON CONFLICT DO NOTHING). */
export async function seedRegisterDefaults(trx: DbOrTrx, organId: string): Promise<void> {
  const seen = new Set<string>();
  const types = [...DOC_TYPES, ...LEGAL_DOC_TYPES].filter((t) => (seen.has(t.code) ? false : (seen.add(t.code), true)));
  await trx
    .insertInto('doc_types')
    .values(types.map((t, i) => ({ organ_id: organId, code: t.code, name: t.name, abbr: t.abbr, sort_order: i })))
    .onConflict((oc) => oc.columns(['organ_id', 'code']).doNothing())
    .execute();
  await trx
    .insertInto('registers')
    .values(DEFAULT_REGISTERS.map((r) => ({ ...r, organ_id: organId, doc_type_codes: null })))
    .onConflict((oc) => oc.columns(['organ_id', 'kind', 'code']).doNothing())
    .execute();
}

type Existing = { kind: string; code: string; confidential: boolean; doc_type_codes: string[] | null };

/**
 * For an organ that already has registers (created before a default was added): each default register whose place is
 * empty — no register of its kind and code, and no general register of its kind and confidentiality, active or not —
 * is created. A register the admin set up in its place, or deactivated, is left alone. Returns how many were created.
 */
export async function backfillDefaultRegisters(trx: DbOrTrx, organId: string, have: Existing[]): Promise<number> {
  const missing = DEFAULT_REGISTERS.filter(
    (d) =>
      !have.some(
        (h) => h.kind === d.kind && (h.code === d.code || (h.confidential === d.confidential && !h.doc_type_codes)),
      ),
  );
  if (!missing.length) return 0;
  const r = await trx
    .insertInto('registers')
    .values(missing.map((m) => ({ ...m, organ_id: organId, doc_type_codes: null })))
    .onConflict((oc) => oc.columns(['organ_id', 'kind', 'code']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n);
}
