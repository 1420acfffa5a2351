/**
 * The agent's HTTP server: 127.0.0.1 only, CORS for an allow-list of origins (others 403), no cookies.
 *   GET  /v1/certificate → { certificate, chain, keyAlgorithm, subject }   (base64 DER)
 *   POST /v1/sign { toBeSigned, digestAlgorithm } → { signature }          (base64)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { X509Certificate } from 'node:crypto';
import type { Signer } from '@vanthu/pades';

export interface AgentOptions {
  signer: Signer;
  allowOrigins: string[];
  /** Asks the holder whether to sign (terminal prompt, or auto-approve in tests). */
  approve: (what: { subject: string; origin: string; bytes: number }) => Promise<boolean>;
  log?: (line: string) => void;
}

const MAX_BODY = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const err = (code: string, message: string) => ({ code, message });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new Error('too_large');
    chunks.push(c as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export function createAgent(o: AgentOptions): Server {
  const allowed = new Set(o.allowOrigins.map((x) => x.replace(/\/$/, '')));
  return createServer(async (req, res) => {
    const origin = req.headers.origin;
    // A browser always sends Origin on cross-origin fetches; pages not on the allow-list are refused.
    if (origin !== undefined && !allowed.has(origin))
      return send(res, 403, err('agent.origin_forbidden', `Trang ${origin} không được phép dùng vanthu-signer.`));
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'content-type',
        'access-control-allow-private-network': 'true',
        'access-control-max-age': '600',
      });
      return res.end();
    }
    try {
      if (req.method === 'GET' && url.pathname === '/v1/certificate') {
        const cert = await o.signer.certificate();
        return send(res, 200, {
          certificate: Buffer.from(cert).toString('base64'),
          chain: (await o.signer.chain()).map((c) => Buffer.from(c).toString('base64')),
          keyAlgorithm: o.signer.keyAlgorithm,
          subject: new X509Certificate(cert).subject,
        });
      }
      if (req.method === 'POST' && url.pathname === '/v1/sign') {
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
          return send(res, 415, err('agent.bad_request', 'Yêu cầu phải là JSON.'));
        const body = (await readJson(req)) as { toBeSigned?: unknown; digestAlgorithm?: unknown };
        if (typeof body.toBeSigned !== 'string' || !/^[A-Za-z0-9+/=]+$/.test(body.toBeSigned))
          return send(res, 400, err('agent.bad_request', 'Thiếu dữ liệu cần ký (toBeSigned).'));
        if (body.digestAlgorithm !== undefined && body.digestAlgorithm !== 'SHA-256')
          return send(res, 400, err('agent.digest_unsupported', 'Chỉ hỗ trợ SHA-256.'));
        const data = new Uint8Array(Buffer.from(body.toBeSigned, 'base64'));
        // Signed attributes are a DER SET OF (tag 0x31): never sign arbitrary bytes.
        if (data[0] !== 0x31 || data.length < 32)
          return send(res, 400, err('agent.bad_request', 'Dữ liệu cần ký không phải thuộc tính ký CMS.'));
        const subject = new X509Certificate(await o.signer.certificate()).subject;
        const ok = await o.approve({ subject, origin: origin ?? '(không rõ)', bytes: data.length });
        if (!ok) return send(res, 403, err('agent.refused', 'Người dùng đã từ chối ký.'));
        const signature = await o.signer.sign(data);
        o.log?.(`signed ${data.length} bytes for ${origin ?? '-'}`);
        return send(res, 200, { signature: Buffer.from(signature).toString('base64') });
      }
      return send(res, 404, err('agent.not_found', 'Không có chức năng này.'));
    } catch (e) {
      if (e instanceof SyntaxError || (e instanceof Error && e.message === 'too_large'))
        return send(res, 400, err('agent.bad_request', 'Yêu cầu không hợp lệ.'));
      return send(res, 500, err('agent.sign_failed', `Không ký được: ${e instanceof Error ? e.message : String(e)}`));
    }
  });
}
