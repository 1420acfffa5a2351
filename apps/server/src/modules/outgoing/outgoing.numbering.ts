/**
 * Numbering (documents.md §2): the register that applies (rule table, then the registers module's choice:
 * confidential → its own register, a type-specific register over the shared one, advisory bodies by code),
 * the number taken with the registers module's takeNumber in the caller's transaction, the notation, and
 * a record of every number given (a cancelled number stays recorded with its reason, never reused).
 */
import { DOC_TYPES, formatNotation, formatNumberNotation, todayVN } from '@vanthu/vn';
import type { Deps } from '../../deps';
import type { DbOrTrx, Trx } from '../../db/database';
import { recordAudit, type Actor } from '../audit';
import type { Principal } from '../auth';
import {
  ensureRegisterDefaults,
  getRegister,
  listRegisters,
  registerFor,
  takeNumber,
  type RegisterOut,
} from '../registers';
import { findDocType as findOrganDocType, listDocTypes } from '../registers';
import { err } from './outgoing.model';

/**
 * The outgoing registers (DI, DI-MAT) and the copy register (SAO) are among every organ's defaults (registers module);
 * this call stays for organs created before that, whose missing defaults the registers module creates once per process.
 */
export async function ensureOutgoingRegisters(deps: Deps, organId: string): Promise<void> {
  await ensureRegisterDefaults(deps.db, organId);
}

export interface OutgoingDocType {
  code: string;
  name: string;
  abbr: string | null;
}

/**
 * An outgoing document's type as the organ defines it (name, abbreviation, in use) in its document types (registers
 * module); a built-in type of NĐ 30 the organ's table lacks still counts. Unknown → outgoing.doc_type_invalid,
 * no longer in use → outgoing.doc_type_inactive.
 */
export async function outgoingDocType(db: DbOrTrx, organId: string, code: string): Promise<OutgoingDocType> {
  const own = await findOrganDocType(db, organId, code);
  if (own && !own.active)
    throw err(
      'doc_type_inactive',
      400,
      `Loại văn bản "${own.name}" đã ngừng sử dụng. Chọn loại văn bản khác cho dự thảo hoặc đề nghị quản trị dùng lại loại này.`,
    );
  if (own) return { code: own.code, name: own.name, abbr: own.abbr };
  const builtin = DOC_TYPES.find((t) => t.code === code);
  if (builtin) return builtin;
  throw err('doc_type_invalid', 400, `Loại văn bản "${code}" không có trong danh mục loại văn bản của cơ quan.`);
}

/** Display names of the organ's document types by code (built-in names for codes the table lacks). */
export async function docTypeNames(db: DbOrTrx, organId: string): Promise<(code: string) => string> {
  const own = new Map((await listDocTypes(db, organId)).map((t) => [t.code, t.name]));
  return (code) => own.get(code) ?? DOC_TYPES.find((t) => t.code === code)?.name ?? code;
}

export const vnYear = (d: Date) => Number(todayVN(d).slice(0, 4));

/** Which register an outgoing document takes its number from. */
export async function registerForDoc(
  db: DbOrTrx,
  organId: string,
  doc: { doc_type: string; confidentiality: string; advisory_body: string | null },
): Promise<RegisterOut> {
  const rule = await db
    .selectFrom('outgoing_register_rules')
    .select('register_id')
    .where('organ_id', '=', organId)
    .where('doc_type', 'in', [doc.doc_type, doc.confidentiality !== 'thuong' ? 'confidential' : doc.doc_type])
    .execute();
  if (rule.length && doc.confidentiality === 'thuong') return getRegister(db, organId, rule[0]!.register_id);
  if (doc.advisory_body) {
    const adv = (await listRegisters(db, organId, 'outgoing')).find((r) => r.active && r.code === doc.advisory_body);
    if (adv) return adv;
  }
  return registerFor(db, organId, 'outgoing', {
    confidential: doc.confidentiality !== 'thuong',
    docType: doc.doc_type,
  });
}

/** Notation per §2: `<type>-<organ>` (QĐ-BNV); công văn `<organ>-<drafting unit>` (BNV-PC); advisory bodies use their own abbreviation. */
export async function notationFor(
  db: DbOrTrx,
  organId: string,
  doc: { doc_type: string; drafting_unit_id: string; advisory_body: string | null },
): Promise<string> {
  const organ = await db.selectFrom('organs').select('abbr').where('id', '=', organId).executeTakeFirstOrThrow();
  const unit = await db
    .selectFrom('units')
    .select('abbr')
    .where('id', '=', doc.drafting_unit_id)
    .executeTakeFirstOrThrow();
  const type = await outgoingDocType(db, organId, doc.doc_type);
  return formatNotation({ typeAbbr: type.abbr, organAbbr: doc.advisory_body ?? organ.abbr, unitAbbr: unit.abbr });
}

export interface Numbered {
  registerId: string;
  year: number;
  number: number;
  notation: string;
  numberNotation: string;
}

/** Takes the next number for a document inside `trx` and records it on the document and in outgoing_numbers. */
export async function numberDocument(
  trx: Trx,
  deps: Deps,
  organId: string,
  outgoingId: string,
  takenBy: string | null,
): Promise<Numbered> {
  const doc = await trx
    .selectFrom('outgoing_docs')
    .select(['doc_type', 'confidentiality', 'advisory_body', 'drafting_unit_id', 'number'])
    .where('id', '=', outgoingId)
    .where('organ_id', '=', organId)
    .executeTakeFirstOrThrow();
  if (doc.number !== null) throw err('already_numbered', 409, 'Văn bản đã được cấp số.');
  const reg = await registerForDoc(trx, organId, doc);
  const notation = await notationFor(trx, organId, doc);
  const year = vnYear(deps.now());
  const number = await takeNumber(trx, reg.id, year);
  const numberNotation = formatNumberNotation(number, notation);
  await trx
    .insertInto('outgoing_numbers')
    .values({
      organ_id: organId,
      register_id: reg.id,
      year,
      number,
      number_notation: numberNotation,
      outgoing_id: outgoingId,
      copy_id: null,
      taken_by: takenBy,
      cancelled_at: null,
      cancel_reason: null,
    })
    .execute();
  await trx
    .updateTable('outgoing_docs')
    .set({ register_id: reg.id, year, number, notation, number_notation: numberNotation, updated_at: new Date() })
    .where('id', '=', outgoingId)
    .execute();
  return { registerId: reg.id, year, number, notation, numberNotation };
}

/** A dedicated numbering call (reservation for a document handled outside the system, and the benchmark). */
export async function reserveNumber(
  deps: Deps,
  p: Principal,
  actor: Actor,
  registerId: string,
  input: { notation: string },
) {
  if (!p.roles.has('clerk')) throw err('forbidden', 403, 'Chỉ văn thư được cấp số.');
  const reg = await getRegister(deps.db, p.organId, registerId);
  if (reg.kind !== 'outgoing' || !reg.active) throw err('register_invalid', 400, 'Sổ không dùng để cấp số văn bản đi.');
  const year = vnYear(deps.now());
  return deps.db.transaction().execute(async (trx) => {
    const number = await takeNumber(trx, reg.id, year);
    const numberNotation = formatNumberNotation(number, input.notation);
    await trx
      .insertInto('outgoing_numbers')
      .values({
        organ_id: p.organId,
        register_id: reg.id,
        year,
        number,
        number_notation: numberNotation,
        outgoing_id: null,
        copy_id: null,
        taken_by: p.userId,
        cancelled_at: null,
        cancel_reason: null,
      })
      .execute();
    await recordAudit(trx, actor, {
      action: 'outgoing.number.reserve',
      entityType: 'register',
      entityId: reg.id,
      summary: `Cấp số ${numberNotation}`,
    });
    return { registerId: reg.id, year, number, numberNotation };
  });
}

/** Every number of a register and year with its fate (issued, cancelled with reason, reserved). */
export async function listNumbers(db: DbOrTrx, organId: string, registerId: string, year: number) {
  const rows = await db
    .selectFrom('outgoing_numbers')
    .selectAll()
    .where('organ_id', '=', organId)
    .where('register_id', '=', registerId)
    .where('year', '=', year)
    .orderBy('number')
    .execute();
  return rows.map((r) => ({
    number: r.number,
    numberNotation: r.number_notation,
    outgoingId: r.outgoing_id,
    copyId: r.copy_id,
    cancelled: !!r.cancelled_at,
    cancelReason: r.cancel_reason,
  }));
}
