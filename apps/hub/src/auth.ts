import type { IncomingHttpHeaders } from 'node:http';
import { HubError } from './errors';
import { hmacEquals, hmacHex, META_HEADERS } from './signing';
import { parseXroadTimestamp } from './timestamp';

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
  /** The hash-header of the request: the per-system replay memory is keyed on it. */
  signature: string;
  /** When the client says it stamped the request (its zone unknown: informative only). */
  stampedAt: Date;
}

const prefix = 'xroadvnpt-';
/** Signed by the client but not business headers of a call. */
const TRANSPORT_NAMES = new Set(['systemid', 'timestamp', 'content-type']);

function one(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[prefix + name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Verifies the XroadVnpt header scheme as the official client sends it (exchange.md §4): known system;
 * HMAC over the sign-header JSON exactly as received; the JSON's keys are the prefixed names
 * (`XroadVnpt-systemid`…) and exactly the bare names listed in sign-header-key; every signed value equal
 * to its header; no unsigned XroadVnpt- header; systemid and timestamp signed, the timestamp well formed.
 * The timestamp's age is not checked: the client stamps once per client object, in its own zone.
 * Replay is met by the signed body digest (hash-file) and the per-system signature memory (replay.ts).
 */
export async function authenticate(
  h: IncomingHttpHeaders,
  lookup: (systemId: string) => Promise<CallerSystem | null>,
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
  const byName = new Map<string, unknown>();
  for (const [k, v] of Object.entries(signed as Record<string, unknown>)) {
    const lower = k.toLowerCase();
    if (!lower.startsWith(prefix))
      throw new HubError('hub.auth_bad_signature', `khóa ${k} của sign-header thiếu tiền tố XroadVnpt-`);
    byName.set(lower.slice(prefix.length), v);
  }
  const keys = keyList
    .split(';')
    .map((k) => k.trim().toLowerCase())
    .filter(Boolean);
  const lowerKeys = new Set(keys);
  if (byName.size !== lowerKeys.size || keys.length !== lowerKeys.size)
    throw new HubError('hub.auth_bad_signature', 'sign-header-key khác sign-header');
  const values: Record<string, string> = {};
  for (const k of keys) {
    const v = byName.get(k);
    if (typeof v !== 'string') throw new HubError('hub.auth_bad_signature', `thiếu XroadVnpt-${k} trong sign-header`);
    if (one(h, k) !== v) throw new HubError('hub.auth_bad_signature', `tiêu đề XroadVnpt-${k} khác giá trị đã ký`);
    values[k] = v;
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

  const stampedAt = parseXroadTimestamp(timestamp);
  if (!stampedAt) throw new HubError('hub.auth_stale_timestamp', timestamp);

  const business: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (!TRANSPORT_NAMES.has(k)) business[k] = v;
  return { system, headers: business, signature: hash.trim().toLowerCase(), stampedAt };
}

/** The organs a request acts for: the `from` header when given (must be the caller's), else all of them. */
export function actingOrgans(ctx: AuthContext): string[] {
  const from = ctx.headers.from;
  if (from === undefined) return ctx.system.organs;
  if (!ctx.system.organs.includes(from)) throw new HubError('hub.auth_foreign_organ', from);
  return [from];
}
