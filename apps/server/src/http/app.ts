import Fastify, {
  type FastifyInstance,
  type FastifyError,
  type FastifyBaseLogger,
  type RawServerDefault,
  type RawRequestDefaultExpression,
  type RawReplyDefaultExpression,
} from 'fastify';
import './zod-vi';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fs from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  hasZodFastifySchemaValidationErrors,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Deps } from '../deps';
import { AppError } from './errors';
import { SESSION_COOKIE, principalFromApiToken, principalFromSession } from '../modules/auth/auth.service';
import { healthRoutes } from './health.routes';
import { routeModules } from '../modules/registry';

export type App = FastifyInstance;
export type ZApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
export type RouteModule = (app: ZApp, deps: Deps) => void | Promise<void>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CSRF_EXEMPT = new Set(['/api/auth/login']);

export async function buildApp(deps: Deps, extraModules: RouteModule[] = []): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // X-Forwarded-For is believed only from the configured proxies (TRUST_PROXY); by default from nobody.
    trustProxy: deps.config.trustProxy.length ? deps.config.trustProxy : false,
    bodyLimit: 2 * 1024 * 1024,
    // One line per request, written by the onResponse hook below (quiet for health checks and hub polling).
    disableRequestLogging: true,
    // The router's own refusals (a path parameter over 100 characters, a malformed URL) answer like every other
    // error: a stable code and a Vietnamese message.
    frameworkErrors: (err, _req, res) => {
      const reply = res as unknown as { status: (n: number) => { send: (b: unknown) => unknown } };
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void reply.status(tooLong ? 414 : 400).send({
        code: tooLong ? 'http.param_too_long' : 'http.bad_url',
        message: tooLong ? 'Tham số trên đường dẫn quá dài.' : 'Địa chỉ yêu cầu không hợp lệ.',
      });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  // Security headers on every response (HTML and API): CSP, nosniff, framing only by the app itself (its PDF
  // viewer frames /api/files), no referrer to other sites; HSTS only when cookies are Secure (served over HTTPS).
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // The browser talks to the user's own signing agent (vanthu-signer, USB token) on loopback, any port.
        connectSrc: [
          "'self'",
          'http://127.0.0.1:*',
          'http://localhost:*',
          'https://127.0.0.1:*',
          'https://localhost:*',
        ],
        frameSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    frameguard: { action: 'sameorigin' },
    referrerPolicy: { policy: 'same-origin' },
    hsts: deps.config.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(multipart, {
    limits: { fileSize: deps.config.uploadMaxBytes, files: 20, fields: 50, fieldSize: 64 * 1024 },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'vanthu API',
        version: '0.1.0',
        description:
          'API của hệ thống quản lý văn bản và hồ sơ vanthu. Lỗi trả về dạng {code, message}: code ổn định để tích hợp, message tiếng Việt.',
      },
      components: {
        securitySchemes: {
          cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearerAuth: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ cookieAuth: [] }, { bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('principal', null);
  // Access log: one line per request with who and how long; health probes and the demo hub's polling (every
  // 2 s per organ) only at debug level, so an operator's log shows what people do.
  app.addHook('onResponse', async (req, reply) => {
    // Quiet (debug): health checks, hub polling, and the web app's own pages and assets when served fine.
    const isStatic =
      req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/vxp/') && reply.statusCode < 400;
    const quiet =
      req.url === '/healthz' ||
      req.url === '/readyz' ||
      isStatic ||
      (req.url.startsWith('/vxp/') && reply.statusCode < 400);
    const line = {
      method: req.method,
      url: req.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      user: req.principal?.username,
      ip: req.ip,
    };
    if (quiet) req.log.debug(line, 'request');
    else if (reply.statusCode >= 500) req.log.error(line, 'request');
    else req.log.info(line, 'request');
  });
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      req.principal = await principalFromApiToken(deps, auth.slice(7).trim());
      if (!req.principal)
        throw new AppError('auth.invalid_token', 401, 'Mã truy cập API không hợp lệ hoặc đã bị thu hồi.');
      return;
    }
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) req.principal = await principalFromSession(deps, sid);
    if (req.principal && !SAFE_METHODS.has(req.method) && !CSRF_EXEMPT.has(req.routeOptions.url ?? req.url)) {
      const sent = String(req.headers['x-csrf-token'] ?? '');
      const expected = req.principal.csrfToken ?? '';
      if (!sent || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
        throw new AppError(
          'auth.csrf',
          403,
          'Yêu cầu bị từ chối (thiếu hoặc sai mã chống giả mạo CSRF). Hãy tải lại trang.',
        );
      }
    }
  });

  // A NUL character can be stored in no PostgreSQL text column: refused at the edge, wherever it hides.
  app.addHook('preValidation', async (req) => {
    if (hasNul(req.params) || hasNul(req.query) || hasNul(req.body)) {
      throw new AppError(
        'validation.control_character',
        400,
        'Dữ liệu không hợp lệ: có ký tự điều khiển NUL (\\u0000).',
      );
    }
  });

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      // an error of a streamed body before its first byte (blobs.damaged) finds the file's headers already set
      if (!String(reply.getHeader('content-type') ?? 'json').includes('json')) {
        reply.removeHeader('content-disposition');
        reply.type('application/json; charset=utf-8');
      }
      return reply
        .status(err.status)
        .send({ code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(v.params?.issue ?? ''),
        message: v.message,
      }));
      return reply.status(400).send({
        code: 'validation.failed',
        message: 'Dữ liệu không hợp lệ: ' + fields.map((f) => `${f.path || 'body'} — ${f.message}`).join('; '),
        details: { fields },
      });
    }
    if (err.code === 'FST_REQ_FILE_TOO_LARGE')
      return reply.status(413).send({ code: 'blobs.too_large', message: 'Tệp vượt quá dung lượng cho phép.' });
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply
        .status(415)
        .send({ code: 'http.unsupported_media_type', message: 'Kiểu nội dung không được hỗ trợ.' });
    if (
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      (err.statusCode === 400 && err.code?.startsWith('FST_'))
    ) {
      return reply.status(400).send({ code: 'http.bad_request', message: 'Yêu cầu không hợp lệ: ' + err.message });
    }
    if (err.statusCode === 413) return reply.status(413).send({ code: 'http.too_large', message: 'Yêu cầu quá lớn.' });
    // Last line of defence for what the edge did not catch: two requests racing past a module's duplicate check
    // meet the unique index (409), a value PostgreSQL refuses is the caller's (400). Logged, as they point at a
    // missing check.
    const pgCode = pgErrorCode(err);
    if (pgCode === '23505') {
      req.log.warn({ err }, 'unique violation at the edge');
      return reply.status(409).send({
        code: 'http.conflict',
        message: 'Dữ liệu trùng với một mục đã có hoặc vừa được tạo đồng thời. Hãy tải lại và thử lại.',
      });
    }
    if (pgCode?.startsWith('22')) {
      req.log.warn({ err }, 'data exception at the edge');
      return reply.status(400).send({
        code: 'validation.value',
        message: 'Dữ liệu không hợp lệ (giá trị nằm ngoài phạm vi cho phép hoặc sai định dạng).',
      });
    }
    req.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ code: 'internal', message: 'Lỗi hệ thống. Vui lòng thử lại hoặc báo quản trị viên.' });
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  await healthRoutes(api as unknown as ZApp, deps);
  for (const mod of [...routeModules, ...extraModules]) {
    await api.register(async (scope) => mod(scope.withTypeProvider<ZodTypeProvider>() as unknown as ZApp, deps));
  }
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const dist = deps.config.webDist;
  const index = path.join(dist, 'index.html');
  if (fs.existsSync(index)) {
    await app.register(fastifyStatic, { root: dist, wildcard: false, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && fs.existsSync(index)) {
      return reply.type('text/html; charset=utf-8').send(fs.createReadStream(index));
    }
    return reply.status(404).send({ code: 'http.not_found', message: 'Không tìm thấy địa chỉ yêu cầu.' });
  });
  return app as unknown as FastifyInstance;
}

/** A PostgreSQL error (node-postgres DatabaseError): its SQLSTATE. */
function pgErrorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; severity?: unknown };
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string'
    ? e.code
    : undefined;
}

function hasNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (v === null || typeof v !== 'object' || depth > 64) return false;
  if (Array.isArray(v)) return v.some((x) => hasNul(x, depth + 1));
  for (const [k, x] of Object.entries(v)) if (k.includes('\u0000') || hasNul(x, depth + 1)) return true;
  return false;
}
