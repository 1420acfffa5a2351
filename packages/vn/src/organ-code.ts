// Agency code (mã định danh) V1V2V3.Z1Z2.Y1Y2.MX1X2 (QĐ 20/2020/QĐ-TTg; exchange.md §3):
// MX1X2 is level 1 (a letter + two digits), Y1Y2 level 2, Z1Z2 level 3, V1V2V3 level 4;
// zeros mean the level is unused.

export type OrganCodeErrorCode =
  'vn.organ_code.empty' | 'vn.organ_code.format' | 'vn.organ_code.level_gap' | 'vn.organ_code.level1_zero';

export type OrganCodeResult =
  { ok: true; level: 1 | 2 | 3 | 4; letter: string } | { ok: false; error: OrganCodeErrorCode; message: string };

const MESSAGES: Record<OrganCodeErrorCode, string> = {
  'vn.organ_code.empty': 'Chưa nhập mã định danh cơ quan',
  'vn.organ_code.format': 'Mã định danh phải có dạng V1V2V3.Z1Z2.Y1Y2.MX1X2, ví dụ 000.00.00.G09',
  'vn.organ_code.level_gap': 'Mã định danh không hợp lệ: một cấp được dùng trong khi cấp trên nó bằng 0',
  'vn.organ_code.level1_zero': 'Mã định danh không hợp lệ: mã cấp 1 không được bằng 00',
};

const fail = (error: OrganCodeErrorCode): OrganCodeResult => ({ ok: false, error, message: MESSAGES[error] });

const STRICT = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z])(\d{2})$/;
const LAST_GROUP = /^([A-Za-z])(\d{2})$/;

/** [level4, level3, level2, letter, level-1 digits], or null; loose groups align from the right. */
function split(s: string, strict: boolean): [number, number, number, string, string] | null {
  if (strict) {
    const m = STRICT.exec(s);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4]!, m[5]!] : null;
  }
  const groups = s.split('.');
  const last = LAST_GROUP.exec(groups.pop()!);
  if (!last || groups.length > 3 || !groups.every((g) => /^\d{1,3}$/.test(g))) return null;
  const [l2 = 0, l3 = 0, l4 = 0] = groups.reverse().map(Number);
  return [l4, l3, l2, last[1]!, last[2]!];
}

/**
 * Validate a mã định danh. strict (for codes we create): exactly `ddd.dd.dd.Ldd`, capital
 * letter, no used level under an unused one, level-1 number not 00. Loose (for codes received
 * from others): 1–4 dot-separated groups, the last a letter + two digits, the others 1–3 digits
 * (e.g. `28.22.H17`); groups are aligned from the right. `level` is the lowest level in use.
 */
export function validateOrganCode(code: string, options: { strict?: boolean } = {}): OrganCodeResult {
  const s = code.trim();
  if (!s) return fail('vn.organ_code.empty');
  const parts = split(s, options.strict === true);
  if (!parts) return fail('vn.organ_code.format');
  const [level4, level3, level2, letter, digits] = parts;
  if (options.strict) {
    if (digits === '00') return fail('vn.organ_code.level1_zero');
    if ((level3 > 0 && level2 === 0) || (level4 > 0 && (level3 === 0 || level2 === 0))) {
      return fail('vn.organ_code.level_gap');
    }
  }
  const level = level4 > 0 ? 4 : level3 > 0 ? 3 : level2 > 0 ? 2 : 1;
  return { ok: true, level, letter: letter.toUpperCase() };
}

/** True when the code passes validateOrganCode with the same options. */
export function isOrganCode(code: string, options: { strict?: boolean } = {}): boolean {
  return validateOrganCode(code, options).ok;
}
