/**
 * Pure rules of the register and document-type admin screens: order, labels, what deactivating a register
 * breaks, a document-type code from its name, and which form field a server error belongs to.
 */
import { ApiError } from '../../api';
import { foldKey, viCompare } from '../../lib/vn';
import type { AdminDocType, AdminRegister, RegisterKind } from './admin.api';

export const KIND_ORDER: RegisterKind[] = ['incoming', 'outgoing', 'copy'];

export const KIND_LABELS: Record<RegisterKind, string> = {
  incoming: 'Văn bản đến',
  outgoing: 'Văn bản đi',
  copy: 'Bản sao',
};

/** Registers of a kind: only incoming and outgoing registers can be limited to document types (copies take any). */
export const kindTakesDocTypes = (kind: RegisterKind) => kind !== 'copy';

/** Display order, the order the server picks registers in: kind, then sort order, then name in Vietnamese order. */
export function compareRegisters(a: AdminRegister, b: AdminRegister): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    a.sortOrder - b.sortOrder ||
    viCompare(a.name, b.name) ||
    viCompare(a.code, b.code)
  );
}

export function compareDocTypes(a: AdminDocType, b: AdminDocType): number {
  return viCompare(a.name, b.name) || viCompare(a.code, b.code);
}

const isGeneral = (r: Pick<AdminRegister, 'docTypeCodes'>) => !r.docTypeCodes || r.docTypeCodes.length === 0;

/**
 * True when `reg` is the only active register taking every document type for its kind and confidentiality:
 * once it is deactivated, documents of that kind (thường or mật) can no longer be registered or numbered.
 */
export function isLastGeneral(reg: AdminRegister, all: readonly AdminRegister[]): boolean {
  if (!reg.active || !isGeneral(reg) || reg.kind === 'copy') return false;
  return !all.some(
    (r) => r.id !== reg.id && r.active && r.kind === reg.kind && r.confidential === reg.confidential && isGeneral(r),
  );
}

/** The sort order a new register of a kind gets by default: after the last one of that kind. */
export function nextSortOrder(kind: RegisterKind, all: readonly AdminRegister[]): number {
  const orders = all.filter((r) => r.kind === kind).map((r) => r.sortOrder);
  return orders.length ? Math.max(...orders) + 1 : 0;
}

/** The names of the types a register is limited to (code when the type is unknown), in Vietnamese order; null = every type. */
export function limitNames(reg: Pick<AdminRegister, 'docTypeCodes'>, types: readonly AdminDocType[]): string[] | null {
  if (!reg.docTypeCodes || reg.docTypeCodes.length === 0) return null;
  const byCode = new Map(types.map((t) => [t.code, t.name]));
  return reg.docTypeCodes.map((c) => byCode.get(c) ?? c).sort(viCompare);
}

/** The server's rule for a document-type code. */
export const DOC_TYPE_CODE = /^[a-z0-9_]{1,50}$/;

/** A code from a Vietnamese name: "Pháp lệnh" → "phap_lenh", "Tờ trình (nội bộ)" → "to_trinh_noi_bo". */
export function suggestDocTypeCode(name: string): string {
  return foldKey(name)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50)
    .replace(/_+$/, '');
}

/** Server errors that belong to one field of the form, with what to do about them. */
const FIELD_ERRORS: Record<string, { field: string; hint: string }> = {
  'registers.code_taken': { field: 'code', hint: 'Nhập mã khác.' },
  'registers.doc_type_taken': { field: 'code', hint: 'Nhập mã khác, hoặc sửa loại văn bản đã có.' },
};

export function fieldError(e: unknown): { name: string; errors: string[] } | null {
  if (!(e instanceof ApiError)) return null;
  const f = FIELD_ERRORS[e.code];
  return f ? { name: f.field, errors: [`${e.message} ${f.hint}`] } : null;
}
