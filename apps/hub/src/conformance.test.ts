import { createHmac } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from './signing';
import { filesUnder, ORG, startTestHub, SYSTEMS, type TestHub } from './test-harness';
import { buildTestEdoc } from './test-edxml';
import { OfficialClientWire, send, sha256, stamp } from './test-official';

/**
 * Conformance with the official VXP client's wire (exchange.md §4): each request is put on the wire
 * byte for byte as §4 describes, by a stand-in written from the spec (test-official.ts), not by our
 * connector.
 */
let hub: TestHub;
let admin: pg.Client;
beforeAll(async () => {
  hub = await startTestHub();
  admin = new pg.Client({ connectionString: hub.dbUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await hub?.close();
});

const [sysA, sysB] = SYSTEMS;
/** A client object created 20 minutes ago on a machine in UTC, kept for its whole life (§4). */
const oldUtcClient = (sys: (typeof SYSTEMS)[number]) =>
  new OfficialClientWire(hub.endpoint, sys.systemId, sys.secret, new Date(Date.now() - 20 * 60_000), 0);
const JSON_CT = { 'Content-Type': 'application/json' };
let seq = 0;
const docIdFor = (tag: string) => `${ORG.A},2026/12/04,${++seq}/${tag}`;

async function sendOne(tag: string) {
  const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId: docIdFor(tag), subject: `Trích yếu ${tag}` });
  const r = await oldUtcClient(sysA).sendEdoc(pkg, { from: ORG.A, messagetype: 'edoc' });
  expect(r.status).toBe(200);
  return { pkg, docId: String(r.json().DocId) };
}

async function receivedBy(sys: (typeof SYSTEMS)[number]) {
  const r = await oldUtcClient(sys).post(
    'getReceivedEdocList',
    { ...JSON_CT, servicetype: 'eDoc', messagetype: 'edoc' },
    '',
  );
  return r.json().data as Record<string, unknown>[];
}

describe('VXP conformance (exchange.md §4): authentication quirks', () => {
  it('reads the sign-header JSON by prefixed keys, its key list by bare names, HMAC over the JSON as received', async () => {
    const ts = stamp(new Date(), 420);
    const json = `{"XroadVnpt-systemid":"${sysA.systemId}","XroadVnpt-servicetype":"eDoc","XroadVnpt-messagetype":"edoc","XroadVnpt-timestamp":"${ts}","XroadVnpt-Content-Type":"application/json"}`;
    const headers = {
      'XroadVnpt-systemid': sysA.systemId,
      'XroadVnpt-servicetype': 'eDoc',
      'XroadVnpt-messagetype': 'edoc',
      'XroadVnpt-timestamp': ts,
      'XroadVnpt-Content-Type': 'application/json',
      'XroadVnpt-sign-header-key': 'systemid;servicetype;messagetype;timestamp;Content-Type',
      'XroadVnpt-sign-header': json,
      'XroadVnpt-hash-header': createHmac('sha256', sysA.secret).update(json).digest('hex'),
      'XroadVnpt-version': '3.0.201608',
      'User-Agent': 'JAVASDKAgent/1.0.0 XRoad/VPCP',
      'Content-Type': 'application/json',
    };
    const r = await send(hub.endpoint + '/getReceivedEdocList', 'POST', headers, Buffer.alloc(0));
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ status: 'OK', ErrorCode: '0' });
    // The same JSON with one space more is another string: its HMAC no longer matches.
    const spaced = json.replace(',', ', ');
    const r2 = await send(
      hub.endpoint + '/getReceivedEdocList',
      'POST',
      { ...headers, 'XroadVnpt-sign-header': spaced },
      Buffer.alloc(0),
    );
    expect(r2.status).toBe(401);
    expect(r2.json().ErrorCode).toBe('hub.auth_bad_signature');
  });

  it('refuses a sign-header whose keys are bare names (our pre-§4 form)', async () => {
    const ts = stamp(new Date(), 420);
    const json = `{"systemid":"${sysA.systemId}","timestamp":"${ts}"}`;
    const r = await send(
      hub.endpoint + '/getReceivedEdocList',
      'POST',
      {
        'XroadVnpt-systemid': sysA.systemId,
        'XroadVnpt-timestamp': ts,
        'XroadVnpt-sign-header-key': 'systemid;timestamp',
        'XroadVnpt-sign-header': json,
        'XroadVnpt-hash-header': createHmac('sha256', sysA.secret).update(json).digest('hex'),
      },
      Buffer.alloc(0),
    );
    expect(r.status).toBe(401);
    expect(r.json()).toMatchObject({ status: 'FAIL', ErrorCode: 'hub.auth_bad_signature', data: [] });
  });

  it('accepts a timestamp 20 minutes old from a client in UTC, reused for every call of one client object', async () => {
    const c = oldUtcClient(sysB);
    const stamped = c.map.get('timestamp');
    for (let i = 0; i < 3; i++) {
      const r = await c.post('getReceivedEdocList', { ...JSON_CT, servicetype: 'eDoc', messagetype: 'edoc' }, '');
      expect(r.status).toBe(200);
    }
    expect(c.map.get('timestamp')).toBe(stamped);
  });

  it('accepts accumulated headers: a later call still carries docId, filePath and status of earlier calls, all signed', async () => {
    const { docId } = await sendOne('ACCU');
    const c = oldUtcClient(sysB);
    const [item] = (await receivedBy(sysB)).filter((x) => x.senderDocId === docId);
    const got = await c.post(
      'getEdoc',
      { ...JSON_CT, docId: String(item!.docId), filePath: '/var/vxp/in/a.edxml' },
      '{}',
    );
    expect(got.json().status).toBe('OK');
    const up = await c.post('updateStatus', { status: 'processing' }, '{}');
    expect(up.json()).toMatchObject({ status: 'OK', DocId: item!.docId });
    // This list call now carries docId, filePath and status too; the hub ignores what it does not use.
    const list = await c.post('getReceivedEdocList', { servicetype: 'eDoc', messagetype: 'edoc' }, '');
    expect(list.status).toBe(200);
    expect(c.headers({})['XroadVnpt-sign-header-key']).toContain('filePath');
  });
});

describe('VXP conformance (exchange.md §4): one test per call', () => {
  it('sendEdoc: raw .edxml as application/octet-stream plus CRLF, hash-file signed; stored without the CRLF', async () => {
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId: docIdFor('RAW') });
    const r = await oldUtcClient(sysA).sendEdoc(pkg, { from: ORG.A, messagetype: 'edoc' });
    expect(r.status).toBe(200);
    const env = r.json();
    expect(env).toMatchObject({ status: 'OK', ErrorCode: '0' });
    expect(typeof env.DocId).toBe('string');
    const row = await admin.query<{ sha256: string; size: string }>(
      'SELECT sha256, size FROM hub_packages WHERE id = $1',
      [env.DocId],
    );
    expect(row.rows[0]).toEqual({ sha256: sha256(pkg), size: String(pkg.length) });
  });

  it('sendEdoc: a body that is exactly the file (no CRLF) is accepted too; stray bytes before <?xml are tolerated', async () => {
    const pkg = Buffer.concat([
      Buffer.from('1212'),
      buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId: docIdFor('NOCRLF') }),
    ]);
    const c = oldUtcClient(sysA);
    const r = await c.post(
      'sendEdoc',
      {
        'Content-Type': 'application/octet-stream',
        servicetype: 'eDoc',
        from: ORG.A,
        messagetype: 'edoc',
        'hash-file': sha256(pkg),
      },
      pkg,
    );
    expect(r.json()).toMatchObject({ status: 'OK' });
  });

  it("sendEdoc: older clients' multipart part file_doc is accepted, with the signed hash-file", async () => {
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId: docIdFor('MULTI') });
    const boundary = '----sdk' + Date.now();
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file_doc"; filename="a.edxml"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      pkg,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await oldUtcClient(sysA).post(
      'sendEdoc',
      {
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        servicetype: 'eDoc',
        from: ORG.A,
        messagetype: 'edoc',
        'hash-file': sha256(pkg),
      },
      body,
    );
    expect(r.json()).toMatchObject({ status: 'OK' });
  });

  it('sendEdoc: a captured header set replayed with another body is refused, nothing stored (issue 10 hole 7)', async () => {
    const c = oldUtcClient(sysA);
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId: docIdFor('CAPT') });
    const captured = c.headers({
      'Content-Type': 'application/octet-stream',
      servicetype: 'eDoc',
      from: ORG.A,
      messagetype: 'edoc',
      'hash-file': sha256(pkg),
    });
    const first = await send(hub.endpoint + '/sendEdoc', 'POST', captured, Buffer.concat([pkg, Buffer.from('\r\n')]));
    expect(first.json().status).toBe('OK');
    const forged = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId: docIdFor('FORGED') });
    const before = filesUnder(hub.dataDir, 'objects').length;
    const replay = await send(
      hub.endpoint + '/sendEdoc',
      'POST',
      captured,
      Buffer.concat([forged, Buffer.from('\r\n')]),
    );
    expect(replay.status).toBe(401);
    expect(replay.json()).toEqual({
      status: 'FAIL',
      ErrorCode: 'hub.auth_body_mismatch',
      ErrorDesc: expect.any(String),
      DocId: '',
    });
    expect(filesUnder(hub.dataDir, 'objects').length).toBe(before);
    expect(filesUnder(hub.dataDir, 'tmp')).toEqual([]);
    const rows = await admin.query("SELECT 1 FROM hub_packages WHERE document_id LIKE '%/FORGED'");
    expect(rows.rows).toHaveLength(0);
    // The same request again, same body: the client's retry, idempotent.
    const again = await send(hub.endpoint + '/sendEdoc', 'POST', captured, Buffer.concat([pkg, Buffer.from('\r\n')]));
    expect(again.json()).toMatchObject({ status: 'OK', DocId: first.json().DocId, duplicate: true });
  });

  it('sendEdoc: without a signed hash-file the body is not covered: refused', async () => {
    const pkg = buildTestEdoc({ from: ORG.A, to: [ORG.B], documentId: docIdFor('NOHASH') });
    const r = await oldUtcClient(sysA).post(
      'sendEdoc',
      { 'Content-Type': 'application/octet-stream', servicetype: 'eDoc', from: ORG.A, messagetype: 'edoc' },
      pkg,
    );
    expect(r.status).toBe(401);
    expect(r.json()).toMatchObject({ ErrorCode: 'hub.auth_unsigned_header', DocId: '' });
  });

  it('sendEdoc: a failure answer carries DocId "" (the client reads it even on failure)', async () => {
    const pkg = buildTestEdoc({ from: ORG.B, to: [ORG.A], documentId: docIdFor('FOREIGN') });
    const r = await oldUtcClient(sysA).sendEdoc(pkg, { from: ORG.B, messagetype: 'edoc' });
    expect(r.status).toBe(403);
    expect(r.json()).toEqual({
      status: 'FAIL',
      ErrorCode: 'hub.auth_foreign_organ',
      ErrorDesc: expect.any(String),
      DocId: '',
    });
    const empty = await oldUtcClient(sysA).post(
      'sendEdoc',
      {
        'Content-Type': 'application/octet-stream',
        servicetype: 'eDoc',
        from: ORG.A,
        messagetype: 'edoc',
        'hash-file': sha256(Buffer.alloc(0)),
      },
      '',
    );
    expect(empty.json()).toMatchObject({ ErrorCode: 'hub.package_missing', DocId: '' });
  });

  it('getReceivedEdocList: empty JSON body, items with the fields the client reads', async () => {
    const { docId } = await sendOne('LIST');
    const item = (await receivedBy(sysB)).find((x) => x.senderDocId === docId)!;
    for (const k of [
      'docId',
      'serviceType',
      'messageType',
      'created_time',
      'updated_time',
      'from',
      'to',
      'status',
      'status_desc',
    ])
      expect(item).toHaveProperty(k);
    expect(item).toMatchObject({ serviceType: 'eDoc', messageType: 'edoc', from: ORG.A, to: ORG.B, status: 'pending' });
  });

  it('getEdoc: headers docId and filePath, body {}; data is the base64 of the .edxml', async () => {
    const { pkg, docId } = await sendOne('GET');
    const item = (await receivedBy(sysB)).find((x) => x.senderDocId === docId)!;
    const r = await oldUtcClient(sysB).post(
      'getEdoc',
      { ...JSON_CT, docId: String(item.docId), filePath: 'C:\\vxp\\in\\x.edxml' },
      '{}',
    );
    expect(Buffer.from(String(r.json().data), 'base64').equals(pkg)).toBe(true);
  });

  it('downloadEdoc: GET with header docId; the body is the .edxml itself; an unknown id is a JSON failure, not a file', async () => {
    const { pkg, docId } = await sendOne('DL');
    const item = (await receivedBy(sysB)).find((x) => x.senderDocId === docId)!;
    const r = await oldUtcClient(sysB).get('downloadEdoc', { ...JSON_CT, docId: String(item.docId) });
    expect(r.status).toBe(200);
    expect(r.body.equals(pkg)).toBe(true);
    const miss = await oldUtcClient(sysB).get('downloadEdoc', {
      ...JSON_CT,
      docId: '00000000-0000-4000-8000-000000000000',
    });
    expect(miss.status).toBe(404);
    expect(miss.json()).toMatchObject({ status: 'FAIL', ErrorCode: 'hub.not_found' });
  });

  it('updateStatus: headers docId and status, body {}; done closes the delivery', async () => {
    const { docId } = await sendOne('UPD');
    const item = (await receivedBy(sysB)).find((x) => x.senderDocId === docId)!;
    const r = await oldUtcClient(sysB).post(
      'updateStatus',
      { ...JSON_CT, docId: String(item.docId), status: 'done' },
      '{}',
    );
    expect(r.json()).toMatchObject({ status: 'OK', ErrorCode: '0', DocId: item.docId });
    expect((await receivedBy(sysB)).find((x) => x.senderDocId === docId)).toBeUndefined();
    const bad = await oldUtcClient(sysB).post(
      'updateStatus',
      { ...JSON_CT, docId: String(item.docId), status: 'lost' },
      '{}',
    );
    expect(bad.json()).toMatchObject({ status: 'FAIL', ErrorCode: 'hub.status_invalid', DocId: '' });
  });

  it('getSentEdocList: empty JSON body; items senderDocId, receiverDocId, fromCode, toCode, title, notation, serviceType, messageType, sentTime, receivedTime, sendStatus, sendStatusDesc, receiveStatus, receiveStatusDesc', async () => {
    const { docId } = await sendOne('SENT');
    const r = await oldUtcClient(sysA).post('getSentEdocList', JSON_CT, '');
    const item = (r.json().data as Record<string, unknown>[]).find((x) => x.senderDocId === docId)!;
    expect(item).toMatchObject({
      fromCode: ORG.A,
      toCode: ORG.B,
      title: 'Trích yếu SENT',
      notation: '12/UBND-VP',
      serviceType: 'eDoc',
      messageType: 'edoc',
      sendStatus: 'done',
      receiveStatus: 'pending',
      receivedTime: null,
    });
    for (const k of ['receiverDocId', 'sentTime', 'sendStatusDesc', 'receiveStatusDesc'])
      expect(typeof item[k]).toBe('string');
  });

  it('countReceiveEdoc and countReceiveStatus: answer count', async () => {
    const before = Number((await oldUtcClient(sysB).post('countReceiveEdoc', JSON_CT, '')).json().count);
    await sendOne('COUNT');
    const after = await oldUtcClient(sysB).post('countReceiveEdoc', JSON_CT, '');
    expect(after.json()).toMatchObject({ status: 'OK', count: before + 1 });
    const st = await oldUtcClient(sysB).post('countReceiveStatus', JSON_CT, '');
    expect(st.json()).toMatchObject({ status: 'OK', count: 0 });
  });

  it('registerAgency {code, pcode, name, mail, mobile, fax}, then getAgenciesList / QD20 / getSynchronizeUnit list id, pid, code, name, mail, oldCode, code102', async () => {
    const parent = await oldUtcClient(sysA).post(
      'registerAgency',
      JSON_CT,
      JSON.stringify({ code: ORG.A, name: 'Văn phòng Chính phủ' }),
    );
    expect(parent.json().status).toBe('OK');
    const r = await oldUtcClient(sysB).post(
      'registerAgency',
      JSON_CT,
      JSON.stringify({
        code: ORG.B,
        pcode: ORG.A,
        name: 'Sở Nội vụ',
        mail: 'snv@example.vn',
        mobile: '0912345678',
        fax: '0241234567',
      }),
    );
    expect(r.json()).toMatchObject({ status: 'OK' });
    for (const call of ['getAgenciesList', 'getAgenciesListQD20', 'getSynchronizeUnit']) {
      const list = (await oldUtcClient(sysA).post(call, JSON_CT, '')).json().data as Record<string, unknown>[];
      const a = list.find((x) => x.code === ORG.A)!;
      const b = list.find((x) => x.code === ORG.B)!;
      expect(b).toMatchObject({
        code: ORG.B,
        name: 'Sở Nội vụ',
        mail: 'snv@example.vn',
        mobile: '0912345678',
        fax: '0241234567',
        pid: a.id,
        oldCode: null,
        code102: null,
      });
      expect(typeof b.id).toBe('number');
    }
  });

  it('registerAgency: its body is not signed, so a captured header set replayed with another body is refused', async () => {
    const c = oldUtcClient(sysB);
    const captured = c.headers(JSON_CT);
    const first = await send(
      hub.endpoint + '/registerAgency',
      'POST',
      captured,
      Buffer.from(JSON.stringify({ code: ORG.B, name: 'Sở Nội vụ' })),
    );
    expect(first.json().status).toBe('OK');
    const same = await send(
      hub.endpoint + '/registerAgency',
      'POST',
      captured,
      Buffer.from(JSON.stringify({ code: ORG.B, name: 'Sở Nội vụ' })),
    );
    expect(same.json().status).toBe('OK');
    const forged = await send(
      hub.endpoint + '/registerAgency',
      'POST',
      captured,
      Buffer.from(JSON.stringify({ code: ORG.B, name: 'Giả mạo' })),
    );
    expect(forged.status).toBe(401);
    expect(forged.json()).toMatchObject({ ErrorCode: 'hub.auth_replay', data: null });
    const row = await admin.query<{ name: string }>('SELECT name FROM hub_agencies WHERE code = $1', [ORG.B]);
    expect(row.rows[0]?.name).toBe('Sở Nội vụ');
  });

  it('deleteAgency: header AgencyCode', async () => {
    await oldUtcClient(sysA).post(
      'registerAgency',
      JSON_CT,
      JSON.stringify({ code: ORG.A, name: 'Văn phòng Chính phủ' }),
    );
    const r = await oldUtcClient(sysA).post('deleteAgency', { ...JSON_CT, AgencyCode: ORG.A }, '{}');
    expect(r.json()).toMatchObject({ status: 'OK' });
    expect((await admin.query('SELECT 1 FROM hub_agencies WHERE code = $1', [ORG.A])).rows).toHaveLength(0);
  });

  it.each(['getReceivedEdocList', 'getSentEdocList', 'getAgenciesList'])(
    '%s: Content-Type application/json with Content-Length 0 is read as {}',
    async (call) => {
      const sys = SYSTEMS[0];
      const h = signedHeaders({ systemId: sys.systemId, secret: sys.secret, business: { servicetype: 'eDoc' } });
      const res = await fetch(hub.endpoint + '/' + call, {
        method: 'POST',
        headers: { ...h, 'Content-Type': 'application/json', 'Content-Length': '0' },
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe('OK');
    },
  );

  it.each([
    ['getReceivedEdocList', { data: [] }],
    ['getSentEdocList', { data: [] }],
    ['getAgenciesList', { data: [] }],
    ['getAgenciesListQD20', { data: [] }],
    ['getSynchronizeUnit', { data: [] }],
    ['countReceiveEdoc', { count: 0 }],
    ['countReceiveStatus', { count: 0 }],
    ['getEdoc', { data: '' }],
    ['updateStatus', { DocId: '' }],
    ['sendEdoc', { DocId: '' }],
  ])('%s: a failure answer carries the fields its client reads', async (call, fields) => {
    const c = new OfficialClientWire(hub.endpoint, sysA.systemId, 'not-the-secret-of-system-a');
    const r = await c.post(call, JSON_CT, '');
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({
      status: 'FAIL',
      ErrorCode: 'hub.auth_bad_signature',
      ErrorDesc: expect.any(String),
      ...fields,
    });
  });
});
