import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, ORG, startTestHub, type TestHub } from './test-harness';
import { buildTestEdoc } from './test-edxml';

const DAY = 86_400_000;
let t = Date.parse('2025-06-01T02:00:00Z');
const clock = () => new Date(t);

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ clock, retentionDays: 7 });
});
afterAll(async () => {
  await hub?.close();
});

async function send(n: number, to: string[]): Promise<string> {
  const pkg = buildTestEdoc({ from: ORG.A, to, documentId: `${ORG.A},2025/06/01,${n}/RET` });
  return (await hub.client('sys-a').sendEdoc(pkg, { from: ORG.A, messageType: 'edoc' })).docId;
}

async function ack(systemId: string, packageId: string, status: 'done' | 'fail' = 'done'): Promise<void> {
  const c = hub.client(systemId);
  for (const i of await c.getReceivedEdocList()) if (i.senderDocId === packageId) await c.updateStatus(i.docId, status);
}

const packageIds = async () =>
  (await hub.app.hub.pool.query<{ id: string }>('SELECT id FROM hub_packages ORDER BY id')).rows.map((r) => r.id);

describe('retention sweep', () => {
  it('deletes closed packages (rows and files) after retentionDays and keeps open ones whatever their age', async () => {
    const closed = await send(1, [ORG.B]);
    const open = await send(2, [ORG.B]);
    const half = await send(3, [ORG.B, ORG.C]);
    const failed = await send(4, [ORG.B]);
    await ack('sys-b', closed);
    await ack('sys-b', half);
    await ack('sys-b', failed, 'fail');
    t += 5 * DAY;
    const late = await send(5, [ORG.B]);
    await ack('sys-b', late);

    t += 3 * DAY; // 8 days after the first acknowledgements, 3 after the late one
    expect(await hub.app.hub.sweepRetention()).toBe(2);
    expect(await packageIds()).toEqual([open, half, late].sort());
    expect(filesUnder(hub.dataDir, 'objects')).toHaveLength(3);
    // The still-open delivery of `open` is served as before.
    const inbox = await hub.client('sys-b').getReceivedEdocList();
    expect(inbox.map((i) => i.senderDocId)).toEqual([open]);

    t += 5 * DAY;
    expect(await hub.app.hub.sweepRetention()).toBe(1);
    expect(await packageIds()).toEqual([open, half].sort());
    expect(filesUnder(hub.dataDir, 'objects')).toHaveLength(2);
    expect(await hub.app.hub.sweepRetention()).toBe(0);
  });
});

describe('storage sweep at boot', () => {
  it('removes temp files of dead processes and objects without a row, and keeps the rest', async () => {
    const keep = filesUnder(hub.dataDir, 'objects');
    const host = os.hostname().replace(/[^A-Za-z0-9-]/g, '_');
    const deadTmp = path.join(hub.dataDir, 'tmp', `${host}.999999999.abcd.part`);
    const liveTmp = path.join(hub.dataDir, 'tmp', `${host}.${process.pid}.abcd.part`);
    const orphan = path.join(hub.dataDir, 'objects', 'ab', 'ab'.padEnd(64, '0'));
    fs.writeFileSync(deadTmp, 'partial upload');
    fs.writeFileSync(liveTmp, 'upload in progress');
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, 'renamed, never committed');
    expect(await hub.app.hub.sweepStorage()).toEqual({ temps: 1, orphans: 1 });
    expect(fs.existsSync(deadTmp)).toBe(false);
    expect(fs.existsSync(liveTmp)).toBe(true);
    expect(filesUnder(hub.dataDir, 'objects').sort()).toEqual(keep.sort());
    fs.rmSync(liveTmp);
  });
});
