import { hash, verify } from '@node-rs/argon2';

// argon2id (algorithm 2) with OWASP's minimum parameters: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password.normalize('NFC'), OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/** A hash of nothing, verified against when the username is unknown so timing does not reveal accounts. */
let dummy: Promise<string> | null = null;
export const dummyHash = () => (dummy ??= hashPassword('vanthu-dummy-password'));

export function passwordProblem(pw: string): string | null {
  if (pw.length < 8) return 'Mật khẩu phải có ít nhất 8 ký tự.';
  if (pw.length > 200) return 'Mật khẩu quá dài (tối đa 200 ký tự).';
  if (!/[A-Za-zÀ-ỹ]/.test(pw) || !/\d/.test(pw)) return 'Mật khẩu phải có cả chữ và số.';
  return null;
}
