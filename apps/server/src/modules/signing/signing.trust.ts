/**
 * The trust store: anchor certificates (DER or PEM) from VANTHU_TRUST_DIR, read at start and on reload;
 * in demo mode the demo CA is trusted too. Its fingerprint keys the stored verification reports.
 */
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Deps } from '../../deps';
import { demoCaCertificate } from './signing.keys';

export interface TrustStore {
  anchors: Uint8Array[];
  /** SHA-256 over the sorted anchor hashes and the revocation policy. */
  fingerprint: string;
  revocationPolicy: 'strict' | 'lenient';
  loadedAt: Date;
  /** Files that were not certificates (reported, skipped). */
  skipped: string[];
}

const PEM = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g;

function certsOfFile(bytes: Buffer): Uint8Array[] {
  const text = bytes.toString('latin1');
  const blocks = [...text.matchAll(PEM)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  const list = blocks.length > 0 ? blocks : [new Uint8Array(bytes)];
  for (const der of list) new X509Certificate(der); // throws when not a certificate
  return list;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && !e.name.startsWith('.')) out.push(p);
  }
  return out;
}

/** Reads every certificate under a directory (recursively) or in one file; unreadable files are listed in `skipped`. */
export function readAnchorDir(dir: string): { anchors: Uint8Array[]; skipped: string[] } {
  const anchors: Uint8Array[] = [];
  const skipped: string[] = [];
  if (!fs.existsSync(dir)) return { anchors, skipped: [dir] };
  for (const file of fs.statSync(dir).isFile() ? [dir] : walk(dir)) {
    try {
      anchors.push(...certsOfFile(fs.readFileSync(file)));
    } catch {
      skipped.push(file);
    }
  }
  return { anchors, skipped };
}

export function buildTrustStore(
  anchors: Uint8Array[],
  revocationPolicy: 'strict' | 'lenient',
  skipped: string[] = [],
): TrustStore {
  const hashes = [...new Set(anchors.map((a) => createHash('sha256').update(a).digest('hex')))].sort();
  const unique = hashes.map((h) => anchors.find((a) => createHash('sha256').update(a).digest('hex') === h)!);
  const fingerprint = createHash('sha256')
    .update(`${revocationPolicy}\n${hashes.join('\n')}`)
    .digest('hex');
  return { anchors: unique, fingerprint, revocationPolicy, loadedAt: new Date(), skipped };
}

async function load(deps: Deps): Promise<TrustStore> {
  const dir = deps.config.signing.trustDir;
  const fromDir = dir ? readAnchorDir(dir) : { anchors: [], skipped: [] };
  if (fromDir.skipped.length)
    deps.log.warn({ skipped: fromDir.skipped }, 'trust store: files that are not certificates were skipped');
  const anchors = [...fromDir.anchors];
  if (deps.config.demo) anchors.push(await demoCaCertificate(deps));
  return buildTrustStore(anchors, deps.config.signing.revocationPolicy, fromDir.skipped);
}

const stores = new WeakMap<Deps['db'], Promise<TrustStore>>();

export function trustStoreFor(deps: Deps): Promise<TrustStore> {
  let p = stores.get(deps.db);
  if (!p) {
    p = load(deps);
    p.catch(() => stores.delete(deps.db));
    stores.set(deps.db, p);
  }
  return p;
}

/** Re-reads the anchor directory (admin action, SIGHUP); later reports use the new fingerprint. */
export async function reloadTrustStore(deps: Deps): Promise<TrustStore> {
  const p = load(deps);
  stores.set(deps.db, p);
  return p;
}
