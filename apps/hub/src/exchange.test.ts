import fs from 'node:fs';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient, HubClientError } from './client';
import { ORG, startTestHub, type TestHub } from './test-harness';
import { buildTestEdoc, buildTestStatus } from './test-edxml';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.close();
});

let seq = 0;
const docIdOf = (from: string) => `${from},2025/01/02,${++seq}/UBND-VP`;

describe('send → list → get → updateStatus', () => {
  it('delivers a package to its recipient until the recipient acknowledges it', async () => {
    const a = hub.client('sys-a');
    const b = hub.client('sys-b');
    const documentId = docIdOf(ORG.A);
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId, attachmentBytes: 50_000 });
    const sent = await a.sendEdoc(pkg, { from: ORG.A, messageType: 'edoc' });
    expect(sent.duplicate).toBe(false);

    const list = await b.getReceivedEdocList({ messageType: 'edoc' });
    const item = list.find((i) => i.documentId === documentId)!;
    expect(item).toMatchObject({
      serviceType: 'eDoc',
      messageType: 'edoc',
      from: ORG.A,
      to: ORG.B,
      status: 'pending',
      senderDocId: sent.docId,
    });

    expect((await b.getEdoc(item.docId)).equals(pkg)).toBe(true);
    // Still listed after the fetch: only the acknowledgement closes it.
    const again = await b.getReceivedEdocList();
    expect(again.find((i) => i.docId === item.docId)?.status).toBe('delivered');

    await b.updateStatus(item.docId, 'done');
    expect((await b.getReceivedEdocList()).some((i) => i.docId === item.docId)).toBe(false);
    // The sender may read back what it sent, by the DocId sendEdoc returned.
    expect((await a.getEdoc(sent.docId)).equals(pkg)).toBe(true);
    // The sender's own system sees nothing in its inbox, and another system cannot read B's delivery.
    expect((await a.getReceivedEdocList()).some((i) => i.docId === item.docId)).toBe(false);
    const err = await hub
      .client('sys-c')
      .getEdoc(item.docId)
      .catch((e: unknown) => e);
    expect((err as HubClientError).code).toBe('hub.not_found');
  });

  it('serves the raw bytes (our extension) and the same routes under /vxp, through an injected fetch too', async () => {
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId: docIdOf(ORG.A) });
    const viaFetch = (systemId: string, secret: string) =>
      new HubClient({ endpoint: hub.endpoint + '/vxp', systemId, secret, fetch });
    await viaFetch('sys-a', 'secret-of-system-a-0001').sendEdoc(
      Readable.from([pkg.subarray(0, 100), pkg.subarray(100)]),
      {
        from: ORG.A,
        messageType: 'edoc',
      },
    );
    const vxp = viaFetch('sys-b', 'secret-of-system-b-0002');
    const item = (await vxp.getReceivedEdocList()).at(-1)!;
    expect(await text(await vxp.getEdocStream(item.docId))).toBe(pkg.toString('utf8'));
    expect(await text(await hub.client('sys-b').getEdocStream(item.docId))).toBe(pkg.toString('utf8'));
    expect((await vxp.getEdoc(item.docId)).equals(pkg)).toBe(true);
    const missing = await vxp.getEdocStream('00000000-0000-0000-0000-000000000000').catch((e: unknown) => e);
    expect((missing as HubClientError).code).toBe('hub.not_found');
    await vxp.updateStatus(item.docId, 'done');
  });

  it('streams a package sent from a file path, and refuses a final status change', async () => {
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId: docIdOf(ORG.A), attachmentBytes: 300_000 });
    const file = `${hub.dataDir}/upload.edxml`;
    fs.writeFileSync(file, pkg);
    await hub.client('sys-a').sendEdoc(file, { from: ORG.A, messageType: 'edoc' });
    const b = hub.client('sys-b');
    const item = (await b.getReceivedEdocList()).at(-1)!;
    expect((await b.getEdoc(item.docId)).equals(pkg)).toBe(true);
    await b.updateStatus(item.docId, 'processing');
    expect((await b.getReceivedEdocList()).find((i) => i.docId === item.docId)?.transportStatus).toBe('processing');
    await b.updateStatus(item.docId, 'fail');
    await b.updateStatus(item.docId, 'fail'); // repeating the same final status is harmless
    const err = await b.updateStatus(item.docId, 'done').catch((e: unknown) => e);
    expect((err as HubClientError).code).toBe('hub.status_final');
  });

  it('rejects packages that are not edXML, name an unknown recipient or contradict the from header', async () => {
    const a = hub.client('sys-a');
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'OK',
        (e: HubClientError) => e.code,
      );
    expect(await codeOf(a.sendEdoc(Buffer.from('not xml at all'), { from: ORG.A, messageType: 'edoc' }))).toBe(
      'hub.package_invalid',
    );
    const stranger = buildTestEdoc({ from: ORG.A, to: ['999.99.99.H99'], documentId: docIdOf(ORG.A) });
    expect(await codeOf(a.sendEdoc(stranger, { from: ORG.A, messageType: 'edoc' }))).toBe('hub.unknown_recipient');
    const other = buildTestEdoc({ from: ORG.B, to: [ORG.C], documentId: docIdOf(ORG.B) });
    expect(await codeOf(a.sendEdoc(other, { from: ORG.A, messageType: 'edoc' }))).toBe('hub.package_from_mismatch');
    const [count] = (
      await hub.app.hub.pool.query('SELECT count(*)::int AS n FROM hub_packages WHERE document_id LIKE $1', [
        `${ORG.B}%`,
      ])
    ).rows;
    expect(count.n).toBe(0);
  });
});

describe('fan-out', () => {
  it('delivers one package to three recipients with independent states', async () => {
    const documentId = docIdOf(ORG.A);
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B, ORG.C, ORG.D], documentId });
    const sent = await hub.client('sys-a').sendEdoc(pkg, { from: ORG.A, messageType: 'edoc' });
    const b = hub.client('sys-b');
    const c = hub.client('sys-c');
    const forB = (await b.getReceivedEdocList()).filter((i) => i.documentId === documentId);
    const forCD = (await c.getReceivedEdocList()).filter((i) => i.documentId === documentId);
    expect(forB.map((i) => i.to)).toEqual([ORG.B]);
    expect(forCD.map((i) => i.to).sort()).toEqual([ORG.C, ORG.D]);
    // Narrowed to one organ of a multi-organ system with `from`.
    expect(
      (await c.getReceivedEdocList({ from: ORG.D })).filter((i) => i.documentId === documentId).map((i) => i.to),
    ).toEqual([ORG.D]);

    await b.updateStatus(forB[0]!.docId, 'done');
    const forC = forCD.find((i) => i.to === ORG.C)!;
    await c.getEdoc(forC.docId);
    await c.updateStatus(forC.docId, 'fail');

    const sentList = await hub.client('sys-a').getSentEdocList({ docId: sent.docId });
    const byOrgan = Object.fromEntries(sentList.map((s) => [s.toCode, s.receiveStatus]));
    expect(byOrgan).toEqual({ [ORG.B]: 'done', [ORG.C]: 'fail', [ORG.D]: 'pending' });
    expect(sentList.every((s) => s.docId === sent.docId && s.sendStatus === 'done')).toBe(true);
    expect(new Set(sentList.map((s) => s.receiverDocId)).size).toBe(3);
    // D is still waiting, C and B are not listed any more.
    expect((await c.getReceivedEdocList()).filter((i) => i.documentId === documentId).map((i) => i.to)).toEqual([
      ORG.D,
    ]);
  });

  it('honours an explicit `to` header over the package To list', async () => {
    const documentId = docIdOf(ORG.A);
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B, ORG.C], documentId });
    const sent = await hub.client('sys-a').sendEdoc(pkg, { from: ORG.A, messageType: 'edoc', to: [ORG.D] });
    expect((await hub.client('sys-a').getSentEdocList({ docId: sent.docId })).map((s) => s.toCode)).toEqual([ORG.D]);
  });
});

describe('idempotency', () => {
  it('returns the same DocId for a resend and delivers nothing twice', async () => {
    const documentId = docIdOf(ORG.A);
    const a = hub.client('sys-a');
    const first = await a.sendEdoc(buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId }), {
      from: ORG.A,
      messageType: 'edoc',
    });
    // A retry after a lost answer, even re-encoded (other attachment bytes), is the same package.
    const again = await a.sendEdoc(buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId }), {
      from: ORG.A,
      messageType: 'edoc',
    });
    expect(again).toEqual({ docId: first.docId, duplicate: true });
    const concurrent = await Promise.all(
      [1, 2, 3].map(() =>
        a.sendEdoc(buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId }), { from: ORG.A, messageType: 'edoc' }),
      ),
    );
    expect(concurrent.every((r) => r.docId === first.docId)).toBe(true);
    expect((await hub.client('sys-b').getReceivedEdocList()).filter((i) => i.documentId === documentId)).toHaveLength(
      1,
    );
    // An update (BussinessDocType 2) of the same document is a different package.
    const update = await a.sendEdoc(buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId, businessDocType: 2 }), {
      from: ORG.A,
      messageType: 'edoc',
    });
    expect(update.docId).not.toBe(first.docId);
    const objects = await hub.app.hub.store.listObjects();
    const shas = (await hub.app.hub.pool.query<{ sha256: string }>('SELECT sha256 FROM hub_packages')).rows.map(
      (r) => r.sha256,
    );
    expect(objects.sort()).toEqual([...new Set(shas)].sort()); // the duplicates' files were not kept
  });
});

describe('idempotency under concurrency', () => {
  it('gives one DocId and one delivery when the same new package arrives several times at once', async () => {
    const a = hub.client('sys-a');
    for (const sameBytes of [true, false]) {
      const documentId = docIdOf(ORG.A);
      const one = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId });
      const out = await Promise.all(
        [1, 2, 3, 4].map(() =>
          a.sendEdoc(sameBytes ? one : buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId }), {
            from: ORG.A,
            messageType: 'edoc',
          }),
        ),
      );
      expect(new Set(out.map((o) => o.docId)).size).toBe(1);
      expect(out.filter((o) => !o.duplicate)).toHaveLength(1);
      const rows = await hub.app.hub.pool.query(
        'SELECT d.id FROM hub_deliveries d JOIN hub_packages p ON p.id = d.package_id WHERE p.document_id = $1',
        [documentId],
      );
      expect(rows.rows).toHaveLength(1);
    }
  });
});

describe('status packages', () => {
  it('routes a status back to the original sender, and a code 13 to the recipient', async () => {
    const documentId = docIdOf(ORG.A);
    await hub
      .client('sys-a')
      .sendEdoc(buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId }), { from: ORG.A, messageType: 'edoc' });
    const b = hub.client('sys-b');
    const st = buildTestStatus({ from: ORG.B, responseFor: { organId: ORG.A, documentId }, code: '03' });
    await b.sendEdoc(st, { from: ORG.B, messageType: 'status' });
    const atA = (await hub.client('sys-a').getReceivedEdocList({ messageType: 'status' })).filter(
      (i) => i.documentId === documentId,
    );
    expect(atA).toHaveLength(1);
    expect(atA[0]).toMatchObject({ from: ORG.B, to: ORG.A, messageType: 'status', statusCode: '03' });
    expect((await hub.client('sys-a').getEdoc(atA[0]!.docId)).equals(st)).toBe(true);
    // A second, different status for the same document is a new package; a repeat of 03 is not.
    const r05 = await b.sendEdoc(
      buildTestStatus({ from: ORG.B, responseFor: { organId: ORG.A, documentId }, code: '05' }),
      { from: ORG.B, messageType: 'status' },
    );
    const r03 = await b.sendEdoc(st, { from: ORG.B, messageType: 'status' });
    expect(r05.duplicate).toBe(false);
    expect(r03.duplicate).toBe(true);

    // 13: From is the original sender, ResponseFor.OrganId the recipient it asks back from.
    const st13 = buildTestStatus({ from: ORG.A, responseFor: { organId: ORG.B, documentId }, code: '13' });
    await hub.client('sys-a').sendEdoc(st13, { from: ORG.A, messageType: 'status' });
    const atB = (await b.getReceivedEdocList({ messageType: 'status' })).filter((i) => i.documentId === documentId);
    expect(atB.map((i) => [i.from, i.statusCode])).toEqual([[ORG.A, '13']]);
  });
});

describe('agency directory', () => {
  it('lets a system register its own organs only, and lists and deletes them', async () => {
    const b = hub.client('sys-b');
    await b.registerAgency({ code: ORG.B, name: 'UBND tỉnh Nghệ An', email: 'ubnd@nghean.gov.vn' });
    const err = await b.registerAgency({ code: ORG.C, name: 'Không phải của B' }).catch((e: unknown) => e);
    expect((err as HubClientError).code).toBe('hub.auth_foreign_organ');
    await hub.client('sys-admin').registerAgency({ code: ORG.C, name: 'Sở Nội vụ' });
    const list = await hub.client('sys-a').getAgenciesList();
    expect(list.map((x) => [x.code, x.name, x.systemId])).toEqual([
      [ORG.B, 'UBND tỉnh Nghệ An', 'sys-b'],
      [ORG.C, 'Sở Nội vụ', 'sys-c'],
    ]);
    await b.deleteAgency(ORG.B);
    expect((await b.getAgenciesList()).map((x) => x.code)).toEqual([ORG.C]);
  });
});
