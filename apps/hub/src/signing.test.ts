import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from './client';
import { gsonString, javaHashMapOrder, javaStringHash, signedHeaders } from './signing';

describe('Java HashMap order (the official client builds its header map in one)', () => {
  it('String.hashCode matches Java', () => {
    // Values printed by Java 17 ("x".hashCode()).
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('systemid')).toBe(1976086410);
    expect(javaStringHash('Content-Type')).toBe(949037134);
    expect(javaStringHash('XroadVnpt-hash-file')).toBe(-102190430); // overflows: 32-bit arithmetic
    expect(javaStringHash('Sở Nội vụ')).toBe(-950204219); // UTF-16 code units
  });

  // Each expectation is what Java 17 printed for String.join(";", map.keySet()) of a new HashMap<>()
  // filled in this order (a throw-away H.java run with the JDK on the development machine).
  it.each([
    [
      ['systemid', 'timestamp', 'Content-Type', 'from', 'servicetype', 'messagetype', 'hash-file'],
      'systemid;servicetype;messagetype;hash-file;from;timestamp;Content-Type',
    ],
    [
      ['systemid', 'timestamp', 'Content-Type', 'servicetype', 'messagetype'],
      'systemid;servicetype;messagetype;timestamp;Content-Type',
    ],
    [['systemid', 'timestamp', 'Content-Type', 'docId', 'filePath'], 'systemid;docId;filePath;timestamp;Content-Type'],
    [['systemid', 'timestamp', 'Content-Type', 'docId', 'status'], 'systemid;docId;timestamp;Content-Type;status'],
    // 13 keys: the table has grown to 32 buckets.
    [
      [
        'systemid',
        'timestamp',
        'Content-Type',
        'from',
        'servicetype',
        'messagetype',
        'hash-file',
        'to',
        'docId',
        'filePath',
        'status',
        'AgencyCode',
        'limit',
      ],
      'systemid;messagetype;docId;filePath;servicetype;hash-file;limit;AgencyCode;from;to;timestamp;Content-Type;status',
    ],
    [
      ['XroadVnpt-systemid', 'XroadVnpt-timestamp', 'XroadVnpt-Content-Type', 'XroadVnpt-docId', 'XroadVnpt-status'],
      'XroadVnpt-docId;XroadVnpt-status;XroadVnpt-Content-Type;XroadVnpt-timestamp;XroadVnpt-systemid',
    ],
  ])('%j → %s', (keys, expected) => {
    expect(javaHashMapOrder(keys).join(';')).toBe(expected);
  });

  it('escapes like Gson (HTML-safe by default)', () => {
    expect(gsonString('["000.00.01.G22"]')).toBe('"[\\"000.00.01.G22\\"]"');
    expect(gsonString("a<b>&='c'\n")).toBe('"a\\u003cb\\u003e\\u0026\\u003d\\u0027c\\u0027\\n"');
    expect(gsonString('Sở Nội vụ')).toBe('"Sở Nội vụ"');
  });
});

/**
 * Acceptance 2 of issue 13: our connector signs exactly as exchange.md §4 describes. The expected
 * strings below are written by hand from §4 (its example key list is this very order).
 */
describe('our connector signs like the official client (fixture written from §4)', () => {
  const secret = 'secret-of-system-a-0001';
  const ts = '04122026T094709+0693';
  const fileSha = 'a'.repeat(64);
  const FIXTURE_KEYS = 'systemid;servicetype;messagetype;hash-file;from;timestamp;Content-Type';
  const FIXTURE_JSON =
    '{"XroadVnpt-systemid":"vxp.a","XroadVnpt-servicetype":"eDoc","XroadVnpt-messagetype":"edoc",' +
    `"XroadVnpt-hash-file":"${fileSha}","XroadVnpt-from":"000.00.01.G22","XroadVnpt-timestamp":"${ts}",` +
    '"XroadVnpt-Content-Type":"application/octet-stream"}';

  it('sendEdoc: exact header set, key list, JSON and HMAC', () => {
    const h = signedHeaders({
      systemId: 'vxp.a',
      secret,
      timestamp: ts,
      contentType: 'application/octet-stream',
      business: { from: '000.00.01.G22', servicetype: 'eDoc', messagetype: 'edoc', 'hash-file': fileSha },
    });
    expect(h).toEqual({
      'XroadVnpt-systemid': 'vxp.a',
      'XroadVnpt-servicetype': 'eDoc',
      'XroadVnpt-messagetype': 'edoc',
      'XroadVnpt-hash-file': fileSha,
      'XroadVnpt-from': '000.00.01.G22',
      'XroadVnpt-timestamp': ts,
      'XroadVnpt-Content-Type': 'application/octet-stream',
      'XroadVnpt-sign-header-key': FIXTURE_KEYS,
      'XroadVnpt-sign-header': FIXTURE_JSON,
      'XroadVnpt-hash-header': createHmac('sha256', Buffer.from(secret, 'utf8'))
        .update(Buffer.from(FIXTURE_JSON, 'utf8'))
        .digest('hex'),
      'XroadVnpt-version': '3.0.201608',
      'User-Agent': 'JAVASDKAgent/1.0.0 XRoad/VPCP',
      'Content-Type': 'application/octet-stream',
    });
    expect(Object.keys(h).slice(0, 7).join(';')).toBe(
      FIXTURE_KEYS.split(';')
        .map((k) => 'XroadVnpt-' + k)
        .join(';'),
    );
  });

  describe('on the wire (HubClient against a capturing server)', () => {
    const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
    let server: http.Server;
    let endpoint = '';
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ status: 'OK', ErrorCode: '0', ErrorDesc: '', DocId: 'd-1', data: [], count: 3 }));
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const a = server.address();
      endpoint = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const client = () =>
      new HubClient({ endpoint, systemId: 'vxp.a', secret, clock: () => new Date('2026-12-04T02:47:09.693Z') });

    it('sendEdoc: POST /sendEdoc, application/octet-stream, the file then CRLF, hash-file of the file, the §4 header set', async () => {
      const file = Buffer.from('<?xml version="1.0"?><edXML/>');
      expect(await client().sendEdoc(file, { from: '000.00.01.G22', messageType: 'edoc' })).toEqual({
        docId: 'd-1',
        duplicate: false,
      });
      const r = seen.at(-1)!;
      expect(r.method).toBe('POST');
      expect(r.url).toBe('/sendEdoc');
      expect(r.body.equals(Buffer.concat([file, Buffer.from('\r\n')]))).toBe(true);
      expect(r.headers['content-type']).toBe('application/octet-stream');
      const sha = createHash('sha256').update(file).digest('hex');
      const json = FIXTURE_JSON.replace(fileSha, sha);
      expect(r.headers['xroadvnpt-sign-header-key']).toBe(FIXTURE_KEYS);
      expect(r.headers['xroadvnpt-sign-header']).toBe(json);
      expect(r.headers['xroadvnpt-hash-header']).toBe(createHmac('sha256', secret).update(json).digest('hex'));
      expect(r.headers['xroadvnpt-timestamp']).toBe(ts);
      expect(r.headers['user-agent']).toBe('JAVASDKAgent/1.0.0 XRoad/VPCP');
      expect(
        Object.keys(r.headers)
          .filter((k) => k.startsWith('xroadvnpt-'))
          .sort(),
      ).toEqual(
        [
          'content-type',
          'from',
          'hash-file',
          'hash-header',
          'messagetype',
          'servicetype',
          'sign-header',
          'sign-header-key',
          'systemid',
          'timestamp',
          'version',
        ].map((k) => 'xroadvnpt-' + k),
      );
    });

    it('list calls: application/json with an empty body; getEdoc/updateStatus: body {} with docId (camel case, as the client spells it)', async () => {
      await client().getReceivedEdocList({ messageType: 'edoc' });
      let r = seen.at(-1)!;
      expect([r.url, r.headers['content-type'], r.headers['content-length'], r.body.length]).toEqual([
        '/getReceivedEdocList',
        'application/json',
        '0',
        0,
      ]);
      expect(r.headers['xroadvnpt-sign-header-key']).toBe('systemid;servicetype;messagetype;timestamp;Content-Type');
      await client().updateStatus('d-9', 'done');
      r = seen.at(-1)!;
      expect([r.url, r.body.toString()]).toEqual(['/updateStatus', '{}']);
      expect(r.headers['xroadvnpt-sign-header-key']).toBe('systemid;docId;timestamp;Content-Type;status');
      expect(JSON.parse(String(r.headers['xroadvnpt-sign-header']))).toMatchObject({
        'XroadVnpt-docId': 'd-9',
        'XroadVnpt-status': 'done',
      });
      await client().deleteAgency('000.00.01.G22');
      expect(seen.at(-1)!.headers['xroadvnpt-agencycode']).toBe('000.00.01.G22');
      expect(await client().countReceived('status')).toBe(3);
      expect(seen.at(-1)!.url).toBe('/countReceiveStatus');
    });
  });
});
