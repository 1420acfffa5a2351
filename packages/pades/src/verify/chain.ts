import * as x509 from '@peculiar/x509';
import { X509Certificate, type KeyObject } from 'node:crypto';
import { bytesEqual } from '../cms/certinfo';

export interface CertPool {
  anchors: X509Certificate[];
  others: X509Certificate[];
}

export interface ChainResult {
  path: X509Certificate[]; // signer first; ends with the anchor when trusted
  trusted: boolean;
  anchor: X509Certificate | null;
}

const cache = new Map<string, { der: Uint8Array; cert: X509Certificate }[]>();
let cached = 0;

/** Parses a DER certificate, memoised (verification sees the same few certificates over and over). */
export function cert(der: Uint8Array): X509Certificate | null {
  const n = der.length;
  const key = `${n}:${der[n >> 1]}:${der[n - 1]}:${der[n - 20]}:${der[n >> 2]}`;
  const bucket = cache.get(key) ?? [];
  const hit = bucket.find((e) => bytesEqual(e.der, der));
  if (hit) return hit.cert;
  let c: X509Certificate;
  try {
    c = new X509Certificate(der);
  } catch {
    return null;
  }
  if (++cached > 2000) {
    cache.clear();
    cached = 0;
  }
  bucket.push({ der: new Uint8Array(der), cert: c });
  cache.set(key, bucket);
  return c;
}

const keys = new WeakMap<X509Certificate, KeyObject>();
export function publicKeyOf(c: X509Certificate): KeyObject {
  let k = keys.get(c);
  if (!k) {
    k = c.publicKey;
    keys.set(c, k);
  }
  return k;
}

const extensions = new WeakMap<X509Certificate, { ku: number | null; eku: string[] } | null>();
function extensionsOf(c: X509Certificate): { ku: number | null; eku: string[] } | null {
  if (extensions.has(c)) return extensions.get(c)!;
  let v: { ku: number | null; eku: string[] } | null;
  try {
    const parsed = new x509.X509Certificate(new Uint8Array(c.raw));
    v = {
      ku: parsed.getExtension(x509.KeyUsagesExtension)?.usages ?? null,
      eku: (parsed.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? []).map(String),
    };
  } catch {
    v = null;
  }
  extensions.set(c, v);
  return v;
}

export function makePool(anchors: readonly Uint8Array[], others: readonly Uint8Array[]): CertPool {
  const parse = (list: readonly Uint8Array[]): X509Certificate[] =>
    list.map(cert).filter((c): c is X509Certificate => c !== null);
  return { anchors: parse(anchors), others: parse(others) };
}

function same(a: X509Certificate, b: X509Certificate): boolean {
  return bytesEqual(new Uint8Array(a.raw), new Uint8Array(b.raw));
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(publicKeyOf(parent));
  } catch {
    return false;
  }
}

/** Builds a path from `leaf` to a trust anchor (depth-first, bounded). */
export function buildChain(leaf: X509Certificate, pool: CertPool): ChainResult {
  let best: X509Certificate[] = [leaf];
  const search = (path: X509Certificate[]): X509Certificate[] | null => {
    const current = path[path.length - 1]!;
    if (pool.anchors.some((a) => same(a, current))) return path;
    if (path.length > 8) return null;
    for (const a of pool.anchors) if (issuedBy(current, a)) return [...path, a];
    for (const o of pool.others) {
      if (path.some((p) => same(p, o)) || !issuedBy(current, o)) continue;
      const next = [...path, o];
      if (next.length > best.length) best = next;
      const found = search(next);
      if (found) return found;
    }
    return null;
  };
  const found = search([leaf]);
  if (found) return { path: found, trusted: true, anchor: found[found.length - 1]! };
  return { path: best, trusted: false, anchor: null };
}

export type TimeProblem = 'expired' | 'not_yet_valid' | null;

/** Whether every certificate of the path is within its validity period at `at`. */
export function validityAt(path: readonly X509Certificate[], at: Date): TimeProblem {
  for (const c of path) {
    if (at.getTime() > new Date(c.validTo).getTime()) return 'expired';
    if (at.getTime() < new Date(c.validFrom).getTime()) return 'not_yet_valid';
  }
  return null;
}

/** CA certificates of the path (all but the leaf) must be CAs. */
export function caConstraintsOk(path: readonly X509Certificate[]): boolean {
  return path.slice(1).every((c) => c.ca);
}

/** Signer key usage: digitalSignature or nonRepudiation when the extension is present. */
export function signingKeyUsageOk(leaf: X509Certificate): boolean {
  const ext = extensionsOf(leaf);
  if (!ext) return false;
  if (ext.ku === null) return true;
  return (ext.ku & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) !== 0;
}

export function hasExtendedKeyUsage(c: X509Certificate, oid: string): boolean {
  return extensionsOf(c)?.eku.includes(oid) ?? false;
}

export function commonName(c: X509Certificate): string {
  const m = /(?:^|\n)CN=([^\n]*)/.exec(c.subject);
  return m ? m[1]! : c.subject.replace(/\n/g, ', ');
}
