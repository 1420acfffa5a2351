import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { storedBlobs, sweepOrphanBlobs } from './blobs.sweep';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => sys.stop());

const png = () => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(200)]);
const put = (bytes: Buffer) => sys.deps.blobs.put(Readable.from([bytes]), { maxBytes: 1 << 20, allowed: ['png'] });
const age = (sha: string, ms: number) => {
  const t = new Date(Date.now() - ms);
  fs.utimesSync(sys.deps.blobs.path!(sha), t, t);
};
const root = () => path.join(sys.dataDir, 'blobs');

describe('orphan blob sweep (issue 10 hole 11)', () => {
  it('removes old files no blob row names, keeps referenced ones and fresh ones (an upload in flight)', async () => {
    const orphan = await put(png());
    const fresh = await put(png());
    const kept = await put(png());
    await sys.deps.db.insertInto('blobs').values({ sha256: kept.sha256, size: kept.size, mime: kept.mime }).execute();
    age(orphan.sha256, 2 * 3600_000);
    age(kept.sha256, 2 * 3600_000);
    const mirror = path.join(sys.dataDir, 'mirror-sweep');
    const copy = path.join(mirror, orphan.sha256.slice(0, 2), orphan.sha256.slice(2, 4), orphan.sha256);
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(sys.deps.blobs.path!(orphan.sha256), copy);

    const r = await sweepOrphanBlobs(sys.deps.db, root(), { graceMs: 3600_000, also: [mirror] });
    expect(r.removed).toEqual([orphan.sha256]);
    expect(await sys.deps.blobs.exists(orphan.sha256)).toBe(false);
    expect(fs.existsSync(copy)).toBe(false);
    expect(await sys.deps.blobs.exists(fresh.sha256)).toBe(true);
    expect(await sys.deps.blobs.exists(kept.sha256)).toBe(true);
    const left = [];
    for await (const b of storedBlobs(root())) left.push(b.sha256);
    expect(left).toContain(kept.sha256);
    expect(left).not.toContain(orphan.sha256);
  });

  it('an upload of content already on disk as an old orphan makes it fresh, so the sweep leaves it to the upload', async () => {
    const bytes = png();
    const first = await put(bytes);
    age(first.sha256, 2 * 3600_000);
    const again = await put(bytes); // the same content, its transaction not committed yet
    expect(again.created).toBe(false);
    const r = await sweepOrphanBlobs(sys.deps.db, root(), { graceMs: 3600_000 });
    expect(r.removed).not.toContain(first.sha256);
    expect(await sys.deps.blobs.exists(first.sha256)).toBe(true);
  });

  it('the scheduled job (blobs.sweep) runs through the queue with its grace period', async () => {
    const orphan = await put(png());
    age(orphan.sha256, 30 * 60_000);
    const def = sys.deps.jobs.get('blobs.sweep');
    expect(def).toBeTruthy();
    await def!.handler({ graceMinutes: 60 }, { jobId: '0', attempt: 1, organId: null });
    expect(await sys.deps.blobs.exists(orphan.sha256)).toBe(true); // 30 min old, grace 60
    await def!.handler({ graceMinutes: 10 }, { jobId: '0', attempt: 1, organId: null });
    expect(await sys.deps.blobs.exists(orphan.sha256)).toBe(false);
  });
});
