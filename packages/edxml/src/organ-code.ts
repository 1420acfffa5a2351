// Agency codes (mã định danh, exchange.md §3): `V1V2V3.Z1Z2.Y1Y2.MX1X2`.
/** Level-1 letters: G ministries and government bodies, H provincial People's Committees,
 * K provincial People's Councils, A Party bodies (inferred). */
const STRICT = /^\d{3}\.\d{2}\.\d{2}\.[GHKA]\d{2}$/;
/** Received packages carry non-canonical codes (`28.22.H17`, `14.00.W00`): dot-separated alphanumeric parts. */
const LOOSE = /^[A-Za-z0-9]{1,10}(?:\.[A-Za-z0-9]{1,10}){1,5}$/;

export function isStrictOrganCode(code: string): boolean {
  return STRICT.test(code) && !code.endsWith('00');
}

export function isLooseOrganCode(code: string): boolean {
  return LOOSE.test(code);
}

export function isValidOrganCode(code: string, strict: boolean): boolean {
  return strict ? isStrictOrganCode(code) : isLooseOrganCode(code);
}
