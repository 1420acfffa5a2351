import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { splitDataField } from './client-json';
import { fetchTransport, httpTransport, readAll, type Transport, type TransportResponse } from './client-transport';
import { signedHeaders } from './signing';

export interface HubClientOptions {
  /** Base URL of the hub (ours: http://host:3100 or …/vxp; the national hub: the adapter's endpoint). */
  endpoint: string;
  systemId: string;
  secret: string;
  /** Use this fetch instead of node:http (which is the default, being cheaper for large bodies). */
  fetch?: typeof fetch;
  clock?: () => Date;
}

export type EdocMessageType = 'edoc' | 'status';
export type TransportStatus = 'done' | 'fail' | 'processing';

export interface ReceivedEdoc {
  docId: string;
  serviceType: string;
  messageType: EdocMessageType;
  created_time: string;
  updated_time: string;
  from: string;
  to: string;
  status: string;
  status_desc: string;
  [extra: string]: unknown;
}

export interface SentEdoc {
  senderDocId: string;
  /** Same as senderDocId (our hub's older name). */
  docId?: string;
  receiverDocId: string;
  fromCode: string;
  title?: string;
  notation?: string;
  sentTime?: string;
  receivedTime?: string | null;
  toCode: string;
  receiveStatus: string;
  sendStatus: string;
  [extra: string]: unknown;
}

export interface AgencyInfo {
  code: string;
  name: string;
  id?: number;
  pid?: number | null;
  pcode?: string | null;
  mail?: string | null;
  mobile?: string | null;
  fax?: string | null;
  oldCode?: string | null;
  code102?: string | null;
  parentCode?: string | null;
  address?: string | null;
  email?: string | null;
  telephone?: string | null;
  website?: string | null;
  [extra: string]: unknown;
}

const CRLF = Buffer.from('\r\n');

interface RequestExtra {
  body?: Buffer | Buffer[] | Readable;
  headers?: Record<string, string>;
  contentType?: string;
  /** Content-Type application/json with an empty body (Content-Length 0), as the official list calls. */
  empty?: boolean;
}

const JSON_EMPTY_OBJECT: RequestExtra = { body: Buffer.from('{}'), contentType: 'application/json' };

function parseEnvelope(text: string, httpStatus: number): Envelope {
  try {
    const env: unknown = JSON.parse(text);
    if (env && typeof env === 'object' && !Array.isArray(env)) return env as Envelope;
  } catch {
    // reported below
  }
  throw new HubClientError(
    'hub.client_bad_response',
    `Trục liên thông trả về nội dung không phải JSON (HTTP ${httpStatus})`,
    httpStatus,
  );
}

/** A FAIL answer of the hub, with its stable ErrorCode. */
export class HubClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = 'HubClientError';
  }
}

interface Envelope {
  status?: string;
  ErrorCode?: string;
  ErrorDesc?: string;
  [k: string]: unknown;
}

/**
 * Client of the VXP transport (exchange.md §4): our hub, or the national one through its adapter.
 * Every call carries the XroadVnpt header scheme signed with the system's secret.
 */
export class HubClient {
  private readonly base: string;
  private readonly transport: Transport;
  private readonly clock: () => Date;

  constructor(private readonly opts: HubClientOptions) {
    this.base = opts.endpoint.replace(/\/+$/, '');
    this.transport = opts.fetch ? fetchTransport(opts.fetch) : httpTransport();
    this.clock = opts.clock ?? (() => new Date());
  }

  /**
   * Sends a package as the official client 2.0.x does: the raw .edxml (application/octet-stream)
   * followed by CRLF, with the signed hash-file = hex SHA-256 of the file. A Buffer, a Readable (read
   * into memory: the digest must be known before the first byte goes out) or a file path (hashed, then
   * streamed).
   */
  async sendEdoc(
    body: Buffer | Readable | string,
    o: { from: string; messageType: EdocMessageType; to?: string[] },
  ): Promise<{ docId: string; duplicate: boolean }> {
    let payload: Buffer[] | Readable;
    let sha256: string;
    const headers: Record<string, string> = {};
    if (typeof body === 'string') {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of fs.createReadStream(body, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
      }
      sha256 = hash.digest('hex');
      headers['content-length'] = String(size + CRLF.length);
      const path = body;
      payload = Readable.from(
        (async function* () {
          for await (const chunk of fs.createReadStream(path, { highWaterMark: 1024 * 1024 })) yield chunk as Buffer;
          yield CRLF;
        })(),
      );
    } else {
      const buf = Buffer.isBuffer(body) ? body : await readAll(body);
      sha256 = createHash('sha256').update(buf).digest('hex');
      payload = [buf, CRLF];
    }
    const business: Record<string, string> = {
      from: o.from,
      servicetype: 'eDoc',
      messagetype: o.messageType,
      'hash-file': sha256,
    };
    if (o.to) business.to = JSON.stringify(o.to);
    const env = await this.call('/sendEdoc', business, {
      body: payload,
      headers,
      contentType: 'application/octet-stream',
    });
    return { docId: String(env.DocId), duplicate: env.duplicate === true };
  }

  async getReceivedEdocList(
    o: { messageType?: EdocMessageType; from?: string; limit?: number } = {},
  ): Promise<ReceivedEdoc[]> {
    const business: Record<string, string> = { servicetype: 'eDoc' };
    if (o.messageType) business.messagetype = o.messageType;
    if (o.from) business.from = o.from;
    if (o.limit) business.limit = String(o.limit);
    const env = await this.call('/getReceivedEdocList', business, { empty: true });
    return (env.data ?? []) as ReceivedEdoc[];
  }

  /** countReceiveEdoc / countReceiveStatus: how many packages of that type wait. */
  async countReceived(messageType: EdocMessageType, o: { from?: string } = {}): Promise<number> {
    const env = await this.call(
      messageType === 'edoc' ? '/countReceiveEdoc' : '/countReceiveStatus',
      { servicetype: 'eDoc', ...(o.from ? { from: o.from } : {}) },
      { empty: true },
    );
    return Number(env.count ?? 0);
  }

  /** The package as the SDK returns it (base64 in JSON), decoded. */
  async getEdoc(docId: string, o: { from?: string } = {}): Promise<Buffer> {
    const res = await this.request('POST', '/getEdoc', this.fetchHeaders(docId, o.from), JSON_EMPTY_OBJECT);
    const raw = await readAll(res.body);
    const split = splitDataField(raw);
    if (split && split.envelope.status === 'OK') return split.data;
    const env = this.checkEnvelope(parseEnvelope(raw.toString('utf8'), res.status), res.status);
    return Buffer.from(String(env.data ?? ''), 'base64');
  }

  /** The raw bytes as a stream: the official `GET downloadEdoc` (header docId). */
  async getEdocStream(docId: string, o: { from?: string } = {}): Promise<Readable> {
    const res = await this.request('GET', '/downloadEdoc', this.fetchHeaders(docId, o.from), {
      contentType: 'application/json',
    });
    if (res.status !== 200 || res.contentType.startsWith('application/json')) {
      await this.envelope(res);
      throw new HubClientError('hub.client_bad_response', `Trục liên thông trả về HTTP ${res.status}`, res.status);
    }
    return res.body;
  }

  async updateStatus(docId: string, status: TransportStatus, o: { from?: string } = {}): Promise<void> {
    await this.call('/updateStatus', { docId, status, ...(o.from ? { from: o.from } : {}) }, JSON_EMPTY_OBJECT);
  }

  async getSentEdocList(
    o: { docId?: string; messageType?: EdocMessageType; from?: string; limit?: number } = {},
  ): Promise<SentEdoc[]> {
    const business: Record<string, string> = { servicetype: 'eDoc' };
    if (o.docId) business.docId = o.docId;
    if (o.messageType) business.messagetype = o.messageType;
    if (o.from) business.from = o.from;
    if (o.limit) business.limit = String(o.limit);
    const env = await this.call('/getSentEdocList', business, { empty: true });
    return (env.data ?? []) as SentEdoc[];
  }

  async getAgenciesList(): Promise<AgencyInfo[]> {
    const env = await this.call('/getAgenciesList', {}, { empty: true });
    return (env.data ?? []) as AgencyInfo[];
  }

  /** registerAgency with the official client's fields: {code, pcode, name, mail, mobile, fax}. */
  async registerAgency(agency: AgencyInfo): Promise<void> {
    const body: Record<string, string> = { code: agency.code, name: agency.name };
    const pcode = agency.pcode ?? agency.parentCode;
    const mail = agency.mail ?? agency.email;
    if (typeof pcode === 'string') body.pcode = pcode;
    if (typeof mail === 'string') body.mail = mail;
    for (const k of ['mobile', 'fax'] as const) if (typeof agency[k] === 'string') body[k] = agency[k] as string;
    await this.call(
      '/registerAgency',
      {},
      { body: Buffer.from(JSON.stringify(body)), contentType: 'application/json' },
    );
  }

  async deleteAgency(code: string): Promise<void> {
    await this.call('/deleteAgency', { AgencyCode: code }, JSON_EMPTY_OBJECT);
  }

  /** Hub administration (an admin system only): the registered systems, without their secrets. */
  async listSystems(): Promise<
    { systemId: string; name: string; isAdmin: boolean; organs: string[]; createdAt: string }[]
  > {
    const env = this.checkEnvelope(await this.json(await this.request('GET', '/admin/systems', {})), 0);
    return (env.data ?? []) as {
      systemId: string;
      name: string;
      isAdmin: boolean;
      organs: string[];
      createdAt: string;
    }[];
  }

  /** Registers or updates an agency's system: its secret and exactly the organ codes it speaks for. */
  async saveSystem(spec: {
    systemId: string;
    secret: string;
    organs: string[];
    name?: string;
    isAdmin?: boolean;
  }): Promise<void> {
    const { systemId, ...body } = spec;
    await this.envelope(
      await this.request(
        'PUT',
        `/admin/systems/${encodeURIComponent(systemId)}`,
        {},
        { body: Buffer.from(JSON.stringify(body)), contentType: 'application/json' },
      ),
    );
  }

  async deleteSystem(systemId: string): Promise<void> {
    await this.envelope(await this.request('DELETE', `/admin/systems/${encodeURIComponent(systemId)}`, {}));
  }

  private async json(res: TransportResponse): Promise<Envelope> {
    return parseEnvelope((await readAll(res.body)).toString('utf8'), res.status);
  }

  private fetchHeaders(docId: string, from?: string): Record<string, string> {
    return { docId, filePath: `${docId}.edxml`, ...(from ? { from } : {}) };
  }

  private async call(path: string, business: Record<string, string>, extra: RequestExtra = {}): Promise<Envelope> {
    return this.envelope(await this.request('POST', path, business, extra));
  }

  /**
   * One signed request: a fresh timestamp each time (as a new official client object would stamp), the
   * header map ordered and signed as the official client does (signing.ts).
   */
  private async request(
    method: string,
    path: string,
    business: Record<string, string>,
    extra: RequestExtra = {},
  ): Promise<TransportResponse> {
    const contentType = extra.contentType ?? 'application/json';
    const headers = {
      ...signedHeaders({
        systemId: this.opts.systemId,
        secret: this.opts.secret,
        business,
        contentType,
        now: this.clock(),
      }),
      ...extra.headers,
    };
    const body = extra.empty ? undefined : extra.body;
    return this.transport({ method, url: this.base + path, headers, body });
  }

  private async envelope(res: TransportResponse): Promise<Envelope> {
    return this.checkEnvelope(parseEnvelope((await readAll(res.body)).toString('utf8'), res.status), res.status);
  }

  private checkEnvelope(env: Envelope, httpStatus: number): Envelope {
    if (env.status !== 'OK') {
      throw new HubClientError(
        String(env.ErrorCode ?? 'hub.unknown'),
        String(env.ErrorDesc ?? 'Lỗi không xác định'),
        httpStatus,
      );
    }
    return env;
  }
}
