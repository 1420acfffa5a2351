import { randomBytes } from 'node:crypto';
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
  docId: string;
  receiverDocId: string;
  toCode: string;
  receiveStatus: string;
  sendStatus: string;
  [extra: string]: unknown;
}

export interface AgencyInfo {
  code: string;
  name: string;
  parentCode?: string | null;
  address?: string | null;
  email?: string | null;
  telephone?: string | null;
  website?: string | null;
  [extra: string]: unknown;
}

function parseEnvelope(text: string, httpStatus: number): Envelope {
  try {
    const env: unknown = JSON.parse(text);
    if (env && typeof env === 'object' && !Array.isArray(env)) return env as Envelope;
  } catch {
    // reported below
  }
  throw new HubClientError('hub.client_bad_response', `Trục liên thông trả về nội dung không phải JSON (HTTP ${httpStatus})`, httpStatus);
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

  /** Sends a package: a Buffer, a Readable, or a file path (streamed). Returns the hub's DocId. */
  async sendEdoc(
    body: Buffer | Readable | string,
    o: { from: string; messageType: EdocMessageType; to?: string[] },
  ): Promise<{ docId: string; duplicate: boolean }> {
    const boundary = '----vanthu' + randomBytes(12).toString('hex');
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file_doc"; filename="edoc.edxml"\r\n` +
        'Content-Type: application/xml\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const business: Record<string, string> = { from: o.from, servicetype: 'eDoc', messagetype: o.messageType };
    if (o.to) business.to = JSON.stringify(o.to);
    const headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    let payload: Buffer[] | Readable;
    if (Buffer.isBuffer(body)) {
      payload = [head, body, tail];
    } else {
      const source = typeof body === 'string' ? fs.createReadStream(body) : body;
      if (typeof body === 'string') headers['content-length'] = String(head.length + (await fs.promises.stat(body)).size + tail.length);
      payload = Readable.from(
        (async function* () {
          yield head;
          for await (const chunk of source) yield chunk as Buffer;
          yield tail;
        })(),
      );
    }
    const env = await this.call('/sendEdoc', business, { body: payload, headers });
    return { docId: String(env.DocId), duplicate: env.duplicate === true };
  }

  async getReceivedEdocList(o: { messageType?: EdocMessageType; from?: string; limit?: number } = {}): Promise<ReceivedEdoc[]> {
    const business: Record<string, string> = { servicetype: 'eDoc' };
    if (o.messageType) business.messagetype = o.messageType;
    if (o.from) business.from = o.from;
    if (o.limit) business.limit = String(o.limit);
    const env = await this.call('/getReceivedEdocList', business);
    return (env.data ?? []) as ReceivedEdoc[];
  }

  /** The package as the SDK returns it (base64 in JSON), decoded. */
  async getEdoc(docId: string, o: { from?: string } = {}): Promise<Buffer> {
    const res = await this.request('POST', '/getEdoc', { docid: docId, ...(o.from ? { from: o.from } : {}) });
    const raw = await readAll(res.body);
    const split = splitDataField(raw);
    if (split && split.envelope.status === 'OK') return split.data;
    const env = this.checkEnvelope(parseEnvelope(raw.toString('utf8'), res.status), res.status);
    return Buffer.from(String(env.data ?? ''), 'base64');
  }

  /** Our hub's extension for large packages: the raw bytes as a stream (GET /edoc/:docId/raw). */
  async getEdocStream(docId: string, o: { from?: string } = {}): Promise<Readable> {
    const res = await this.request('GET', `/edoc/${encodeURIComponent(docId)}/raw`, o.from ? { from: o.from } : {});
    if (res.status !== 200 || res.contentType.startsWith('application/json')) {
      await this.envelope(res);
      throw new HubClientError('hub.client_bad_response', `Trục liên thông trả về HTTP ${res.status}`, res.status);
    }
    return res.body;
  }

  async updateStatus(docId: string, status: TransportStatus, o: { from?: string } = {}): Promise<void> {
    await this.call('/updateStatus', { docid: docId, status, ...(o.from ? { from: o.from } : {}) });
  }

  async getSentEdocList(o: { docId?: string; messageType?: EdocMessageType; from?: string; limit?: number } = {}): Promise<SentEdoc[]> {
    const business: Record<string, string> = { servicetype: 'eDoc' };
    if (o.docId) business.docid = o.docId;
    if (o.messageType) business.messagetype = o.messageType;
    if (o.from) business.from = o.from;
    if (o.limit) business.limit = String(o.limit);
    const env = await this.call('/getSentEdocList', business);
    return (env.data ?? []) as SentEdoc[];
  }

  async getAgenciesList(): Promise<AgencyInfo[]> {
    const env = await this.call('/getAgenciesList', {});
    return (env.data ?? []) as AgencyInfo[];
  }

  async registerAgency(agency: AgencyInfo): Promise<void> {
    await this.call('/registerAgency', {}, { body: Buffer.from(JSON.stringify(agency)), headers: { 'content-type': 'application/json' } });
  }

  async deleteAgency(code: string): Promise<void> {
    await this.call('/deleteAgency', { code });
  }

  private async call(
    path: string,
    business: Record<string, string>,
    extra: { body?: Buffer | Buffer[] | Readable; headers?: Record<string, string> } = {},
  ): Promise<Envelope> {
    return this.envelope(await this.request('POST', path, business, extra));
  }

  private async request(
    method: string,
    path: string,
    business: Record<string, string>,
    extra: { body?: Buffer | Buffer[] | Readable; headers?: Record<string, string> } = {},
  ): Promise<TransportResponse> {
    const headers = {
      ...signedHeaders({ systemId: this.opts.systemId, secret: this.opts.secret, business, now: this.clock() }),
      ...extra.headers,
    };
    return this.transport({ method, url: this.base + path, headers, body: extra.body });
  }

  private async envelope(res: TransportResponse): Promise<Envelope> {
    return this.checkEnvelope(parseEnvelope((await readAll(res.body)).toString('utf8'), res.status), res.status);
  }

  private checkEnvelope(env: Envelope, httpStatus: number): Envelope {
    if (env.status !== 'OK') {
      throw new HubClientError(String(env.ErrorCode ?? 'hub.unknown'), String(env.ErrorDesc ?? 'Lỗi không xác định'), httpStatus);
    }
    return env;
  }
}
