import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DirSync } from './dir-sync';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('DirSync', () => {
  it('groups callers that arrive during an fsync into one following fsync, and opens the directory once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-dirsync-'));
    dirs.push(dir);
    const open = vi.spyOn(fs.promises, 'open');
    const d = new DirSync(dir);
    const order: string[] = [];
    const first = d.sync().then(() => order.push('first'));
    // Arrive while the first fsync is in flight: all served by one second fsync, started after the first.
    const later = [d.sync(), d.sync(), d.sync()];
    expect(later[0]).toBe(later[1]);
    expect(later[1]).toBe(later[2]);
    await Promise.all([first, ...later.map((p) => p.then(() => order.push('later')))]);
    expect(order).toEqual(['first', 'later', 'later', 'later']);
    await d.sync();
    expect(open).toHaveBeenCalledTimes(1);
    await d.close();
  });

  it('reports a failure to every caller of that fsync and recovers on the next call', async () => {
    const dir = path.join(os.tmpdir(), `vanthu-dirsync-missing-${process.pid}`);
    const d = new DirSync(dir);
    await expect(d.sync()).rejects.toThrow(/ENOENT/);
    fs.mkdirSync(dir);
    dirs.push(dir);
    await expect(d.sync()).resolves.toBeUndefined();
    await d.close();
  });
});
