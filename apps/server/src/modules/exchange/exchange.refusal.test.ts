import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEdoc } from '@vanthu/edxml';
import { HubClient } from '@vanthu/hub/client';
import { createTestSystem, type TestSystem } from '../../../test/factory';
import { drainOutbox, pollOnce } from './exchange.service';
import { setPortsForTest } from './exchange.ports';
import { ORGAN_A, ORGAN_B, organIdOf, startHubFor, tinyPdf, type InProcessHub } from './exchange.testing';

/**
 * Issue 10 hole 7, the receiving side: a package that fails validation is refused once (recorded with
 * its reason, answered `fail` to the hub, never fetched again); a document whose every attachment was
 * refused is not received without content but refused to its sender with status 02.
 */
let sys: TestSystem;
let hub: InProcessHub & { secrets: Record<string, string> };
let B: string;
let sender: HubClient;

beforeAll(async () => {
  setPortsForTest({ incoming: null, outgoing: null });
  sys = await createTestSystem();
  hub = await startHubFor(sys.deps);
  B = await organIdOf(sys.deps, ORGAN_B);
  for (const [user, code] of [
    ['quantri', ORGAN_A],
    ['snv.quantri', ORGAN_B],
  ] as const) {
    const admin = await sys.login(user);
    const r = await admin.request('PUT', '/api/exchange/connector', {
      kind: 'internal_hub',
      endpoint: hub.endpoint,
      systemId: `sys-${code}`,
      secret: hub.secrets[code],
      enabled: true,
    });
    expect(r.statusCode, r.body).toBe(200);
  }
  sender = new HubClient({ endpoint: hub.endpoint, systemId: `sys-${ORGAN_A}`, secret: hub.secrets[ORGAN_A]! });
});
afterAll(async () => {
  await hub?.close();
  await sys?.stop();
});

async function bytesOf(pkg: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of pkg) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const inboxRow = (subject: string) =>
  sys.deps.db
    .selectFrom('exchange_inbox')
    .select(['state', 'error_code', 'error_message', 'document_id'])
    .where('organ_id', '=', B)
    .where('subject', '=', subject)
    .execute();

describe('receiving refuses bad packages once', () => {
  it('a package nested more than 64 deep is refused once with its reason, reported fail to the hub, never fetched again', async () => {
    const subject = 'Gói tin lồng quá sâu';
    const good = await bytesOf(
      buildEdoc(
        {
          messageHeader: {
            from: { organId: ORGAN_A },
            to: [{ organId: ORGAN_B }],
            code: { codeNumber: '70', codeNotation: 'BNV-VP' },
            subject,
          },
        },
        [
          // Large enough that the parser stops long before the end of the transfer.
          { name: 'a.pdf', contentType: 'application/pdf', source: tinyPdf('deep', 2 * 1024 * 1024) },
        ],
      ),
    );
    const text = good.toString('utf8');
    const at = text.indexOf('</edXML:edXMLHeader>') + '</edXML:edXMLHeader>'.length;
    expect(at).toBeGreaterThan(20);
    const deep = Buffer.from(text.slice(0, at) + '<x>'.repeat(100) + '</x>'.repeat(100) + text.slice(at));
    await sender.sendEdoc(deep, { from: ORGAN_A, messageType: 'edoc', to: [ORGAN_B] });

    const first = await pollOnce(sys.deps, B);
    expect(first).toMatchObject({ listed: 1, processed: 1, failed: 0 });
    // The package could not be read, so the row is found by its reason (its header was never parsed).
    const rows = await sys.deps.db
      .selectFrom('exchange_inbox')
      .select(['hub_doc_id', 'state', 'error_code', 'error_message'])
      .where('organ_id', '=', B)
      .where('error_code', '=', 'edxml.too_deep')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'invalid', error_code: 'edxml.too_deep' });
    expect(rows[0]!.error_message).toMatch(/edxml\.too_deep/);
    const delivery = await sys.deps.pool.query<{ state: string }>('SELECT state FROM hub_deliveries WHERE id = $1', [
      rows[0]!.hub_doc_id,
    ]);
    expect(delivery.rows[0]?.state).toBe('fail');
    // The next polls see nothing: the package is not fetched again.
    for (let i = 0; i < 3; i++) expect(await pollOnce(sys.deps, B)).toMatchObject({ listed: 0 });
    // It is listed among the failures the admin sees.
    const admin = await sys.login('snv.quantri');
    const failures = (await admin.get('/api/exchange/inbox?state=invalid')).json() as { errorCode: string }[];
    expect(failures.filter((f) => f.errorCode === 'edxml.too_deep')).toHaveLength(1);
  });

  it('a document whose every attachment was refused is refused to its sender with status 02, no document and no file', async () => {
    const subject = 'Mọi tệp đều bị từ chối';
    const filesBefore = await sys.deps.db
      .selectFrom('files')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organ_id', '=', B)
      .executeTakeFirstOrThrow();
    const pkg = await bytesOf(
      buildEdoc(
        {
          messageHeader: {
            from: { organId: ORGAN_A },
            to: [{ organId: ORGAN_B }],
            code: { codeNumber: '71', codeNotation: 'BNV-VP' },
            subject,
          },
        },
        [
          {
            name: 'ghi-chu.txt',
            contentType: 'text/plain',
            source: Buffer.from('văn bản thường không phải loại tệp được nhận '.repeat(50)),
          },
          {
            name: 'chay.exe',
            contentType: 'application/octet-stream',
            source: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4000, 1)]),
          },
        ],
      ),
    );
    await sender.sendEdoc(pkg, { from: ORGAN_A, messageType: 'edoc', to: [ORGAN_B] });
    expect(await pollOnce(sys.deps, B)).toMatchObject({ listed: 1, processed: 1, failed: 0 });

    const rows = await inboxRow(subject);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'invalid', error_code: 'exchange.attachments_refused' });
    expect(rows[0]!.error_message).toMatch(/ghi-chu\.txt/);
    const filesAfter = await sys.deps.db
      .selectFrom('files')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organ_id', '=', B)
      .executeTakeFirstOrThrow();
    expect(Number(filesAfter.n)).toBe(Number(filesBefore.n));
    // B answers the sender 02 (refused), with the reason.
    const answer = await sys.deps.db
      .selectFrom('exchange_outbox')
      .select(['status_code', 'recipient_code', 'document_id'])
      .where('organ_id', '=', B)
      .where('message_type', '=', 'status')
      .where('document_id', '=', rows[0]!.document_id)
      .execute();
    expect(answer).toEqual([{ status_code: '02', recipient_code: ORGAN_A, document_id: rows[0]!.document_id }]);
    await drainOutbox(sys.deps, B);
    const atA = await sys.deps.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM hub_deliveries d JOIN hub_packages p ON p.id = d.package_id WHERE d.recipient_organ = $1 AND p.message_type = 'status' AND p.status_code = '02'`,
      [ORGAN_A],
    );
    expect(Number(atA.rows[0]!.n)).toBe(1);
    expect(await pollOnce(sys.deps, B)).toMatchObject({ listed: 0 });
  });
});
