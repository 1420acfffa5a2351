import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatXroadTimestamp } from './timestamp';

/**
 * The VXP header scheme exactly as the official client (SDKVXP 2.0.x) puts it on the wire
 * (exchange.md §4), shared by our connector and our hub.
 *
 * The client keeps a map of headers (`systemid`, `timestamp`, `Content-Type`, then the call's own:
 * `from`, `servicetype`, `messagetype`, `hash-file`, `docId`, `status`, …), a java.util.HashMap, and
 * each goes on the wire as `XroadVnpt-<name>`. `sign-header-key` is the bare names in the map's
 * iteration order joined by ";"; `sign-header` the Gson JSON (no spaces) of the same entries in the same
 * order with the prefixed names as keys; `hash-header` the lower-case hex HMAC-SHA256 of that JSON.
 */
export const XROAD_PREFIX = 'XroadVnpt-';
export const XROAD_VERSION = '3.0.201608';
export const XROAD_USER_AGENT = 'JAVASDKAgent/1.0.0 XRoad/VPCP';
/** Headers of the scheme itself: never signed. */
export const META_HEADERS = ['sign-header-key', 'sign-header', 'hash-header', 'version'] as const;

export function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(data, 'utf8').digest('hex');
}

export function hmacEquals(expectedHex: string, givenHex: string): boolean {
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(givenHex.trim().toLowerCase(), 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** java.lang.String#hashCode: s[0]·31^(n−1) + … + s[n−1] over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The iteration order of a java.util.HashMap<String, ?> created with the default capacity (16, load
 * factor 0.75) after putting these keys in this order (a repeated key keeps its first place):
 * by bucket index (h ^ h>>>16) & (n−1) in the final table, then by insertion within a bucket (a resize
 * splits each bucket keeping the relative order). Tree bins (8+ keys in one bucket) do not occur for
 * header maps.
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  const unique = [...new Set(keys)];
  let n = 16;
  while (unique.length > n * 0.75) n *= 2;
  const bucket = (k: string) => {
    const h = javaStringHash(k);
    return (h ^ (h >>> 16)) & (n - 1);
  };
  return unique
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.k);
}

/** Gson's string escaping (default: HTML-safe, so <, >, &, =, ' are \u-escaped too). */
export function gsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (
      c < 0x20 ||
      ch === '<' ||
      ch === '>' ||
      ch === '&' ||
      ch === '=' ||
      ch === "'" ||
      c === 0x2028 ||
      c === 0x2029
    ) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

/** The three signature headers for a header map whose entries are already in wire order. */
export function signHeaderMap(
  secret: string,
  ordered: readonly (readonly [string, string])[],
): { keyList: string; json: string; hash: string } {
  const keyList = ordered.map(([k]) => k).join(';');
  const json = '{' + ordered.map(([k, v]) => gsonString(XROAD_PREFIX + k) + ':' + gsonString(v)).join(',') + '}';
  return { keyList, json, hash: hmacHex(secret, json) };
}

/**
 * Builds the wire headers of a request as the official client does: the map holds `systemid`,
 * `timestamp`, `Content-Type` and the call's headers (names as the client spells them: `docId`,
 * `hash-file`, `AgencyCode`…), ordered as a Java HashMap, all signed. `timestamp` may be given (the
 * client stamps once per client object) or is made from `now` in Vietnam time.
 */
export function signedHeaders(opts: {
  systemId: string;
  secret: string;
  business: Record<string, string>;
  contentType?: string;
  timestamp?: string;
  now?: Date;
}): Record<string, string> {
  const contentType = opts.contentType ?? 'application/json';
  const values = new Map<string, string>([
    ['systemid', opts.systemId],
    ['timestamp', opts.timestamp ?? formatXroadTimestamp(opts.now ?? new Date())],
    ['Content-Type', contentType],
  ]);
  for (const [k, v] of Object.entries(opts.business)) values.set(k, v);
  const ordered = javaHashMapOrder([...values.keys()]).map((k) => [k, values.get(k)!] as const);
  const sig = signHeaderMap(opts.secret, ordered);
  const wire: Record<string, string> = {};
  for (const [k, v] of ordered) wire[XROAD_PREFIX + k] = v;
  wire[XROAD_PREFIX + 'sign-header-key'] = sig.keyList;
  wire[XROAD_PREFIX + 'sign-header'] = sig.json;
  wire[XROAD_PREFIX + 'hash-header'] = sig.hash;
  wire[XROAD_PREFIX + 'version'] = XROAD_VERSION;
  wire['User-Agent'] = XROAD_USER_AGENT;
  wire['Content-Type'] = contentType;
  return wire;
}
