import type { Deps } from '../../deps';
import type { DbOrTrx } from '../../db/database';
import { AppError, conflict } from '../../http/errors';
import { recordAudit, type Actor } from '../audit';
import { ensureRegisterDefaults } from './registers.service';

export interface DocTypeOut {
  id: string;
  code: string;
  name: string;
  abbr: string | null;
  active: boolean;
}

export async function listDocTypes(
  db: DbOrTrx,
  organId: string,
  opts: { activeOnly?: boolean } = {},
): Promise<DocTypeOut[]> {
  await ensureRegisterDefaults(db, organId);
  let q = db.selectFrom('doc_types').select(['id', 'code', 'name', 'abbr', 'active']).where('organ_id', '=', organId);
  if (opts.activeOnly) q = q.where('active', '=', true);
  return q.orderBy('sort_order').orderBy('name').execute();
}

export async function findDocType(db: DbOrTrx, organId: string, code: string): Promise<DocTypeOut | null> {
  await ensureRegisterDefaults(db, organId);
  return (
    (await db
      .selectFrom('doc_types')
      .select(['id', 'code', 'name', 'abbr', 'active'])
      .where('organ_id', '=', organId)
      .where('code', '=', code)
      .executeTakeFirst()) ?? null
  );
}

export async function createDocType(
  deps: Deps,
  actor: Actor,
  organId: string,
  input: { code: string; name: string; abbr: string | null },
): Promise<DocTypeOut> {
  await ensureRegisterDefaults(deps.db, organId);
  return deps.db.transaction().execute(async (trx) => {
    if (await findDocType(trx, organId, input.code))
      throw conflict('registers.doc_type_taken', `Mã loại văn bản "${input.code}" đã có.`);
    const row = await trx
      .insertInto('doc_types')
      .values({ organ_id: organId, code: input.code, name: input.name, abbr: input.abbr, sort_order: 1000 })
      .returning(['id', 'code', 'name', 'abbr', 'active'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      organId,
      action: 'registers.doc_type.create',
      entityType: 'doc_type',
      entityId: row.id,
      summary: `Thêm loại văn bản ${row.name}`,
      after: row,
    });
    return row;
  });
}

export async function updateDocType(
  deps: Deps,
  actor: Actor,
  organId: string,
  id: string,
  input: { name?: string; abbr?: string | null; active?: boolean },
): Promise<DocTypeOut> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('doc_types')
      .set(input)
      .where('id', '=', id)
      .where('organ_id', '=', organId)
      .returning(['id', 'code', 'name', 'abbr', 'active'])
      .executeTakeFirst();
    if (!row)
      throw new AppError(
        'registers.doc_type_not_found',
        404,
        'Không tìm thấy loại văn bản (đã bị xóa hoặc thuộc cơ quan khác). Tải lại danh sách loại văn bản.',
      );
    await recordAudit(trx, actor, {
      organId,
      action: 'registers.doc_type.update',
      entityType: 'doc_type',
      entityId: id,
      summary: `Sửa loại văn bản ${row.name}`,
      after: row,
    });
    return row;
  });
}
