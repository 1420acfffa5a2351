import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HubError } from './errors';
import { DirSync } from './dir-sync';
import type { HeaderScanner } from './header-scan';

export interface Received {
  tmp: string;
  sha256: string;
  size: number;
}

const TMP_MAX_AGE_MS = 24 * 3600_000;
const WRITE_BATCH = 1024 * 1024;
const CRLF = Buffer.from('\r\n');

/**
 * Content-addressed package store on the filesystem: uploads stream to dataDir/tmp, are fsynced and
 * renamed to dataDir/objects/<sha[0..2]>/<sha256>. Objects are immutable; identical packages share one.
 */
export class PackageStore {
  readonly root: string;
  private readonly tmpDir: string;
  private readonly objDir: string;
  private readonly dirs = new Map<string, DirSync>();
  private readonly host = os.hostname().replace(/[^A-Za-z0-9-]/g, '_');

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir);
    this.tmpDir = path.join(this.root, 'tmp');
    this.objDir = path.join(this.root, 'objects');
  }

  async init(): Promise<void> {
    await fs.promises.mkdir(this.tmpDir, { recursive: true });
    await fs.promises.mkdir(this.objDir, { recursive: true });
  }

  /**
   * Streams a source to a fresh temp file, hashing it and feeding the header scanner; fsyncs it.
   * Writes go out in batches of up to 1 MB: a typical package is one write, not one per network chunk.
   */
  async receive(
    source: Readable,
    scanner: HeaderScanner,
    maxBytes: number,
    expectedSha256?: string,
  ): Promise<Received> {
    const tmp = path.join(this.tmpDir, `${this.host}.${process.pid}.${randomBytes(8).toString('hex')}.part`);
    // The last two bytes are held out of the hash until the end: the official client sends the file
    // followed by CRLF, and its signed hash-file is the file's (exchange.md §4).
    const hash = createHash('sha256');
    let tail: Buffer = Buffer.alloc(0);
    let size = 0;
    const fh = await fs.promises.open(tmp, 'wx');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      await fh.writev(batch);
    };
    const sink = new Writable({
      highWaterMark: WRITE_BATCH,
      write(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > maxBytes + 2) return cb(new HubError('hub.package_too_large'));
        if (chunk.length >= 2) {
          if (tail.length > 0) hash.update(tail);
          hash.update(chunk.subarray(0, chunk.length - 2));
          tail = Buffer.from(chunk.subarray(chunk.length - 2));
        } else {
          const all = Buffer.concat([tail, chunk]);
          if (all.length > 2) hash.update(all.subarray(0, all.length - 2));
          tail = Buffer.from(all.subarray(Math.max(0, all.length - 2)));
        }
        scanner.push(chunk);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= WRITE_BATCH) flush().then(() => cb(), cb);
        else cb();
      },
      final(cb) {
        flush().then(() => cb(), cb);
      },
    });
    let sha256: string;
    try {
      await pipeline(source, sink);
      const withoutTail = hash.copy().digest('hex');
      sha256 = hash.update(tail).digest('hex');
      if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
        if (!tail.equals(CRLF) || withoutTail !== expectedSha256) throw new HubError('hub.auth_body_mismatch');
        await fh.truncate(size - 2);
        size -= 2;
        sha256 = withoutTail;
      }
      if (size > maxBytes) throw new HubError('hub.package_too_large');
      await fh.datasync();
    } catch (err) {
      await fh.close().catch(() => {});
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
    await fh.close();
    scanner.end();
    return { tmp, sha256, size };
  }

  relativePath(sha256: string): string {
    return path.posix.join('objects', sha256.slice(0, 2), sha256);
  }

  absolute(rel: string): string {
    return path.join(this.root, rel);
  }

  /** Moves a received temp file to its content address and makes the rename durable. */
  async place(tmp: string, sha256: string): Promise<string> {
    const rel = this.relativePath(sha256);
    const dest = this.absolute(rel);
    const dir = path.dirname(dest);
    let syncer = this.dirs.get(dir);
    if (!syncer) {
      await fs.promises.mkdir(dir, { recursive: true });
      syncer = new DirSync(dir);
      this.dirs.set(dir, syncer);
    }
    await fs.promises.rename(tmp, dest);
    await syncer.sync();
    return rel;
  }

  /** Closes the directory handles kept for fsync. */
  async close(): Promise<void> {
    await Promise.all([...this.dirs.values()].map((d) => d.close()));
    this.dirs.clear();
  }

  async discard(tmp: string): Promise<void> {
    await fs.promises.rm(tmp, { force: true });
  }

  async removeObject(sha256: string): Promise<void> {
    await fs.promises.rm(this.absolute(this.relativePath(sha256)), { force: true });
  }

  async exists(sha256: string): Promise<boolean> {
    return fs.promises.access(this.absolute(this.relativePath(sha256))).then(
      () => true,
      () => false,
    );
  }

  /** Removes temp files left by dead processes of this host, and any older than a day. */
  async sweepTemps(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await fs.promises.readdir(this.tmpDir)) {
      const full = path.join(this.tmpDir, name);
      const [host, pid] = name.split('.');
      const st = await fs.promises.stat(full).catch(() => null);
      if (!st) continue;
      const dead = host === this.host && Number(pid) !== process.pid && !alive(Number(pid));
      if (dead || now - st.mtimeMs > TMP_MAX_AGE_MS) {
        await fs.promises.rm(full, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Every object's sha256 on disk. */
  async listObjects(): Promise<string[]> {
    const out: string[] = [];
    for (const sub of await fs.promises.readdir(this.objDir)) {
      const names = await fs.promises.readdir(path.join(this.objDir, sub)).catch(() => []);
      for (const n of names) if (/^[0-9a-f]{64}$/.test(n)) out.push(n);
    }
    return out;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
