import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';

/**
 * A stand-in for the official VXP client (SDKVXP 2.0.x) written from exchange.md §4 alone, for the
 * conformance tests: one object keeps a header map for its whole life (headers accumulate, the
 * timestamp is stamped once, at creation, in the client's own zone), every entry goes on the wire as
 * XroadVnpt-<name>, sign-header-key lists the bare names, sign-header is the JSON of the prefixed names,
 * hash-header the HMAC-SHA256 of that JSON. It deliberately shares no code with signing.ts.
 */
export class OfficialClientWire {
  readonly map = new Map<string, string>();

  constructor(
    readonly endpoint: string,
    readonly systemId: string,
    readonly secret: string,
    /** The client's clock and zone offset in minutes (0: a client in UTC). */
    stampedAt: Date = new Date(),
    zoneOffsetMinutes = 420,
  ) {
    this.map.set('systemid', systemId);
    this.map.set('timestamp', stamp(stampedAt, zoneOffsetMinutes));
  }

  /** The headers the client would send now, after setting these (kept for every later call). */
  headers(set: Record<string, string>): Record<string, string> {
    for (const [k, v] of Object.entries(set)) this.map.set(k, v);
    const keys = [...this.map.keys()];
    const json =
      '{' + keys.map((k) => `${JSON.stringify('XroadVnpt-' + k)}:${JSON.stringify(this.map.get(k))}`).join(',') + '}';
    const out: Record<string, string> = {};
    for (const k of keys) out['XroadVnpt-' + k] = this.map.get(k)!;
    out['XroadVnpt-sign-header-key'] = keys.join(';');
    out['XroadVnpt-sign-header'] = json;
    out['XroadVnpt-hash-header'] = createHmac('sha256', Buffer.from(this.secret, 'utf8'))
      .update(Buffer.from(json, 'utf8'))
      .digest('hex');
    out['XroadVnpt-version'] = '3.0.201608';
    out['User-Agent'] = 'JAVASDKAgent/1.0.0 XRoad/VPCP';
    if (this.map.has('Content-Type')) out['Content-Type'] = this.map.get('Content-Type')!;
    return out;
  }

  /** POST {endpoint}/<call> with these header entries and this exact body. */
  post(call: string, set: Record<string, string>, body: Buffer | string): Promise<WireAnswer> {
    return send(
      this.endpoint + '/' + call,
      'POST',
      this.headers(set),
      typeof body === 'string' ? Buffer.from(body) : body,
    );
  }

  get(call: string, set: Record<string, string>): Promise<WireAnswer> {
    return send(this.endpoint + '/' + call, 'GET', this.headers(set), null);
  }

  /** sendEdoc as 2.0.x sends it: the raw file plus CRLF, hash-file of the file. */
  sendEdoc(file: Buffer, set: { from: string; messagetype: string; to?: string }): Promise<WireAnswer> {
    return this.post(
      'sendEdoc',
      { 'Content-Type': 'application/octet-stream', servicetype: 'eDoc', ...set, 'hash-file': sha256(file) },
      Buffer.concat([file, Buffer.from('\r\n')]),
    );
  }
}

export interface WireAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  json: () => Record<string, unknown>;
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** `ddMMyyyy'T'HHmmss+SSSS` in a zone `offset` minutes east of UTC. */
export function stamp(d: Date, offsetMinutes: number): string {
  const v = new Date(d.getTime() + offsetMinutes * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(v.getUTCDate())}${p(v.getUTCMonth() + 1)}${p(v.getUTCFullYear(), 4)}T${p(v.getUTCHours())}${p(v.getUTCMinutes())}${p(v.getUTCSeconds())}+${p(v.getUTCMilliseconds(), 4)}`;
}

/** One HTTP request with exactly these headers and body (Content-Length set, even 0). */
export function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | null,
): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const h: Record<string, string> = { ...headers };
    if (body) h['Content-Length'] = String(body.length);
    const req = http.request(url, { method, headers: h }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const b = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: b,
          json: () => JSON.parse(b.toString('utf8')) as Record<string, unknown>,
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}
