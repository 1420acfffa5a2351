import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatXroadTimestamp } from './timestamp';

/**
 * The VXP header scheme (exchange.md §4), shared by the client and the hub.
 * Every header goes on the wire as `XroadVnpt-<name>`; `sign-header-key` lists the signed names joined
 * by ";", `sign-header` is the JSON object of those names and values, `hash-header` the hex
 * HMAC-SHA256 of that exact JSON keyed with the system's secret.
 */
export const XROAD_PREFIX = 'XroadVnpt-';
export const XROAD_VERSION = '3.0.201608';
/** Headers of the scheme itself: never signed. */
export const META_HEADERS = ['sign-header-key', 'sign-header', 'hash-header', 'version'] as const;

export function hmacHex(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data, 'utf8').digest('hex');
}

export function hmacEquals(expectedHex: string, givenHex: string): boolean {
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(givenHex.trim().toLowerCase(), 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/**
 * Builds the wire headers of a request: systemid and timestamp plus the business headers, all signed.
 * Business header names are lower-case (from, to, servicetype, messagetype, docid, status…).
 */
export function signedHeaders(opts: {
  systemId: string;
  secret: string;
  business: Record<string, string>;
  now?: Date;
}): Record<string, string> {
  const values: Record<string, string> = {
    systemid: opts.systemId,
    timestamp: formatXroadTimestamp(opts.now ?? new Date()),
    ...opts.business,
  };
  const keys = Object.keys(values);
  const json = JSON.stringify(values);
  const wire: Record<string, string> = {};
  for (const k of keys) wire[XROAD_PREFIX + k] = values[k]!;
  wire[XROAD_PREFIX + 'sign-header-key'] = keys.join(';');
  wire[XROAD_PREFIX + 'sign-header'] = json;
  wire[XROAD_PREFIX + 'hash-header'] = hmacHex(opts.secret, json);
  wire[XROAD_PREFIX + 'version'] = XROAD_VERSION;
  return wire;
}
