import type { IncomingHttpHeaders } from 'node:http';
import { HubError } from './errors';
import { hmacEquals, hmacHex, META_HEADERS } from './signing';
import { parseXroadTimestamp } from './timestamp';

export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface CallerSystem {
  systemId: string;
  secret: string;
  isAdmin: boolean;
  organs: string[];
}

export interface AuthContext {
  system: CallerSystem;
  /** Verified business headers (lower-case names, without the XroadVnpt- prefix). */
  headers: Record<string, string>;
}

const prefix = 'xroadvnpt-';

function one(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[prefix + name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verifies the XroadVnpt header scheme: known system, HMAC over sign-header, every signed value equal
 * to its header, no unsigned business header, timestamp signed and within ±5 minutes.
 */
export async function authenticate(
  h: IncomingHttpHeaders,
  lookup: (systemId: string) => Promise<CallerSystem | null>,
  now: Date,
): Promise<AuthContext> {
  const systemId = one(h, 'systemid');
  const timestamp = one(h, 'timestamp');
  const keyList = one(h, 'sign-header-key');
  const signJson = one(h, 'sign-header');
  const hash = one(h, 'hash-header');
  if (!systemId || !timestamp || !keyList || !signJson || !hash) throw new HubError('hub.auth_missing_header');

  const system = await lookup(systemId);
  if (!system) throw new HubError('hub.auth_unknown_system', systemId);
  if (!hmacEquals(hmacHex(system.secret, signJson), hash)) throw new HubError('hub.auth_bad_signature');

  let signed: unknown;
  try {
    signed = JSON.parse(signJson);
  } catch {
    throw new HubError('hub.auth_bad_signature', 'sign-header không phải JSON');
  }
  if (!signed || typeof signed !== 'object' || Array.isArray(signed)) throw new HubError('hub.auth_bad_signature');
  const map = signed as Record<string, unknown>;
  const keys = keyList.split(';').map((k) => k.trim()).filter(Boolean);
  const lowerKeys = new Set(keys.map((k) => k.toLowerCase()));
  if (Object.keys(map).length !== keys.length) throw new HubError('hub.auth_bad_signature', 'sign-header-key khác sign-header');
  const business: Record<string, string> = {};
  for (const k of keys) {
    const v = map[k];
    if (typeof v !== 'string') throw new HubError('hub.auth_bad_signature', `thiếu ${k} trong sign-header`);
    if (one(h, k.toLowerCase()) !== v) throw new HubError('hub.auth_bad_signature', `tiêu đề ${k} khác giá trị đã ký`);
    business[k.toLowerCase()] = v;
  }
  if (!lowerKeys.has('timestamp') || !lowerKeys.has('systemid')) {
    throw new HubError('hub.auth_unsigned_header', 'systemid và timestamp phải được ký');
  }
  for (const name of Object.keys(h)) {
    if (!name.startsWith(prefix)) continue;
    const short = name.slice(prefix.length);
    if ((META_HEADERS as readonly string[]).includes(short)) continue;
    if (!lowerKeys.has(short)) throw new HubError('hub.auth_unsigned_header', short);
  }

  const at = parseXroadTimestamp(timestamp);
  if (!at || Math.abs(at.getTime() - now.getTime()) > MAX_CLOCK_SKEW_MS) throw new HubError('hub.auth_stale_timestamp', timestamp);

  delete business.systemid;
  delete business.timestamp;
  return { system, headers: business };
}

/** The organs a request acts for: the `from` header when given (must be the caller's), else all of them. */
export function actingOrgans(ctx: AuthContext): string[] {
  const from = ctx.headers.from;
  if (from === undefined) return ctx.system.organs;
  if (!ctx.system.organs.includes(from)) throw new HubError('hub.auth_foreign_organ', from);
  return [from];
}
